package common

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
)

// ExistsMsg answers CheckReplace: whether the item a save would overwrite
// is on the host; the shell hands it back to the view that asked.
type ExistsMsg struct {
	Call   uint64
	Op     string // what was checked, for a failure
	Exists bool
	Err    error // neither "found" nor "not found" (status 213)
	Ask    ConfirmMsg
	Save   tea.Cmd
}

// CheckReplace asks before a save overwrites something on the host: it
// reads the item with get in a command the operator waits for (op names
// it), and OnExists then runs save at once when the host answered 213
// (the name is new), or asks ask first when the item exists. Ask's
// OnConfirm is set to save; ask should say what is replaced and who uses
// it.
func (c *Common) CheckReplace(op string, get func(ctx context.Context, cl *gateway.Client) error, ask ConfirmMsg, save tea.Cmd) tea.Cmd {
	ctx, call := c.Calls.Begin(op)
	cl := c.Client
	ask.OnConfirm = save
	return func() tea.Msg {
		out := ExistsMsg{Call: call, Op: op, Ask: ask, Save: save}
		out.Exists, out.Err = probe(ctx, cl, get)
		return out
	}
}

// OnExists ends the check's call and goes on: the save for a new name,
// the confirm dialog for an existing one, the failure otherwise.
func (c *Common) OnExists(msg ExistsMsg) tea.Cmd {
	c.Calls.End(msg.Call)
	switch {
	case msg.Err != nil:
		return Fail(msg.Op, msg.Err)
	case msg.Exists:
		ask := msg.Ask
		return func() tea.Msg { return ask }
	}
	return msg.Save
}
