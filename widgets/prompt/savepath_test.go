package prompt

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
)

// submit presses enter and feeds the check's reply back, as a pane does.
func submit(t *testing.T, m *Model) *Answer {
	t.Helper()
	ans, _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if ans != nil || cmd == nil {
		return ans
	}
	ans, _, _ = m.Update(cmd())
	return ans
}

func TestSavePathAsksBeforeOverwriting(t *testing.T) {
	dir := t.TempDir()
	free := filepath.Join(dir, "new.txt")
	m := plainPrompt()
	m.OpenSavePath("save", "Save to:", free)
	if ans := submit(t, &m); ans == nil || ans.Value != free {
		t.Fatalf("a free path was not answered: %+v", ans)
	}
	taken := filepath.Join(dir, "old.txt")
	if err := os.WriteFile(taken, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	m.OpenSavePath("save", "Save to:", taken)
	if ans := submit(t, &m); ans != nil || !strings.Contains(m.View(), "exists. Overwrite it?") {
		t.Fatalf("answered %+v without asking:\n%s", ans, m.View())
	}
	for _, k := range []tea.KeyMsg{{Type: tea.KeyEnter}, {Type: tea.KeyEscape}, {Type: tea.KeyRunes, Runes: []rune("n")}} {
		if ans, cancelled, _ := m.Update(k); ans != nil || cancelled || !m.Active() {
			t.Fatalf("%v: answered %+v, cancelled %v", k, ans, cancelled)
		}
		if !strings.Contains(m.View(), "not overwritten") {
			t.Fatalf("%v did not go back to the path:\n%s", k, m.View())
		}
		submit(t, &m)
	}
	if ans, _, _ := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")}); ans == nil || ans.Value != taken {
		t.Fatalf("y did not answer: %+v", ans)
	}
	m.OpenSavePath("save", "Save to:", dir)
	if ans := submit(t, &m); ans != nil || !strings.Contains(m.View(), "is a directory") {
		t.Fatalf("a directory was accepted: %+v\n%s", ans, m.View())
	}
}

func TestStaleCheckIsDropped(t *testing.T) {
	dir := t.TempDir()
	m, other := plainPrompt(), plainPrompt()
	m.OpenSavePath("save", "Save to:", filepath.Join(dir, "a"))
	_, _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	other.OpenSavePath("save", "Save to:", filepath.Join(dir, "a"))
	other.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if ans, _, _ := other.Update(cmd()); ans != nil {
		t.Fatal("another prompt's check was taken")
	}
}

func TestSuggestionsShownAndCompleted(t *testing.T) {
	m := New(styles(termenv.ANSI256)) // in colour: Tab takes the inline completion
	m.Open("name", "Name:", "", nil)
	m.SetSuggestions([]string{"operations.iic", "", "shared-ops.iic", "operations.iic"})
	if v := m.View(); !strings.Contains(v, "known: operations.iic, shared-ops.iic") {
		t.Fatalf("suggestions not listed:\n%s", v)
	}
	for _, k := range keys("sh") {
		m.Update(k)
	}
	if v := m.View(); !strings.Contains(v, "known: shared-ops.iic") || strings.Contains(v, "known: operations") {
		t.Fatalf("suggestions not filtered:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyTab})
	if ans, _, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter}); ans == nil || ans.Value != "shared-ops.iic" {
		t.Fatalf("tab did not complete: %+v", ans)
	}
}

func TestTypedTextIsShown(t *testing.T) {
	m := plainPrompt()
	m.SetWidth(40)
	m.Open("create", "New configuration name:", "", nil)
	for _, k := range keys("abc") {
		m.Update(k)
	}
	if v := m.View(); !strings.Contains(v, "New configuration name:\n> abc") {
		t.Fatalf("typed text not shown:\n%q", v)
	}
}
