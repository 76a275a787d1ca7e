package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/common"
)

// shownPane is a fake pane that knows whether it is shown.
type shownPane struct {
	fakePane
	shown bool
}

func (p *shownPane) Activate() tea.Cmd { p.shown = true; return nil }
func (p *shownPane) Deactivate()       { p.shown = false }

// TestSuspendStopsPolling: a suspended console (a fleet shows another)
// hides its shown pane and stops the header's refresh; Resume shows the
// pane again and refreshes the header at once. Twice is once.
func TestSuspendStopsPolling(t *testing.T) {
	h := startHost(t)
	var sp *shownPane
	m, _ := testModel(t, h, func(c *common.Common) []common.View {
		panes := fakePanes(c)
		sp = &shownPane{fakePane: fakePane{title: "Configurations"}, shown: true}
		panes[0] = sp
		return panes
	})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(loginDone("operator"))
	if !sp.shown || !m.header.running {
		t.Fatalf("after the login: pane shown %v, header running %v", sp.shown, m.header.running)
	}
	m.Suspend()
	m.Suspend()
	if sp.shown || m.header.running || !m.Suspended() {
		t.Fatalf("suspended: pane shown %v, header running %v", sp.shown, m.header.running)
	}
	if cmd := m.Resume(); cmd == nil || !sp.shown || !m.header.running {
		t.Fatalf("resumed: command %v, pane shown %v, header running %v", cmd != nil, sp.shown, m.header.running)
	}
	if m.Resume() != nil || m.Suspended() {
		t.Fatal("a second Resume did something")
	}
}
