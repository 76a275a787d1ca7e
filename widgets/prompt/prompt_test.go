package prompt

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func keys(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

func TestSubmitValidates(t *testing.T) {
	m := New()
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
	m := New()
	m.Open("p", "Path:", "x", nil)
	ans, cancelled, _ := m.Update(tea.KeyMsg{Type: tea.KeyEscape})
	if ans != nil || !cancelled || m.Active() || m.View() != "" {
		t.Fatalf("ans %+v cancelled %v active %v", ans, cancelled, m.Active())
	}
}

// Review 2 finding 4: a pre-filled value is replaced by the first
// printable key, kept for editing by a cursor key, kept by Enter, and its
// state is said in words a colourless capture keeps.
func TestPrefilledValueIsPristine(t *testing.T) {
	m := New()
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

// Review 2 finding 7: suggestions are listed under where they come from,
// and without colour Tab completes from the list (no grey inline text
// that would read as typed).
func TestSuggestionGroupsAndPlainCompletion(t *testing.T) {
	m := New()
	m.plain = true
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
