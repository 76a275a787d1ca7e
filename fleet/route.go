package fleet

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"
)

// tagged is a message for the model whose command produced it: a host
// console by its gateway's name, or the Fleet pane ("" ). The root wraps
// every command it is given (routeTo), so a hidden console's replies,
// ticks and blinks still reach it, and only it. The same trick as
// ui/route.go, one level up.
type tagged struct {
	to  string
	msg tea.Msg
}

var (
	teaPkg  = reflect.TypeOf(tea.QuitMsg{}).PkgPath()
	cmdType = reflect.TypeOf(tea.Cmd(nil))
	cmdList = reflect.TypeOf([]tea.Cmd(nil))
)

// routeTo makes cmd's message one for to.
func routeTo(to string, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return addressed(to, cmd()) }
}

// addressed wraps msg for to. Batches and sequences are opened so each
// of their commands is addressed in turn; the runtime's own messages
// (quit, exec, screen changes) pass as they are, since only the runtime
// reads them.
func addressed(to string, msg tea.Msg) tea.Msg {
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
		return tagged{to: to, msg: msg}
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

// sequenceOf opens tea.Sequence's message, whose type is the runtime's.
func sequenceOf(msg tea.Msg) ([]tea.Cmd, bool) {
	t := reflect.TypeOf(msg)
	if t == nil || t.PkgPath() != teaPkg || t.Kind() != reflect.Slice || t.Elem() != cmdType {
		return nil, false
	}
	return reflect.ValueOf(msg).Convert(cmdList).Interface().([]tea.Cmd), true
}
