package ui

import (
	"reflect"

	"dpconsole/fileio"
	"dpconsole/views/common"

	tea "github.com/charmbracelet/bubbletea"
)

// address names a view of the root: a pane by its index, or an overlay.
type address int

const (
	toLogin   address = -1
	toPalette address = -2
)

// reply is a message addressed to the view whose command produced it. The
// root wraps every command a view returns (routeTo), so replies, ticks and
// blinks go back to their owner by address instead of to every view; each
// view then tells its replies apart by type.
type reply struct {
	to  address
	msg tea.Msg
}

var (
	teaPkg  = reflect.TypeOf(tea.QuitMsg{}).PkgPath()
	cmdType = reflect.TypeOf(tea.Cmd(nil))
	cmdList = reflect.TypeOf([]tea.Cmd(nil))
)

// routeTo makes cmd's message a reply to view to.
func routeTo(to address, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return addressed(to, cmd()) }
}

// addressed wraps msg for view to. Batches and sequences are opened so
// that each of their commands is addressed in turn; the runtime's own
// messages (quit, exec, screen changes) pass as they are, since only the
// runtime reads them.
func addressed(to address, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		out := make(tea.BatchMsg, len(msg))
		for i, c := range msg {
			out[i] = routeTo(to, c)
		}
		return out
	}
	if reflect.TypeOf(msg).PkgPath() != teaPkg {
		return reply{to: to, msg: msg}
	}
	if cmds, ok := sequenceOf(msg); ok {
		// tea.Sequence's message: its commands still run in order.
		out := make([]tea.Cmd, len(cmds))
		for i, c := range cmds {
			out[i] = routeTo(to, c)
		}
		return tea.Sequence(out...)()
	}
	return msg
}

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
	switch msg := r.msg.(type) {
	case common.ConfirmMsg:
		msg.OnConfirm = routeTo(r.to, msg.OnConfirm)
		msg.OnOther = routeTo(r.to, msg.OnOther)
		msg.OnCancel = routeTo(r.to, msg.OnCancel)
		return m.update(msg)
	case common.EditMsg:
		return m.openEditor(r.to, msg) // the built-in editor (ui/editor.go)
	case fileio.EditedMsg:
		// Only a pane starts the editor; see unaddressed.
		return m.updateView(r.to, msg)
	case common.ShowInMsg:
		// One pane's request of another: shown as a drill-down.
		return m.open(msg.Pane, msg.Msg)
	}
	if cmd, ok := m.request(r.msg); ok {
		return cmd
	}
	if isBroadcast(r.msg) {
		return m.broadcast(r.msg)
	}
	return m.updateView(r.to, r.msg)
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

// sequenceOf opens tea.Sequence's message, whose type is the runtime's.
func sequenceOf(msg tea.Msg) ([]tea.Cmd, bool) {
	t := reflect.TypeOf(msg)
	if t == nil || t.PkgPath() != teaPkg || t.Kind() != reflect.Slice || t.Elem() != cmdType {
		return nil, false
	}
	return reflect.ValueOf(msg).Convert(cmdList).Interface().([]tea.Cmd), true
}
