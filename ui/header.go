package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"dpconsole/gateway"
	"dpconsole/views/common"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
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
	h.running = true
	return h.fetch(c)
}

// stop ends the loop: the refresh in flight is cancelled, and ticks and
// replies of the old generation are dropped.
func (h *header) stop(c *common.Common) {
	h.gen++
	h.running = false
	c.Calls.Cancel(h.call)
	h.call = 0
}

// fetch asks the host for the header's data in a command. It is a
// background call: no spinner, and Esc does not cancel it.
func (h *header) fetch(c *common.Common) tea.Cmd {
	parent, call := c.Calls.Background("refreshing the agent status")
	h.call = call
	client, now, gen := c.Client, c.Now, h.gen
	return func() tea.Msg {
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
	}
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
	case statusMsg:
		c.Calls.End(msg.call)
		if msg.gen != h.gen || !h.running {
			return nil, true
		}
		h.call = 0
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
		h.have, h.status, h.latency, h.pingErr = true, msg.status, msg.latency, msg.pingErr
		h.failures, h.retryIn, h.problem = 0, 0, ""
		return h.tick(interval)
	case common.IsSessionError(msg.err):
		// The shell sends the operator back to login and restarts the loop after.
		h.running = false
		return common.Fail("refresh the agent status", msg.err)
	case gateway.IsTransport(msg.err) || errors.Is(msg.err, context.DeadlineExceeded):
		h.failures++
		h.retryIn = backoff(h.failures)
		return h.tick(h.retryIn)
	default:
		h.failures, h.retryIn = 0, 0
		h.problem = msg.err.Error()
		return h.tick(interval)
	}
}

// headerInfo is what the header shows besides the host's answers.
type headerInfo struct {
	version string
	gateway string
	user    string
	demo    bool
}

// view renders the header's lines at width.
func (h *header) view(c *common.Common, info headerInfo, width int) string {
	s := c.Styles
	label := func(t string) string { return s.HeaderLabel.Render(t) }
	value := func(t string) string { return s.HeaderValue.Render(t) }
	status := func(t string) string {
		if t == "" {
			t = "—"
		}
		return s.StatusStyle(t).Inherit(s.HeaderValue).Render(t)
	}
	sep := s.HeaderLabel.Render("  ")

	var first []string
	switch {
	case !h.running && !h.have:
		first = append(first, label("dpconsole "+info.version), sep, label("not logged in"))
	case h.failures > 0:
		first = append(first, s.StatusBad.Inherit(s.HeaderValue).Render(
			fmt.Sprintf("host not answering (retry in %s)", h.retryIn)))
	case h.problem != "":
		first = append(first, s.StatusBad.Inherit(s.HeaderValue).Render(clip(h.problem, max(10, width-4))))
	case h.have:
		st := h.status
		ping := "—"
		if h.pingErr == nil {
			ping = latency(h.latency)
		}
		first = append(first,
			label("agent "), status(st.Agent), sep,
			label("config "), value(orDash(st.Config)), label(" "), status(st.ConfigStatus), sep,
			label("tasks "), status(st.TaskStatus), sep,
			label("ping "), value(ping))
	default:
		first = append(first, label("loading agent status…"))
	}
	var second []string
	if app := strings.TrimSpace(h.status.AppName + " " + h.status.AppVersion); h.have && app != "" {
		second = append(second, value(app), sep)
	}
	second = append(second, label("gateway "), value(info.gateway))
	if info.user != "" {
		second = append(second, sep, label("user "), value(info.user))
	}
	line1 := strings.Join(first, "")
	line2 := strings.Join(second, "")
	if info.demo {
		badge := s.Badge.Render("OFFLINE DEMO")
		line1 = fitLeftRight(line1, badge, width-s.Header.GetHorizontalFrameSize())
	}
	bar := s.Header.Width(max(0, width))
	return bar.Render(truncate(line1, width-s.Header.GetHorizontalFrameSize())) + "\n" +
		bar.Render(truncate(line2, width-s.Header.GetHorizontalFrameSize()))
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

// fitLeftRight places right at the end of a line of width w, cutting left
// so right (the badge) always shows.
func fitLeftRight(left, right string, w int) string {
	rw := lipgloss.Width(right)
	left = truncate(left, max(0, w-rw-1))
	gap := max(1, w-lipgloss.Width(left)-rw)
	return left + strings.Repeat(" ", gap) + right
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:max(0, n-1)]) + "…"
}
