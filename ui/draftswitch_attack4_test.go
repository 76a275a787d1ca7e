package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/configs"
	"dpconsole/views/pane"
)

// TestDraftArmAttack4SurvivesPaneSwitch: Esc once over a kept draft
// arms its discard; going to another pane and back (keys the console
// takes, never shown to the pane) and pressing Esc once must not throw
// the draft away without the warning again.
func TestDraftArmAttack4SurvivesPaneSwitch(t *testing.T) {
	h := startHost(t)
	m, _ := testModel(t, h, nil)
	m.loggedIn = true
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	cm, ok := m.panes[0].(*configs.Model)
	if !ok {
		t.Skipf("pane 0 is %T", m.panes[0])
	}
	cm.Draft = &pane.Draft{For: "production", What: "tasks of production", Data: []byte("<Tasks>"), Reason: "does not parse"}
	key := func(s string) {
		if s == "esc" {
			m.Update(tea.KeyMsg{Type: tea.KeyEsc})
			return
		}
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
	}
	key("esc")
	if cm.Draft == nil {
		t.Fatal("one esc discarded")
	}
	key("2")
	if m.active == 0 {
		t.Skip("2 did not switch panes")
	}
	key("1")
	if m.active != 0 {
		t.Skip("1 did not come back")
	}
	m.cancelCalls() // the loads coming back started are over (not a key: the pane never sees it)
	key("esc")
	if cm.Draft == nil {
		t.Fatal("after 2 and 1, a single esc discarded the kept draft without the warning")
	}
}
