package theme

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles is every style the console uses, built once per renderer by
// NewStyles. Views take a *Styles from their caller and never build styles
// of their own.
type Styles struct {
	// Renderer is the renderer the styles were built for.
	Renderer *lipgloss.Renderer
	// Theme is the palette the styles were built from.
	Theme Theme
	// Plain is true when the renderer shows no colour or text attributes
	// (NO_COLOR or the ASCII profile): views must then mark the selected
	// row and similar state with characters, since styling is invisible.
	Plain  bool
	chroma string

	Text    lipgloss.Style // ordinary text
	Muted   lipgloss.Style // secondary text: hints, counts, timestamps
	Title   lipgloss.Style // screen and section titles
	Error   lipgloss.Style // error messages shown in place
	Warning lipgloss.Style // warnings and notices ("log was reset")
	Success lipgloss.Style // confirmations ("saved")
	Empty   lipgloss.Style // empty-state text ("log is empty")
	Spinner lipgloss.Style // the busy spinner

	Header      lipgloss.Style // the always-visible header bar
	HeaderLabel lipgloss.Style // a label in the header ("agent")
	HeaderValue lipgloss.Style // a value in the header
	Badge       lipgloss.Style // badges such as DEMO HOST

	TabActive   lipgloss.Style
	TabInactive lipgloss.Style
	TabGap      lipgloss.Style // the space between tabs

	PaneTitle lipgloss.Style

	TableHeader   lipgloss.Style
	TableCell     lipgloss.Style
	TableSelected lipgloss.Style

	StatusGood    lipgloss.Style // Active, Normal, Waiting
	StatusBusy    lipgloss.Style // Executing
	StatusWarn    lipgloss.Style // Disabled, Paused
	StatusBad     lipgloss.Style // Offline, Errors, Error
	StatusNeutral lipgloss.Style // Idle and anything unknown

	LogTime  lipgloss.Style // timestamps in logs
	LogDebug lipgloss.Style // level labels
	LogInfo  lipgloss.Style
	LogWarn  lipgloss.Style
	LogError lipgloss.Style
	LogText  lipgloss.Style // the text of debug entries is dimmed with Muted; others use this

	Match        lipgloss.Style // a search match
	MatchCurrent lipgloss.Style // the search match the cursor is on
	StatusBar    lipgloss.Style // a view's one-line footer (log status, positions)

	HelpKey  lipgloss.Style
	HelpDesc lipgloss.Style
	HelpSep  lipgloss.Style

	Dialog       lipgloss.Style // the confirm dialog's box
	DialogTitle  lipgloss.Style
	Button       lipgloss.Style
	ButtonActive lipgloss.Style
	ButtonDanger lipgloss.Style // the focused button of a destructive action

	InputLabel       lipgloss.Style
	InputPrompt      lipgloss.Style
	InputText        lipgloss.Style
	InputPlaceholder lipgloss.Style
	InputCursor      lipgloss.Style
}

// NewStyles builds the styles for theme t on renderer r, the session's own
// (its terminal's colour profile and background). Colour support comes
// from r's profile, so NO_COLOR and dumb terminals give plain text.
//
// r must not be nil: there is no fallback to lipgloss's default renderer,
// which belongs to the process's stdout and would give one session's
// colours to every other session. A nil r panics.
func NewStyles(r *lipgloss.Renderer, t Theme) *Styles {
	if r == nil {
		panic("theme.NewStyles: nil renderer (every session must pass its own *lipgloss.Renderer)")
	}
	ns := r.NewStyle
	s := &Styles{Renderer: r, Theme: t}
	s.Plain = r.ColorProfile() == termenv.Ascii
	if !s.Plain {
		s.chroma = t.ChromaStyleFor(r.HasDarkBackground())
	}

	s.Text = ns().Foreground(t.Text)
	s.Muted = ns().Foreground(t.Muted)
	s.Title = ns().Foreground(t.Primary).Bold(true)
	s.Error = ns().Foreground(t.Error).Bold(true)
	s.Warning = ns().Foreground(t.Warning)
	s.Success = ns().Foreground(t.Success)
	s.Empty = ns().Foreground(t.Muted).Italic(true)
	s.Spinner = ns().Foreground(t.Primary)

	s.Header = ns().Background(t.Surface).Foreground(t.Text).Padding(0, 1)
	s.HeaderLabel = ns().Background(t.Surface).Foreground(t.Muted)
	s.HeaderValue = ns().Background(t.Surface).Foreground(t.Text).Bold(true)
	s.Badge = ns().Background(t.Badge).Foreground(t.BadgeText).Bold(true).Padding(0, 1)

	s.TabActive = ns().Foreground(t.Primary).Bold(true).Underline(true).Padding(0, 1)
	s.TabInactive = ns().Foreground(t.Muted).Padding(0, 1)
	s.TabGap = ns()

	s.PaneTitle = ns().Foreground(t.Muted)

	s.TableHeader = ns().Foreground(t.Muted).Bold(true).Padding(0, 1)
	s.TableCell = ns().Padding(0, 1)
	s.TableSelected = ns().Background(t.Selection).Foreground(t.SelectionText).Bold(true)

	s.StatusGood = ns().Foreground(t.Success)
	s.StatusBusy = ns().Foreground(t.Info).Bold(true)
	s.StatusWarn = ns().Foreground(t.Warning)
	s.StatusBad = ns().Foreground(t.Error).Bold(true)
	s.StatusNeutral = ns().Foreground(t.Muted)

	s.LogTime = ns().Foreground(t.Muted)
	s.LogDebug = ns().Foreground(t.Debug)
	s.LogInfo = ns().Foreground(t.Info)
	s.LogWarn = ns().Foreground(t.Warning).Bold(true)
	s.LogError = ns().Foreground(t.Error).Bold(true)
	s.LogText = ns()

	s.Match = ns().Background(t.Match).Foreground(t.MatchText)
	s.MatchCurrent = ns().Background(t.MatchCurrent).Foreground(t.MatchText).Bold(true)
	s.StatusBar = ns().Foreground(t.Muted)

	s.HelpKey = ns().Foreground(t.Secondary).Bold(true)
	s.HelpDesc = ns().Foreground(t.Muted)
	s.HelpSep = ns().Foreground(t.Border)

	s.Dialog = ns().Border(lipgloss.RoundedBorder()).BorderForeground(t.Warning).Padding(1, 2)
	s.DialogTitle = ns().Foreground(t.Warning).Bold(true)
	s.Button = ns().Foreground(t.Text).Background(t.Surface).Padding(0, 2)
	s.ButtonActive = ns().Foreground(t.SelectionText).Background(t.Primary).Bold(true).Padding(0, 2)
	s.ButtonDanger = ns().Foreground(t.BadgeText).Background(t.Error).Bold(true).Padding(0, 2)

	s.InputLabel = ns().Foreground(t.Text).Bold(true)
	s.InputPrompt = ns().Foreground(t.Primary)
	s.InputText = ns().Foreground(t.Text)
	s.InputPlaceholder = ns().Foreground(t.Muted)
	s.InputCursor = ns().Foreground(t.Primary)
	return s
}

