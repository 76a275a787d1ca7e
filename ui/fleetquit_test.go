package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/common"
)

// TestQuitInAFleetsConsole: in a fleet's console q at a pane's top goes
// back to the Fleet pane (which quits), its footer says so, and help
// lists 0; :quit (QuitMsg) goes to the fleet, which asks about every
// console's work. A console alone: q and :quit both ask over a draft.
func TestQuitInAFleetsConsole(t *testing.T) {
	q := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")}
	alone := loggedIn(t)
	alone.panes[paneConfigs] = &draftPane{fakePane{title: "Configurations"}}
	if _, cmd := alone.Update(q); cmd == nil {
		t.Fatal("q did nothing in a console alone")
	} else if _, ok := cmd().(common.ConfirmMsg); !ok {
		t.Fatal("q over a draft did not ask, alone")
	}
	// :quit, as the palette sends it: the same question.
	if _, cmd := alone.Update(common.QuitMsg{}); cmd == nil {
		t.Fatal(":quit did nothing")
	} else if ask, ok := cmd().(common.ConfirmMsg); !ok || !strings.Contains(ask.Body, "tasks of production") {
		t.Fatalf(":quit over a draft did not ask: %#v", ask)
	}

	m := loggedIn(t)
	m.c.Gateways = []string{"a", "b"}
	m.layout()
	if foot := m.footerView(); !strings.Contains(foot, "q fleet") {
		t.Errorf("the footer does not say q goes to the fleet:\n%s", foot)
	}
	_, cmd := m.Update(q)
	if cmd == nil {
		t.Fatal("q did nothing in a fleet's console")
	}
	if msg := cmd(); msg != (common.FleetMsg{}) {
		t.Fatalf("q in a fleet's console gave %#v, want the Fleet pane", msg)
	}
	_, cmd = m.Update(common.QuitMsg{})
	if cmd == nil || cmd() != (common.QuitMsg{}) {
		t.Fatal(":quit in a fleet's console is not passed to the fleet")
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("?")})
	if help := strings.Join(m.helpLines, "\n"); !strings.Contains(help, "back to the fleet") {
		t.Errorf("help does not list 0 (back to the fleet):\n%s", help)
	}
}
