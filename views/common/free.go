package common

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
)

// FreeMsg answers CheckFree: whether a name a new item would take is
// still free on the host; the shell hands it back to the view that
// asked.
type FreeMsg struct {
	Call   uint64
	Op     string // what was checked, for a failure
	Name   string
	Exists bool
	Err    error // neither "found" nor "not found" (status 213)
}

// CheckFree reads the item a new name would create with get, in a call
// the operator waits for (op names it), so an existing name is refused
// before the operator is asked anything more. The reply is a FreeMsg.
func (c *Common) CheckFree(op, name string, get func(ctx context.Context, cl *gateway.Client) error) tea.Cmd {
	ctx, call := c.Calls.Begin(op)
	cl := c.Client
	return func() tea.Msg {
		out := FreeMsg{Call: call, Op: op, Name: name}
		out.Exists, out.Err = probe(ctx, cl, get)
		return out
	}
}

// probe runs get and says whether the item exists: found, not found
// (status 213), or neither (err).
func probe(ctx context.Context, cl *gateway.Client, get func(ctx context.Context, cl *gateway.Client) error) (exists bool, err error) {
	switch err := get(ctx, cl); {
	case err == nil:
		return true, nil
	case errors.Is(err, gateway.ErrNotFound):
		return false, nil
	default:
		return false, err
	}
}

// EndFree ends the check's call; fail is the failure to report when the
// host answered neither "found" nor "not found", else nil.
func (c *Common) EndFree(msg FreeMsg) (fail tea.Cmd) {
	c.Calls.End(msg.Call)
	if msg.Err != nil {
		return Fail(msg.Op, msg.Err)
	}
	return nil
}