// ChromaStyle returns the chroma style name matching the theme and the
// renderer's background, or "" when Plain (highlighting must be skipped).
func (s *Styles) ChromaStyle() string { return s.chroma }

// StatusStyle returns the style for a host status value such as "Active",
// "Offline", "Executing" or "Errors" (case-insensitive); unknown values get
// StatusNeutral.
func (s *Styles) StatusStyle(value string) lipgloss.Style {
	switch strings.ToLower(strings.TrimSpace(value)) {
	case "active", "normal", "waiting":
		return s.StatusGood
	case "executing":
		return s.StatusBusy
	case "disabled", "paused":
		return s.StatusWarn
	case "offline", "errors", "error":
		return s.StatusBad
	}
	return s.StatusNeutral
}

// LevelStyle returns the style for a log level label ("debug", "info",
// "warn"/"warning", "error"; case-insensitive); unknown levels get LogInfo.
func (s *Styles) LevelStyle(level string) lipgloss.Style {
	switch strings.ToLower(strings.TrimSpace(level)) {
	case "debug", "trace":
		return s.LogDebug
	case "warn", "warning":
		return s.LogWarn
	case "error", "fatal", "critical":
		return s.LogError
	}
	return s.LogInfo
}

// Progress returns a progress bar (bubbles/progress) drawn in the
// session's colour profile with the theme's colours, without the
// percentage (callers word the amounts). Plain renderers get # and ·.
func (s *Styles) Progress(width int) progress.Model {
	if s.Plain {
		return progress.New(progress.WithColorProfile(termenv.Ascii), progress.WithoutPercentage(),
			progress.WithWidth(width), progress.WithFillCharacters('#', '·'))
	}
	bar := progress.New(progress.WithColorProfile(s.Renderer.ColorProfile()), progress.WithoutPercentage(),
		progress.WithWidth(width), progress.WithSolidFill(s.hex(s.Theme.Primary)))
	bar.EmptyColor = s.hex(s.Theme.Border)
	return bar
}

// hex returns c as a hex colour for the renderer's background ("" for
// no colour): bubbles/progress takes colours as strings.
func (s *Styles) hex(c lipgloss.TerminalColor) string {
	switch c := c.(type) {
	case lipgloss.Color:
		return string(c)
	case lipgloss.AdaptiveColor:
		if s.Renderer.HasDarkBackground() {
			return c.Dark
		}
		return c.Light
	}
	return ""
}

// Help returns the styles for a bubbles help.Model.
func (s *Styles) Help() help.Styles {
	return help.Styles{
		Ellipsis:       s.HelpSep,
		ShortKey:       s.HelpKey,
		ShortDesc:      s.HelpDesc,
		ShortSeparator: s.HelpSep,
		FullKey:        s.HelpKey,
		FullDesc:       s.HelpDesc,
		FullSeparator:  s.HelpSep,
	}
}

// Input styles a bubbles textinput from the theme: prompt, text,
// placeholder, completion and both cursor styles, so nothing of
// textinput.New's defaults (built on lipgloss's default renderer) is left.
func (s *Styles) Input(in *textinput.Model) {
	in.PromptStyle, in.TextStyle = s.InputPrompt, s.InputText
	in.PlaceholderStyle, in.CompletionStyle = s.InputPlaceholder, s.InputPlaceholder
	in.Cursor.Style, in.Cursor.TextStyle = s.InputCursor, s.InputText
}

// Table returns the styles for a bubbles table.Model.
func (s *Styles) Table() table.Styles {
	return table.Styles{Header: s.TableHeader, Cell: s.TableCell, Selected: s.TableSelected}
}
