package logs

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/logtail"
	"dpconsole/text/bytesize"
	"dpconsole/views/common"
	"dpconsole/widgets/logview"
)

// base is the configured poll interval.
func (m *Model) base() time.Duration {
	if m.c.LogRefresh > 0 {
		return m.c.LogRefresh
	}
	return DefaultRefresh
}

// fetch streams the log in a command that parses only what the host
// appended since the held tail (gateway/logtail), so Update only appends. A foreground fetch (opening a log) shows the
// shell's spinner and Esc cancels it; polls run in the background.
func (m *Model) fetch(foreground bool) tea.Cmd {
	if m.poll.InFlight() || m.stopped {
		return nil
	}
	op := "loading the " + m.target.String()
	if !foreground {
		op = "polling the " + m.target.String()
	}
	ctx, call := m.poll.Start(op, !foreground)
	gen, t, tail := m.poll.Gen(), m.target, m.tail // the command polls a copy
	cl := m.c.Client
	hung := common.CheckHung(m.hungAfter(), call)
	target := logtail.Target{Config: t.Config, Task: t.Task}
	if m.loaded {
		return tea.Batch(hung, func() tea.Msg {
			start := time.Now()
			up, err := tail.Fetch(ctx, cl, target, nil)
			return logMsg{gen: gen, call: call, target: t, tail: tail, up: up, took: time.Since(start), err: err}
		})
	}
	// The first load of a big log shows how far it is, and its entries as
	// they are parsed: all of it comes through a feed, its reply last.
	f := newFeed(gen)
	m.feed = f
	ctx = gateway.WithProgress(ctx, f.progress)
	load := func() tea.Msg {
		start := time.Now()
		up, err := tail.Fetch(ctx, cl, target, f.add)
		f.finish(logMsg{gen: gen, call: call, target: t, tail: tail, up: up, took: time.Since(start), err: err, streamed: true})
		return nil
	}
	// The wait last, so a runner that runs commands one by one (the
	// tests') finds the load done.
	return tea.Batch(hung, load, f.wait())
}

// onFeed shows what a first load parsed so far and, after its last
// entries, takes its reply. A feed of a load the pane no longer waits for
// is still drained to its reply, which onLog drops.
func (m *Model) onFeed(msg feedMsg) tea.Cmd {
	f := msg.f
	if f == m.feed && f.gen == m.poll.Gen() && !m.loaded {
		if msg.read > 0 {
			if m.loading == nil || msg.read > m.loading.read {
				m.progressAt = m.c.Now() // the answer is arriving: not hung
			}
			m.loading = &loadProgress{read: msg.read, total: msg.total}
		}
		if len(msg.entries) > 0 {
			if f.shown {
				m.view.Append(toView(msg.entries)...)
				m.recent = tailOf(m.recent, msg.entries)
			} else {
				// The first entries of this load replace whatever an
				// earlier, failed or cancelled load showed.
				m.view.Reset(toView(msg.entries))
				m.recent = tailOf(nil, msg.entries)
				f.shown = true
			}
		}
	}
	if msg.done == nil {
		return f.wait()
	}
	done := *msg.done
	done.shown = f.shown
	if f == m.feed {
		m.feed = nil
		if done.err != nil && f.shown {
			// A first load that broke off or was cancelled showed the
			// oldest part of an answer never finished: it is not the log
			// (its newest entries never came), so it goes.
			m.view.Reset(nil)
			m.recent = nil
			if common.IsCancelled(done.err) {
				m.view.SetEmptyText("not loaded: press " + m.c.Keys.Global.Refresh.Help().Key + " to load the log")
			}
		}
	}
	return m.onLog(done)
}

// hungAfter is how long a fetch may be in flight before the log shows
// as stale: the poll's interval, at most common.MaxWait.
func (m *Model) hungAfter() time.Duration {
	return common.HungAfter(m.interval())
}

// interval is how long the pane waits between polls: the configured
// refresh, or longer when a poll costs more, so tailing a big log takes
// at most about a tenth of a core and of the link.
func (m *Model) interval() time.Duration { return max(m.base(), m.every) }

