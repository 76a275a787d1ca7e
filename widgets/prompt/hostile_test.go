package prompt

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// hostile is a name a hostile host sends: a window title, a screen clear,
// a bidi override and a line separator.
const hostile = "prod\x1b]0;OWNED\a\x1b[2J\u202eevil\u2028"

// raw reports whether s holds a control a terminal obeys other than SGR
// styling and newlines.
func raw(s string) bool {
	s = ansi.Strip(s)
	return strings.ContainsAny(s, "\x1b\a\r\u202e\u2028")
}

// A label, a pre-filled value, a refusal and the known names quote the
// host's names: each is shown as sanitize shows it, and wrapped as
// shown, so no line is wider than the prompt, in colour or not.
func TestHostNamesShownAndMeasured(t *testing.T) {
	for name, p := range map[string]termenv.Profile{"ascii": termenv.Ascii, "256": termenv.ANSI256} {
		m := New(styles(p))
		m.SetWidth(40)
		m.Open("apply", "Apply template "+hostile+hostile+" to configuration:", "./"+hostile+".xml", nil)
		m.SetSuggestions([]string{hostile + "-a", hostile + "-b"})
		m.SetError("no such configuration " + hostile)
		views := []string{m.View()}
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("p")}) // the completion, the hint
		views = append(views, m.View())
		for _, v := range views {
			if raw(v) {
				t.Errorf("%s: a raw control reached the view: %q", name, v)
			}
			for _, l := range strings.Split(v, "\n") {
				if w := ansi.StringWidth(l); w > 40 {
					t.Errorf("%s: a line is %d wide: %q", name, w, l)
				}
			}
		}
		if !strings.Contains(ansi.Strip(views[0]), "^[]0;OWNED^G") {
			t.Errorf("%s: the host's text is not shown:\n%s", name, views[0])
		}
	}
	// What Tab completes is what was shown.
	m := plainPrompt()
	m.Open("apply", "Configuration:", "", nil)
	m.SetSuggestions([]string{hostile})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("p")})
	m.Update(tea.KeyMsg{Type: tea.KeyTab})
	if ans, _, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter}); ans == nil || raw(ans.Value) || !strings.HasPrefix(ans.Value, "prod^[]0;") {
		t.Fatalf("tab completed %+v", ans)
	}
}
