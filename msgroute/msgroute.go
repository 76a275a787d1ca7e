// Package msgroute addresses Bubble Tea messages to the model whose
// command produced them. A parent that holds several child models (the
// console root and its views, the fleet and its consoles) wraps every
// command a child returns with To; what the command answers comes back
// as a Reply naming that child, so a reply, tick or blink reaches its
// owner, and only it, without broadcasting or string tags.
package msgroute

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"
)

// Reply is a message for the child at To.
type Reply[A comparable] struct {
	To  A
	Msg tea.Msg
}

var (
	teaPkg  = reflect.TypeOf(tea.QuitMsg{}).PkgPath()
	cmdType = reflect.TypeOf(tea.Cmd(nil))
	cmdList = reflect.TypeOf([]tea.Cmd(nil))
)

// To makes cmd's message a Reply for to.
func To[A comparable](to A, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return Address(to, cmd()) }
}

// Address wraps msg for to. Batches and sequences are opened so that each
// of their commands is addressed in turn; the runtime's own messages
// (quit, exec, screen changes) pass as they are, since only the runtime
// reads them.
func Address[A comparable](to A, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		out := make(tea.BatchMsg, len(msg))
		for i, c := range msg {
			out[i] = To(to, c)
		}
		return out
	}
	if reflect.TypeOf(msg).PkgPath() != teaPkg {
		return Reply[A]{To: to, Msg: msg}
	}
	if cmds, ok := Sequence(msg); ok {
		// tea.Sequence's message: its commands still run in order.
		out := make([]tea.Cmd, len(cmds))
		for i, c := range cmds {
			out[i] = To(to, c)
		}
		return tea.Sequence(out...)()
	}
	return msg
}

// Sequence opens tea.Sequence's message, whose type is the runtime's own.
func Sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	t := reflect.TypeOf(msg)
	if t == nil || t.PkgPath() != teaPkg || t.Kind() != reflect.Slice || t.Elem() != cmdType {
		return nil, false
	}
	return reflect.ValueOf(msg).Convert(cmdList).Interface().([]tea.Cmd), true
}
