package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/msgroute"
	"dpconsole/views/common"
)

// address names a view of the root: a pane by its index, or an overlay.
type address int

const (
	toLogin   address = -1
	toPalette address = -2
)

// reply is a message addressed to the view whose command produced it.
// The root wraps every command a view returns (routeTo), so replies, ticks
// and blinks go back to their owner by address instead of to every view;
// each view then tells its replies apart by type.
type reply = msgroute.Reply[address]

// routeTo makes cmd's message a reply to view to.
func routeTo(to address, cmd tea.Cmd) tea.Cmd { return msgroute.To(to, cmd) }

// isBroadcast reports whether msg is news every view needs: a session
// that started again, a change on the host, the configuration the
// operator picked.
func isBroadcast(msg tea.Msg) bool {
	switch msg.(type) {
	case common.SessionStartedMsg, common.HostChangedMsg, common.ConfigSelectedMsg:
		return true
	}
	return false
}

// deliver hands a reply to the view it is addressed to. What a view sends
// the shell is handled by the shell (a confirm dialog remembers who asked,
// so its answer goes back there); news for every view is broadcast.
func (m *Model) deliver(r reply) tea.Cmd {
	switch msg := r.Msg.(type) {
	case common.ConfirmMsg:
		msg.OnConfirm = routeTo(r.To, msg.OnConfirm)
		msg.OnOther = routeTo(r.To, msg.OnOther)
		msg.OnCancel = routeTo(r.To, msg.OnCancel)
		return m.update(msg)
	case common.EditMsg:
		return m.openEditor(r.To, msg) // the built-in editor (ui/editor.go)
	case fileio.EditedMsg:
		// Only a pane starts the editor; see unaddressed.
		return m.updateView(r.To, msg)
	case common.ShowInMsg:
		// One pane's request of another: shown as a drill-down.
		return m.open(msg.Pane, msg.Msg)
	}
	if cmd, ok := m.request(r.Msg); ok {
		return cmd
	}
	if isBroadcast(r.Msg) {
		return m.broadcast(r.Msg)
	}
	return m.updateView(r.To, r.Msg)
}

// unaddressed routes a message that came from no view's command, by type:
// the editor's exit comes from the runtime's exec callback, and the editor
// held the terminal, so the shown pane is the one that started it.
func (m *Model) unaddressed(msg tea.Msg) tea.Cmd {
	switch msg.(type) {
	case fileio.EditedMsg:
		return m.updateView(address(m.active), msg)
	}
	if isBroadcast(msg) {
		return m.broadcast(msg)
	}
	return nil
}

// updateView hands msg to view to and addresses what it returns.
func (m *Model) updateView(to address, msg tea.Msg) tea.Cmd {
	switch {
	case to == toLogin:
		_, cmd := m.login.Update(msg)
		return routeTo(toLogin, cmd)
	case to == toPalette:
		_, cmd := m.palette.Update(msg)
		return routeTo(toPalette, cmd)
	case int(to) >= 0 && int(to) < len(m.panes):
		return m.updatePane(int(to), msg)
	}
	return nil
}
