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