func (m *Model) onLog(msg logMsg) tea.Cmd {
	if msg.call == m.poll.Current() {
		m.hung = 0
	}
	if !m.poll.Reply(msg.call, msg.gen, msg.err) || msg.target != m.target {
		return nil // superseded, cancelled (Esc pauses polling), another log, or hidden meanwhile
	}
	if msg.err != nil && common.IsSessionError(msg.err) {
		m.stopped = true
		return common.Fail("read the "+m.target.String(), msg.err)
	}
	if msg.err != nil {
		// A failure like the last one posts no new notice: the title
		// already says the host is not answering.
		again := m.lastErr != nil && m.lastErr.Error() == msg.err.Error()
		m.lastErr = msg.err
		m.offline = isOffline(msg.err)
		m.hostDown = unreachable(msg.err)
		switch {
		case m.tooLarge():
			// Read again only now and then: each try reads up to the limit.
			m.every = maxEvery
			m.view.SetEmptyText(fmt.Sprintf("the log is larger than the %s the console reads: raise max_log_size in the config file (or --max-log-size) to see it",
				bytesize.Format(m.c.Client.MaxLogSize())))
		case m.offline:
			m.view.SetEmptyText("agent offline — press " + m.c.Keys.Agent.Start.Help().Key + " to start it; the log shows again once it runs")
		case m.hostDown:
			m.view.SetEmptyText("host not answering — nothing shown yet; retrying")
			if !again {
				m.view.Notice("host not answering: " + msg.err.Error())
			}
		case !again:
			m.view.Notice("refresh failed: " + msg.err.Error())
		}
		return m.rearm(msg.gen)
	}
	m.lastErr, m.offline, m.hostDown = nil, false, false
	m.view.SetEmptyText("log empty")
	up := msg.up
	if up.Reset && up.Kept > 0 {
		// Some shown entries are still the host's, the rest are not, and
		// the view cannot drop only those: read the log afresh, now.
		m.tail = logtail.Tail{}
		return m.fetch(false)
	}
	switch {
	case up.Fresh && msg.streamed:
		if !msg.shown { // an empty log: clear what an earlier load showed
			m.view.Reset(nil)
			m.recent = nil
		}
	case up.Fresh:
		m.view.Reset(toView(up.New))
		m.recent = tailOf(nil, up.New)
	case up.Reset:
		// A host that keeps a bounded log drops its oldest entries: the
		// ones shown last are still there, so it was trimmed, not reset.
		trimmed := len(m.recent) > 0 && contains(up.New, m.recent)
		m.view.Reset(toView(up.New))
		if !trimmed {
			m.view.Notice(m.resetNotice(up.Info))
		}
		m.recent = tailOf(nil, up.New)
	case len(up.New) > 0:
		m.view.Append(toView(up.New)...)
		m.recent = tailOf(m.recent, up.New)
	}
	m.tail, m.loaded, m.loading = msg.tail, true, nil
	m.every, m.size = pollCost(msg.took), up.Bytes
	return m.rearm(msg.gen)
}

// pollCost is the interval that keeps polls to about a tenth of the time:
// a poll that took took waits ten times that, at most maxEvery.
func pollCost(took time.Duration) time.Duration {
	return min(10*took, maxEvery).Round(time.Second)
}

// maxEvery is the longest the pane waits between polls.
const maxEvery = time.Minute

// rearm schedules the next poll after a reply of generation gen, unless
// the pane was hidden or reopened meanwhile. The interval grows with the
// log.
func (m *Model) rearm(gen uint64) tea.Cmd {
	return m.poll.Next(gen, m.interval(), func(gen uint64) tea.Msg { return tickMsg{gen: gen} })
}

// resetNotice says why the log was shown afresh. It gives no count of
// entries: more arrive while the notice shows, and the status line has
// the count. The agent's start time is shown as its entries' times are.
func (m *Model) resetNotice(info hostdoc.LogInfo) string {
	if info.Kind == "AgentLog" {
		return "the agent restarted: its new log began at " + m.clock(info.Started) + " and is shown from its start"
	}
	return "the log was reset or shrank on the host: it is shown afresh from its start"
}

// clock words t as the log view shows times: local unless the view shows
// UTC, with the date only when it is not today.
func (m *Model) clock(t time.Time) string {
	now := m.c.Now()
	layout, suffix := "15:04:05", ""
	if m.view.TimeMode() == logview.TimeUTC {
		t, now, suffix = t.UTC(), now.UTC(), " UTC"
	} else {
		t, now = t.Local(), now.Local()
	}
	if t.YearDay() != now.YearDay() || t.Year() != now.Year() {
		layout = "2006-01-02 15:04:05"
	}
	return t.Format(layout) + suffix
}
