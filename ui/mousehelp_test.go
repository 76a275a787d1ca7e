package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/widgets/mouse/mousetest"
)

// A click on a tab while the help is open closes the help and shows that
// pane (it did nothing); a click elsewhere leaves the help open.
func TestMouseClickOnATabClosesHelp(t *testing.T) {
	m, _ := mouseSession(t, true, fakePanes, 100, 30)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("?")})
	if !m.showHelp {
		t.Fatal("? did not open the help")
	}
	f := frame(t, m)
	x, y := at(t, f, "3 Logs")
	m.Update(mousetest.Click(x+2, y+5)) // in the help, not on a tab
	if !m.showHelp || m.active != paneConfigs {
		t.Fatalf("a click in the help closed it (%v) or switched to %d", !m.showHelp, m.active)
	}
	m.Update(mousetest.Click(x+2, y))
	if m.showHelp || m.active != paneLogs {
		t.Fatalf("a click on the Logs tab with the help open: help %v, pane %d, want %d", m.showHelp, m.active, paneLogs)
	}
}
