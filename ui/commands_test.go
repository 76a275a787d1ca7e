package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/common"
)

// The palette's commands reach the shell from the palette: :shared
// switches pane (and forgets the way back, as a digit does), :help opens
// the help overlay.
func TestPaletteCommandsNavigate(t *testing.T) {
	m := loggedIn(t)
	m.Update(reply{To: paneConfigs, Msg: common.OpenTasksMsg{Config: "production"}})
	if m.active != paneTasks || len(m.stack) != 1 {
		t.Fatalf("active %d stack %v", m.active, m.stack)
	}
	m.Update(reply{To: toPalette, Msg: common.SwitchPaneMsg{Pane: paneShared}})
	if m.active != paneShared || len(m.stack) != 0 {
		t.Fatalf(":shared: active %d stack %v", m.active, m.stack)
	}
	m.Update(reply{To: toPalette, Msg: common.ShowHelpMsg{}})
	if !m.showHelp {
		t.Fatal(":help did not open the help")
	}
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	m.Update(reply{To: toPalette, Msg: common.SwitchPaneMsg{Pane: 99}})
	if m.active != paneShared || m.showHelp {
		t.Fatalf("after esc and a pane that is not: active %d help %v", m.active, m.showHelp)
	}
}

// A pane's request of another (ShowInMsg) shows that pane as a
// drill-down and hands it the request.
func TestShowInHandsThePaneItsRequest(t *testing.T) {
	m := loggedIn(t)
	m.Update(reply{To: paneConfigs, Msg: common.SwitchPaneMsg{Pane: paneTasks}})
	req := common.OpenSharedMsg{Kind: "script", Name: "verify.xml"}
	m.Update(reply{To: paneTasks, Msg: common.ShowInMsg{Pane: paneShared, Msg: req}})
	shared := m.panes[paneShared].(*fakePane)
	if m.active != paneShared || len(m.stack) != 1 || m.stack[0] != paneTasks {
		t.Fatalf("active %d stack %v", m.active, m.stack)
	}
	got := false
	for _, msg := range shared.got {
		got = got || msg == tea.Msg(req)
	}
	if !got {
		t.Fatalf("the shared pane got %#v", shared.got)
	}
}
