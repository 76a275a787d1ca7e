package common

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
)

// Load is one kind of load a pane makes (its list, its document, its
// poll): at most one call of the kind is in flight, and a reply that does
// not belong to it (superseded, or cancelled when the pane was hidden) is
// dropped, as gh-dash drops replies that are not the latest fetch. The
// call's id is the tag: Calls numbers every call afresh, so a newer Start
// or a Cancel disowns the older reply.
//
// Like Calls, Load is used from Update only.
type Load struct {
	calls *Calls
	call  uint64 // the call in flight, 0 for none
	count int    // calls started
}

// NewLoad returns a load whose calls are tracked by calls.
func NewLoad(calls *Calls) Load { return Load{calls: calls} }

// Start cancels the call of this kind in flight, if any, and starts a new
// one named op: a foreground call the operator waits for (spinner, Esc
// cancels), or a background one (a poll). The command uses only the
// context; its reply carries the id for Owns.
func (l *Load) Start(op string, background bool) (context.Context, uint64) {
	l.calls.Cancel(l.call)
	l.count++
	if background {
		ctx, id := l.calls.Background(op)
		l.call = id
		return ctx, id
	}
	ctx, id := l.calls.Begin(op)
	l.call = id
	return ctx, id
}

// Owns ends the call id answered and reports whether it is the one in
// flight; false means the reply is stale and must be dropped.
func (l *Load) Owns(id uint64) bool {
	l.calls.End(id)
	if id == 0 || id != l.call {
		return false
	}
	l.call = 0
	return true
}

// Cancel abandons the call in flight, if any: its reply will be dropped.
func (l *Load) Cancel() {
	l.calls.Cancel(l.call)
	l.call = 0
}

// InFlight reports whether a call of this kind is on its way.
func (l *Load) InFlight() bool { return l.call != 0 }

// Started returns how many calls of this kind were started, so a test can
// tell whether an update loaded again.
func (l *Load) Started() int { return l.count }

// Reply is the answer of one Fetch: the call's id (for Owns), the value
// read and the error.
type Reply[T any] struct {
	Call  uint64
	Value T
	Err   error
}

// Fetch starts a call of kind l (see Start) that reads a value with get
// (a client method such as (*gateway.Client).TemplateGetList); the answer
// is wrap of its Reply, the pane's own message type.
func Fetch[T any](l *Load, c *Common, op string, background bool, get func(*gateway.Client, context.Context) (T, error), wrap func(Reply[T]) tea.Msg) tea.Cmd {
	ctx, call := l.Start(op, background)
	cl := c.Client
	return func() tea.Msg {
		v, err := get(cl, ctx)
		return wrap(Reply[T]{Call: call, Value: v, Err: err})
	}
}

// Hung answers a HungCheck of this load, as Poll.Hung does.
func (l *Load) Hung(chk HungCheck, after time.Duration) (time.Duration, tea.Cmd) {
	return hungFor(l.calls, l.call, chk, after)
}

// Current returns the id of the call in flight, 0 for none.
func (l *Load) Current() uint64 { return l.call }
