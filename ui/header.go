package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
)

// Header refresh timing: a steady interval while the host answers, and an
// exponential backoff from backoffMin to backoffMax while it does not.
const (
	headerInterval = 5 * time.Second
	headerTimeout  = 10 * time.Second
	backoffMin     = time.Second
	backoffMax     = 30 * time.Second
)

// statusMsg carries one refresh of the header: agentGetStatus then agentPing.
type statusMsg struct {
	gen     uint64
	call    uint64 // common.Calls id
	status  gateway.AgentStatus
	err     error // from agentGetStatus
	latency time.Duration
	pingErr error
}

// headerTickMsg re-arms the refresh; a stale generation is dropped, so
// only one refresh loop ever runs.
type headerTickMsg struct{ gen uint64 }

// headerHungMsg checks whether the refresh call is still in flight: one
// in flight longer than the interval (at most common.MaxWait) marks the
// header stale at once, long before the call times out.
type headerHungMsg struct{ gen, call uint64 }

// header is the always-visible status bar.
type header struct {
	gen      uint64
	call     uint64 // the refresh in flight (a background call)
	running  bool   // a loop is armed (logged in)
	have     bool   // status holds a real answer
	status   gateway.AgentStatus
	latency  time.Duration
	pingErr  error
	failures int           // consecutive times the host did not answer
	retryIn  time.Duration // the wait before the next try while failing
	problem  string        // the last non-transport failure, shown instead of the status
	interval time.Duration
	ended    bool          // the host refused the session: the operator is at login
	pinged   bool          // lastPing holds a real answer
	lastPing time.Duration // the last ping that answered, kept while pings fail
	hung     time.Duration // the refresh in flight has had no answer this long
}

// sessionEnded records that the host refused the session: the header
// says "not logged in" instead of an old failure or status.
func (h *header) sessionEnded() {
	h.ended = true
	h.failures, h.retryIn, h.problem = 0, 0, ""
}

// backoff returns the wait after n consecutive failures: 1s, 2s, 4s, … 30s.
func backoff(n int) time.Duration {
	d := backoffMin
	for i := 1; i < n && d < backoffMax; i++ {
		d *= 2
	}
	return min(d, backoffMax)
}

// start begins (or restarts) the refresh loop now.
func (h *header) start(c *common.Common) tea.Cmd {
	h.stop(c)
	h.running, h.ended = true, false
	return h.fetch(c)
}

// stop ends the loop: the refresh in flight is cancelled, and ticks and
// replies of the old generation are dropped.
func (h *header) stop(c *common.Common) {
	h.gen++
	h.running = false
	c.Calls.Cancel(h.call)
	h.call, h.hung = 0, 0
}

// fetch asks the host for the header's data in a command. It is a
// background call: no spinner, and Esc does not cancel it.
func (h *header) fetch(c *common.Common) tea.Cmd {
	parent, call := c.Calls.Background("refreshing the agent status")
	h.call = call
	client, now, gen := c.Client, c.Now, h.gen
	return tea.Batch(h.checkHung(call, h.hungAfter()), func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, headerTimeout)
		defer cancel()
		msg := statusMsg{gen: gen, call: call}
		msg.status, msg.err = client.AgentGetStatus(ctx)
		if msg.err != nil {
			return msg
		}
		t0 := now()
		msg.pingErr = client.AgentPing(ctx)
		msg.latency = now().Sub(t0)
		return msg
	})
}

// hungAfter is how long a refresh may be in flight before the header
// shows the host as not answering: the interval, at most common.MaxWait.
func (h *header) hungAfter() time.Duration {
	if h.interval > 0 {
		return common.HungAfter(h.interval)
	}
	return common.HungAfter(headerInterval)
}

func (h *header) checkHung(call uint64, d time.Duration) tea.Cmd {
	gen := h.gen
	return tea.Tick(d, func(time.Time) tea.Msg { return headerHungMsg{gen: gen, call: call} })
}

// hungCheck marks the header stale while the refresh call is in flight
// longer than hungAfter, by the session clock, and checks again each
// second until it answers.
func (h *header) hungCheck(c *common.Common, msg headerHungMsg) tea.Cmd {
	if msg.gen != h.gen || msg.call != h.call || msg.call == 0 {
		return nil
	}
	d, ok := c.Calls.Since(msg.call)
	if !ok {
		return nil
	}
	if after := h.hungAfter(); d < after {
		return h.checkHung(msg.call, after-d)
	}
	h.hung = d.Truncate(time.Second)
	return h.checkHung(msg.call, time.Second)
}

func (h *header) tick(d time.Duration) tea.Cmd {
	gen := h.gen
	return tea.Tick(d, func(time.Time) tea.Msg { return headerTickMsg{gen: gen} })
}

// update handles the header's own messages; ok is false for others.
func (h *header) update(c *common.Common, msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case headerTickMsg:
		if msg.gen != h.gen || !h.running {
			return nil, true
		}
		return h.fetch(c), true
	case headerHungMsg:
		return h.hungCheck(c, msg), true
	case statusMsg:
		c.Calls.End(msg.call)
		if msg.gen != h.gen || !h.running {
			return nil, true
		}
		h.call, h.hung = 0, 0
		return h.received(msg), true
	}
	return nil, false
}

func (h *header) received(msg statusMsg) tea.Cmd {
	interval := h.interval
	if interval <= 0 {
		interval = headerInterval
	}
	switch {
	case msg.err == nil:
		h.have, h.status, h.latency, h.pingErr = true, shown(msg.status), msg.latency, msg.pingErr
		h.failures, h.retryIn, h.problem = 0, 0, ""
		if msg.pingErr == nil {
			h.pinged, h.lastPing = true, msg.latency
		}
		return h.tick(interval)
	case common.IsSessionError(msg.err):
		// The shell sends the operator back to login and restarts the loop after.
		h.running = false
		h.sessionEnded()
		return common.Fail("refresh the agent status", msg.err)
	case gateway.IsTransport(msg.err) || errors.Is(msg.err, context.DeadlineExceeded):
		h.failures++
		h.retryIn = backoff(h.failures)
		return h.tick(h.retryIn)
	default:
		h.failures, h.retryIn = 0, 0
		h.problem = sanitize.SanitizeLine(msg.err.Error())
		return h.tick(interval)
	}
}

// shown is the host's status as the header shows it: every field is the
// host's text, so each is sanitised once, here, not on every frame.
func shown(st gateway.AgentStatus) gateway.AgentStatus {
	for _, f := range []*string{&st.Agent, &st.AppName, &st.AppVersion, &st.Config, &st.ConfigStatus, &st.TaskStatus} {
		*f = sanitize.SanitizeLine(*f)
	}
	return st
}

// latency words a ping time for the header: "<1ms", "3ms", "1.2s".
func latency(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return "<1ms"
	case d.Round(time.Millisecond) < time.Second:
		return fmt.Sprintf("%dms", d.Round(time.Millisecond).Milliseconds())
	default:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
