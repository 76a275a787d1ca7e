package common

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// MaxWait is the longest a poll or ping may be in flight before what it
// would refresh is shown as stale: a hung host (stopped, not refusing)
// shows at once, not when the call times out.
const MaxWait = 3 * time.Second

// HungAfter is how long a call refreshing every interval may take before
// it counts as hung: its interval, at most MaxWait.
func HungAfter(interval time.Duration) time.Duration {
	if interval <= 0 || interval > MaxWait {
		return MaxWait
	}
	return interval
}

// HungCheck is the tick a pane arms with a poll (the shell routes it back
// to that pane): when it fires, the pane asks Hung whether Call is still
// in flight, and for how long.
type HungCheck struct{ Call uint64 }

// CheckHung returns a tick that fires after d with a HungCheck for call.
func CheckHung(d time.Duration, call uint64) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return HungCheck{Call: call} })
}

// Current returns the id of the poll's call in flight, 0 for none.
func (p *Poll) Current() uint64 { return p.call }

// Hung answers a HungCheck of this poll: how long its call has been in
// flight (by the session clock) when that is at least after, else 0; and
// the tick to check again (a second later, or when after is reached), nil
// once the call is no longer in flight.
func (p *Poll) Hung(chk HungCheck, after time.Duration) (time.Duration, tea.Cmd) {
	return hungFor(p.calls, p.call, chk, after)
}

// hungFor answers chk for the call in flight, current, tracked by calls.
func hungFor(calls *Calls, current uint64, chk HungCheck, after time.Duration) (time.Duration, tea.Cmd) {
	if chk.Call == 0 || chk.Call != current {
		return 0, nil
	}
	d, ok := calls.Since(chk.Call)
	if !ok {
		return 0, nil
	}
	if d < after {
		return 0, CheckHung(after-d, chk.Call)
	}
	return d, CheckHung(time.Second, chk.Call)
}
