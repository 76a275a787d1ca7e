package theme

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2/styles"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func renderer(p termenv.Profile, dark bool) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(p)
	r.SetHasDarkBackground(dark)
	return r
}

func TestByName(t *testing.T) {
	for _, name := range []string{"", "auto", "Dark", "light"} {
		if _, err := ByName(name); err != nil {
			t.Errorf("ByName(%q): %v", name, err)
		}
	}
	_, err := ByName("solarized")
	if err == nil || !strings.Contains(err.Error(), `"solarized"`) || !strings.Contains(err.Error(), "dark") {
		t.Fatalf("ByName(solarized) error = %v, want one naming the bad theme and the choices", err)
	}
}

func TestChromaStyleMatchesTheme(t *testing.T) {
	cases := []struct {
		theme Theme
		dark  bool
		want  string
	}{
		{Dark(), false, "monokai"},
		{Light(), true, "github"},
		{Auto(), true, "monokai"},
		{Auto(), false, "github"},
	}
	for _, c := range cases {
		s := NewStyles(renderer(termenv.TrueColor, c.dark), c.theme)
		if got := s.ChromaStyle(); got != c.want {
			t.Errorf("%s theme, dark=%v: ChromaStyle = %q, want %q", c.theme.Name, c.dark, got, c.want)
		}
		if _, ok := styles.Registry[s.ChromaStyle()]; !ok {
			t.Errorf("chroma style %q is not registered", s.ChromaStyle())
		}
	}
}

func TestASCIIProfileIsPlain(t *testing.T) {
	s := NewStyles(renderer(termenv.Ascii, true), Dark())
	if !s.Plain || s.ChromaStyle() != "" {
		t.Fatalf("ASCII profile: Plain=%v ChromaStyle=%q, want true and empty", s.Plain, s.ChromaStyle())
	}
	if got := s.Badge.Render("DEMO HOST"); got != " DEMO HOST " {
		t.Errorf("plain badge = %q, want the text with its padding only", got)
	}
	if got := s.LogError.Render("ERROR"); got != "ERROR" {
		t.Errorf("plain log level = %q", got)
	}
}

func TestColourProfileStyles(t *testing.T) {
	s := NewStyles(renderer(termenv.TrueColor, true), Dark())
	if s.Plain {
		t.Fatal("TrueColor renderer reported Plain")
	}
	if got := s.StatusStyle("Offline").Render("Offline"); !strings.Contains(got, "\x1b[") {
		t.Errorf("Offline status not coloured: %q", got)
	}
	if s.StatusStyle(" ACTIVE ").GetForeground() != s.StatusGood.GetForeground() {
		t.Error("StatusStyle should match case-insensitively")
	}
	if s.StatusStyle("Executing").GetForeground() == s.StatusStyle("Errors").GetForeground() {
		t.Error("Executing and Errors share a colour")
	}
	if s.LevelStyle("WARNING").GetForeground() != s.LogWarn.GetForeground() {
		t.Error("LevelStyle(WARNING) is not LogWarn")
	}
}

func TestNoColorEnv(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	if !NoColor() {
		t.Fatal("NoColor() = false with NO_COLOR=1")
	}
	// A renderer built for a terminal honours NO_COLOR by itself.
	r := lipgloss.NewRenderer(&bytes.Buffer{}, termenv.WithTTY(true))
	if s := NewStyles(r, Auto()); !s.Plain {
		t.Error("NO_COLOR renderer gave non-plain styles")
	}
	t.Setenv("NO_COLOR", "")
	if NoColor() {
		t.Fatal("NoColor() = true with NO_COLOR empty")
	}
}

func TestSessionsGetTheirOwnStyles(t *testing.T) {
	plain := NewStyles(renderer(termenv.Ascii, true), Dark())
	colour := NewStyles(renderer(termenv.ANSI256, true), Dark())
	if plain.Error.Render("x") == colour.Error.Render("x") {
		t.Error("two renderers with different profiles rendered the same")
	}
}

// A nil renderer is a caller's bug: it must not quietly become lipgloss's
// default, which would share one terminal's colours with every session.
func TestNilRendererPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "nil renderer") {
			t.Fatalf("NewStyles(nil) recovered %v, want a panic naming the nil renderer", r)
		}
	}()
	NewStyles(nil, Dark())
}

// Input replaces every style textinput.New made on the default renderer.
func TestInputTakesEveryStyle(t *testing.T) {
	s := NewStyles(renderer(termenv.ANSI256, true), Dark())
	in := textinput.New()
	s.Input(&in)
	for name, got := range map[string][2]lipgloss.Style{
		"prompt":      {in.PromptStyle, s.InputPrompt},
		"text":        {in.TextStyle, s.InputText},
		"placeholder": {in.PlaceholderStyle, s.InputPlaceholder},
		"completion":  {in.CompletionStyle, s.InputPlaceholder},
		"cursor":      {in.Cursor.Style, s.InputCursor},
		"cursor text": {in.Cursor.TextStyle, s.InputText},
	} {
		if a, b := got[0].Render("x"), got[1].Render("x"); a != b || !strings.Contains(a, "\x1b[") {
			t.Errorf("%s style renders %q, want the theme's %q", name, a, b)
		}
	}
}
