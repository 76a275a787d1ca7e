package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/configs"
	"dpconsole/views/pane"
)

// TestDraftArmAttack4Sanity: two Escs in a row do discard (so the test
// above reaches the pane).
func TestDraftArmAttack4Sanity(t *testing.T) {
	h := startHost(t)
	m, _ := testModel(t, h, nil)
	m.loggedIn = true
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	cm := m.panes[0].(*configs.Model)
	cm.Draft = &pane.Draft{For: "production", What: "tasks of production", Data: []byte("<Tasks>"), Reason: "does not parse"}
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if cm.Draft != nil {
		t.Fatal("esc esc did not discard")
	}
}
