package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/configs"
	"dpconsole/views/pane"
)

// TestDraftArmAttack4OverlayBetween: Esc once over a kept draft, then the
// palette (or help) opened and closed with Esc: the next single Esc must
// warn again, as the pane saw neither.
func TestDraftArmAttack4OverlayBetween(t *testing.T) {
	for _, open := range []string{":", "?"} {
		h := startHost(t)
		m, _ := testModel(t, h, nil)
		m.loggedIn = true
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
		cm := m.panes[0].(*configs.Model)
		cm.Draft = &pane.Draft{For: "production", What: "tasks of production", Data: []byte("<Tasks>"), Reason: "does not parse"}
		esc := tea.KeyMsg{Type: tea.KeyEsc}
		m.Update(esc)
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(open)})
		m.Update(esc) // closes the overlay
		if cm.Draft == nil {
			t.Fatalf("%s: the esc closing the overlay discarded the draft", open)
		}
		m.Update(esc)
		if cm.Draft == nil {
			t.Errorf("%s: after the overlay, one esc discarded the draft unwarned", open)
		}
	}
}
