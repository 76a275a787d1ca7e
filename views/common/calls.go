package common

import (
	"context"
	"errors"
	"time"
)

// Calls tracks the host calls in flight so a slow or hung host never
// holds the operator: each call runs under its own cancellable child of
// the console's context. Foreground calls (the operator is waiting for
// them) make the shell show a spinner with their name, and Esc cancels
// them all; background calls (polls) show nothing and are cancelled only
// by the pane that started them (when it is hidden) or when the console
// quits.
//
// Calls is used from Update only (the shell and the panes all run on the
// Bubble Tea goroutine), so it needs no lock; a tea.Cmd gets the context,
// never the tracker.
type Calls struct {
	parent context.Context
	now    func() time.Time
	next   uint64
	live   map[uint64]*call
}

// call is one call in flight.
type call struct {
	op         string
	start      time.Time
	background bool
	cancel     context.CancelFunc
}

// NewCalls returns a tracker whose calls are children of parent; now is
// the clock Busy measures with.
func NewCalls(parent context.Context, now func() time.Time) *Calls {
	if now == nil {
		now = time.Now
	}
	return &Calls{parent: parent, now: now, live: map[uint64]*call{}}
}

// Begin starts a foreground call named op (e.g. "loading tasks"): the
// shell shows it with a spinner and Esc cancels it. The reply's handler
// must call End with the id; the command uses only the context.
func (c *Calls) Begin(op string) (context.Context, uint64) { return c.begin(op, false) }

// Background starts a call the operator is not waiting for, such as a
// poll: no spinner, and Esc leaves it alone. Cancel it when the view that
// polls is hidden.
func (c *Calls) Background(op string) (context.Context, uint64) { return c.begin(op, true) }

func (c *Calls) begin(op string, background bool) (context.Context, uint64) {
	ctx, cancel := context.WithCancel(c.parent)
	c.next++
	c.live[c.next] = &call{op: op, start: c.now(), background: background, cancel: cancel}
	return ctx, c.next
}

// End forgets a finished call and releases its context. It is safe to
// call twice, after Cancel, and with id 0 (no call).
func (c *Calls) End(id uint64) {
	if cl, ok := c.live[id]; ok {
		cl.cancel()
		delete(c.live, id)
	}
}

// Cancel abandons one call (foreground or background): its command sees
// its context cancelled, and the shell stops showing it at once.
func (c *Calls) Cancel(id uint64) { c.End(id) }

// CancelAll cancels every foreground call and returns how many there
// were; background calls go on.
func (c *Calls) CancelAll() int {
	n := 0
	for id, cl := range c.live {
		if !cl.background {
			cl.cancel()
			delete(c.live, id)
			n++
		}
	}
	return n
}

// Busy returns the newest foreground call's name and how long it has
// run, or "" when the operator is waiting for nothing.
func (c *Calls) Busy() (op string, since time.Duration) {
	var newest uint64
	for id, cl := range c.live {
		if !cl.background && id > newest {
			newest = id
		}
	}
	if newest == 0 {
		return "", 0
	}
	cl := c.live[newest]
	return cl.op, max(0, c.now().Sub(cl.start))
}

// Since returns how long call id has been in flight by the session
// clock; ok is false when it is not in flight.
func (c *Calls) Since(id uint64) (d time.Duration, ok bool) {
	cl, ok := c.live[id]
	if !ok {
		return 0, false
	}
	return max(0, c.now().Sub(cl.start)), true
}

// Pending returns how many calls (foreground and background) are in
// flight.
func (c *Calls) Pending() int { return len(c.live) }

// IsCancelled reports whether err comes from a cancelled call (Esc, a
// hidden pane, or the console quitting) rather than from the host.
func IsCancelled(err error) bool { return errors.Is(err, context.Canceled) }
