// Package theme owns the console's colours: a semantic palette (Theme) and
// the one Styles struct built from it for a given lipgloss renderer, so each
// SSH session or terminal gets styles matching its own colour profile.
package theme

import (
	"fmt"
	"os"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Theme is a semantic palette: colours are named for what they mean, not
// for how they look, so views never pick raw colours themselves.
type Theme struct {
	// Name is "dark", "light" or "auto".
	Name string
	// Chroma names the chroma style used for syntax highlighting; empty
	// means "pick from the terminal background" (the auto theme).
	Chroma string

	// The colours, each named for its role.
	Text          lipgloss.TerminalColor
	Primary       lipgloss.TerminalColor
	Secondary     lipgloss.TerminalColor
	Muted         lipgloss.TerminalColor
	Surface       lipgloss.TerminalColor // background of bars (header, status line)
	Border        lipgloss.TerminalColor
	BorderFocused lipgloss.TerminalColor
	Success       lipgloss.TerminalColor
	Warning       lipgloss.TerminalColor
	Error         lipgloss.TerminalColor
	Info          lipgloss.TerminalColor
	Debug         lipgloss.TerminalColor
	Selection     lipgloss.TerminalColor // background of the selected row
	SelectionText lipgloss.TerminalColor
	Badge         lipgloss.TerminalColor // background of badges such as DEMO HOST
	BadgeText     lipgloss.TerminalColor
	Match         lipgloss.TerminalColor // background of search matches
	MatchCurrent  lipgloss.TerminalColor // background of the current search match
	MatchText     lipgloss.TerminalColor
}

// palette holds one variant's colours as hex strings, so the auto theme can
// pair the dark and light variants into adaptive colours.
type palette struct {
	text, primary, secondary, muted, surface, border, borderFocused string
	success, warning, error, info, debug, selection, selectionText  string
	badge, badgeText, match, matchCurrent, matchText, chroma, name  string
}

func darkPalette() palette {
	return palette{
		name: "dark", chroma: "monokai",
		text: "#E4E4E7", primary: "#A78BFA", secondary: "#67E8F9", muted: "#8B8D98",
		surface: "#262733", border: "#4B4D5C", borderFocused: "#A78BFA",
		success: "#4ADE80", warning: "#FBBF24", error: "#F87171", info: "#60A5FA", debug: "#7C7F8C",
		selection: "#3F3670", selectionText: "#FFFFFF",
		badge: "#F59E0B", badgeText: "#1C1917",
		match: "#FDE047", matchCurrent: "#FB923C", matchText: "#111111",
	}
}

func lightPalette() palette {
	return palette{
		name: "light", chroma: "github",
		text: "#1F2328", primary: "#6D28D9", secondary: "#0E7490", muted: "#6E7781",
		surface: "#EAEEF2", border: "#C4CBD3", borderFocused: "#6D28D9",
		success: "#1A7F37", warning: "#9A6700", error: "#CF222E", info: "#0969DA", debug: "#8C959F",
		selection: "#DDD6FE", selectionText: "#1F2328",
		badge: "#BF8700", badgeText: "#FFFFFF",
		match: "#FFF176", matchCurrent: "#FFB36B", matchText: "#1F2328",
	}
}

func (p palette) theme() Theme {
	c := func(s string) lipgloss.TerminalColor { return lipgloss.Color(s) }
	return Theme{
		Name: p.name, Chroma: p.chroma,
		Text: c(p.text), Primary: c(p.primary), Secondary: c(p.secondary), Muted: c(p.muted),
		Surface: c(p.surface), Border: c(p.border), BorderFocused: c(p.borderFocused),
		Success: c(p.success), Warning: c(p.warning), Error: c(p.error), Info: c(p.info), Debug: c(p.debug),
		Selection: c(p.selection), SelectionText: c(p.selectionText),
		Badge: c(p.badge), BadgeText: c(p.badgeText),
		Match: c(p.match), MatchCurrent: c(p.matchCurrent), MatchText: c(p.matchText),
	}
}

// Dark returns the palette for dark terminal backgrounds.
func Dark() Theme { return darkPalette().theme() }

// Light returns the palette for light terminal backgrounds.
func Light() Theme { return lightPalette().theme() }

// Auto returns a palette whose colours follow the renderer's background
// (lipgloss adaptive colours), for when the operator did not pick one.
func Auto() Theme {
	d, l := darkPalette(), lightPalette()
	a := func(dark, light string) lipgloss.TerminalColor {
		return lipgloss.AdaptiveColor{Dark: dark, Light: light}
	}
	return Theme{
		Name: "auto",
		Text: a(d.text, l.text), Primary: a(d.primary, l.primary), Secondary: a(d.secondary, l.secondary),
		Muted: a(d.muted, l.muted), Surface: a(d.surface, l.surface), Border: a(d.border, l.border),
		BorderFocused: a(d.borderFocused, l.borderFocused),
		Success:       a(d.success, l.success), Warning: a(d.warning, l.warning), Error: a(d.error, l.error),
		Info: a(d.info, l.info), Debug: a(d.debug, l.debug),
		Selection: a(d.selection, l.selection), SelectionText: a(d.selectionText, l.selectionText),
		Badge: a(d.badge, l.badge), BadgeText: a(d.badgeText, l.badgeText),
		Match: a(d.match, l.match), MatchCurrent: a(d.matchCurrent, l.matchCurrent), MatchText: a(d.matchText, l.matchText),
	}
}

// Names lists the theme names ByName accepts.
func Names() []string { return []string{"auto", "dark", "light"} }

// ByName returns the theme called name ("auto", "dark" or "light",
// case-insensitive); an empty name means "auto".
func ByName(name string) (Theme, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "auto":
		return Auto(), nil
	case "dark":
		return Dark(), nil
	case "light":
		return Light(), nil
	}
	return Theme{}, fmt.Errorf("unknown theme %q: use one of %s", name, strings.Join(Names(), ", "))
}

// NoColor reports whether this process's environment asks for no colour
// (NO_COLOR set to a non-empty value, https://no-color.org). Renderers built
// by lipgloss already honour it; this is for output that bypasses them.
func NoColor() bool { return os.Getenv("NO_COLOR") != "" }

// ChromaStyleFor returns the chroma style name that matches t on a terminal
// whose background is dark (or not).
func (t Theme) ChromaStyleFor(darkBackground bool) string {
	if t.Chroma != "" {
		return t.Chroma
	}
	if darkBackground {
		return darkPalette().chroma
	}
	return lightPalette().chroma
}
