package prompt

import (
	"errors"
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dpconsole/theme"
	"dpconsole/views/panetest"
)

// styles are one test session's styles on its own renderer with profile p.
func styles(p termenv.Profile) *theme.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(p)
	r.SetHasDarkBackground(true)
	return theme.NewStyles(r, theme.Dark())
}

// plainPrompt is a prompt styled for a colourless terminal.
func plainPrompt() Model { return New(styles(termenv.Ascii)) }

// TestMain makes lipgloss's default renderer colour, so a style left from
// textinput's defaults shows up as escapes in a plain prompt.
func TestMain(m *testing.M) { panetest.Main(m) }

// Every part of the prompt is drawn with the session's styles: none in
// plain mode, 256-colour ones in colour, whatever the default renderer.
func TestStyledOnlyBySession(t *testing.T) {
	for name, p := range map[string]termenv.Profile{"ascii": termenv.Ascii, "256": termenv.ANSI256} {
		m := New(styles(p))
		m.Open("name", "Name:", "", func(s string) error { return errors.New("taken") })
		m.SetSuggestions([]string{"operations.iic"})
		var views []string
		views = append(views, m.View()) // empty: the cursor alone
		for _, k := range keys("op") {
			m.Update(k)
		}
		views = append(views, m.View()) // typed, with a completion in colour
		m.Update(tea.KeyMsg{Type: tea.KeyEnter})
		views = append(views, m.View()) // refused
		for i, v := range views {
			esc := strings.Contains(v, "\x1b")
			if p == termenv.Ascii && esc || p == termenv.ANSI256 && (!esc || strings.Contains(v, "38;2;")) {
				t.Errorf("%s view %d: %q", name, i, v)
			}
		}
	}
}

func keys(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

func TestSubmitValidates(t *testing.T) {
	m := plainPrompt()
	m.Open("name", "Name:", "", func(s string) error {
		if strings.Contains(s, "/") {
			return errors.New("no slashes")
		}
		return nil
	})
	for _, k := range keys(" a/b ") {
		m.Update(k)
	}
	if ans, _, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter}); ans != nil || !strings.Contains(m.View(), "no slashes") {
		t.Fatalf("invalid answer accepted: %+v\n%s", ans, m.View())
	}
	m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	ans, _, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if ans == nil || ans.Value != "a" || ans.Purpose != "name" || m.Active() {
		t.Fatalf("answer %+v, active %v", ans, m.Active())
	}
}

func TestCancel(t *testing.T) {
	m := plainPrompt()
	m.Open("p", "Path:", "x", nil)
	ans, cancelled, _ := m.Update(tea.KeyMsg{Type: tea.KeyEscape})
	if ans != nil || !cancelled || m.Active() || m.View() != "" {
		t.Fatalf("ans %+v cancelled %v active %v", ans, cancelled, m.Active())
	}
}

// A pre-filled value is replaced by the first
// printable key, kept for editing by a cursor key, kept by Enter, and its
// state is said in words a colourless capture keeps.
func TestPrefilledValueIsPristine(t *testing.T) {
	m := plainPrompt()
	m.Open("p", "Path:", "/tmp/old.log", nil)
	if !strings.Contains(m.View(), "typing replaces it") {
		t.Fatalf("pristine state not shown:\n%s", m.View())
	}
	for _, k := range keys("/tmp/x.txt") {
		m.Update(k)
	}
	if ans, _, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter}); ans == nil || ans.Value != "/tmp/x.txt" {
		t.Fatalf("typing did not replace: %+v", ans)
	}
	m.Open("p", "Name:", "bound.iic", nil)
	m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	if strings.Contains(m.View(), "typing replaces it") {
		t.Fatal("the hint stayed after an edit key")
	}
	for _, k := range keys("x") {
		m.Update(k)
	}
	if ans, _, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter}); ans == nil || ans.Value != "bound.iix" {
		t.Fatalf("edit after backspace: %+v", ans)
	}
	m.Open("p", "Name:", "keep.iic", nil)
	m.Update(tea.KeyMsg{Type: tea.KeyLeft})
	for _, k := range keys("2") {
		m.Update(k)
	}
	if ans, _, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter}); ans == nil || ans.Value != "keep.ii2c" {
		t.Fatalf("edit after left: %+v", ans)
	}
	m.Open("p", "Name:", "same.iic", nil)
	if ans, _, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter}); ans == nil || ans.Value != "same.iic" {
		t.Fatalf("enter did not keep: %+v", ans)
	}
}

// Suggestions are listed under where they come from,
// and without colour Tab completes from the list (no grey inline text
// that would read as typed).
func TestSuggestionGroupsAndPlainCompletion(t *testing.T) {
	m := plainPrompt()
	m.Open("p", "Name:", "", nil)
	m.SetSuggestionGroups(Group{Label: "used this session", Names: []string{"ops.iic"}},
		Group{Label: "in production's tasks", Names: []string{"ops.iic", "other.iic"}})
	v := m.View()
	if !strings.Contains(v, "used this session: ops.iic · in production's tasks: other.iic") {
		t.Fatalf("hint:\n%s", v)
	}
	for _, k := range keys("ot") {
		m.Update(k)
	}
	if v := m.View(); strings.Contains(v, "other.iic") && !strings.Contains(v, "tasks: other.iic") {
		t.Fatalf("inline completion shown in plain mode:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyTab})
	if ans, _, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter}); ans == nil || ans.Value != "other.iic" {
		t.Fatalf("tab did not complete: %+v", ans)
	}
}
