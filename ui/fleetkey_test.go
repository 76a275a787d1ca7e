package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/common"
)

// TestFleetKey: 0 asks the fleet around the console to show its pane;
// a console alone has none, and 0 asks nothing.
func TestFleetKey(t *testing.T) {
	m := loggedIn(t)
	zero := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("0")}
	if _, cmd := m.Update(zero); cmd != nil {
		if _, ok := cmd().(common.FleetMsg); ok {
			t.Fatal("a console alone asked for a fleet")
		}
	}
	m.c.Gateways = []string{"a", "b"}
	_, cmd := m.Update(zero)
	if cmd == nil {
		t.Fatal("0 did nothing in a fleet's console")
	}
	if _, ok := cmd().(common.FleetMsg); !ok {
		t.Fatal("0 did not ask for the fleet")
	}
}
