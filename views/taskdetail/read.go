package taskdetail

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/msgroute"
	"dpconsole/views/common"
)

// Reading the task: its definition, status and where its ID and script
// resolve in one command, its log in another, then polls of its status.

// fetch reads the definition, the status, the log and where the ID and
// script resolve, in one command. Foreground reads show the shell's
// spinner; a refresh after an action does not.
func (m *Model) fetch(foreground bool) tea.Cmd {
	ctx, call := m.poll.Start("reading task "+m.task, !foreground)
	cl, config, task, gen, runs := m.c.Client, m.config, m.task, m.poll.Gen(), m.runs()
	return tea.Batch(m.checkHung(call), func() tea.Msg {
		out := loadedMsg{call: call, gen: gen}
		text, err := cl.ConfigGetTasks(ctx, config)
		if err != nil {
			out.err = err
			return out
		}
		ts, err := hostdoc.ParseTasks([]byte(text))
		if err != nil {
			out.err = err
			return out
		}
		if out.def = ts.Find(task); out.def == nil {
			out.err = fmt.Errorf("%s has no task %s any more", config, task)
			return out
		}
		if b, err := hostdoc.MarshalTask(out.def); err == nil {
			out.xml = string(common.SelfClose(b))
		}
		out.status, out.statErr = cl.TaskGetStatus(ctx, config, task)
		out.id = resolve(ctx, out.def.ID,
			func(ctx context.Context, n string) error { _, err := cl.ConfigGetID(ctx, config, n); return err },
			func(ctx context.Context, n string) error { _, err := cl.SharedGetID(ctx, n); return err })
		out.script = resolve(ctx, out.def.Script,
			func(ctx context.Context, n string) error { _, err := cl.ConfigGetScript(ctx, config, n); return err },
			func(ctx context.Context, n string) error { _, err := cl.SharedGetScript(ctx, n); return err })
		out.runs = runs // the log is read next, on its own (readRuns): a big one must not hold the rest
		return out
	})
}

// checkHung arms the check that marks what shows as the last known when
// call has no answer within the poll's interval (at most
// common.MaxWait), addressed to this detail as its ticks are. The log's
// read is not checked: a big log takes its time, and the status it
// follows was answered.
func (m *Model) checkHung(call uint64) tea.Cmd {
	to := m // the address only
	return msgroute.To(to, common.CheckHung(common.HungAfter(m.interval()), call))
}

// readRuns reads the task's log after a full read, in a command of its
// own; its answer is a poll's, with the status as the full read left it.
func (m *Model) readRuns(gen uint64) tea.Cmd {
	g := m.got
	ctx, call := m.poll.Start("reading the log of task "+m.task, true)
	cl, config, task, runs := m.c.Client, m.config, m.task, g.runs
	status, statErr := g.status, g.statErr
	return func() tea.Msg {
		r, err := runs.Fetch(ctx, cl, config, task)
		return polledMsg{call: call, gen: gen, status: status, statErr: statErr, runs: &r, runsErr: err}
	}
}

// runs is the executions last read (none before the first read).
func (m *Model) runs() Runs {
	if m.got == nil {
		return Runs{}
	}
	return m.got.runs
}

// refresh is a poll: the status, then (onPolled) the log again only when
// the counts or the last start changed since it was read (or its read
// failed, not for being too large), so an idle task costs one call. The
// log is read in a command of its own, so a big one does not leave the
// status unanswered.
func (m *Model) refresh() tea.Cmd {
	g := m.got
	if g == nil || g.err != nil || g.def == nil {
		return m.fetch(false) // nothing read yet to poll: read it all
	}
	if m.poll.InFlight() {
		return nil
	}
	ctx, call := m.poll.Start("polling task "+m.task, true)
	cl, config, task, gen := m.c.Client, m.config, m.task, m.poll.Gen()
	return tea.Batch(m.checkHung(call), func() tea.Msg {
		out := polledMsg{call: call, gen: gen}
		out.status, out.statErr = cl.TaskGetStatus(ctx, config, task)
		return out
	})
}

// RereadLog reports whether a task's log should be read again, from the
// status it was read at, the status now and how the last read ended: when
// an execution started or ended since. A read that failed is not tried
// again until then either (a log that does not parse, or does not arrive
// in time, would fail the same way on every poll; r reads it at once), and
// a log too large to read only once it was reset.
func RereadLog(was, now gateway.TaskStatus, lastErr error) bool {
	same := was.ExecCount == now.ExecCount && was.ErrorCount == now.ErrorCount &&
		was.StartTime.Equal(now.StartTime) && was.EndTime.Equal(now.EndTime)
	if TooLarge(lastErr) {
		return now.ExecCount < was.ExecCount
	}
	return !same
}

// tick arms the next poll, addressed to this detail.
func (m *Model) tick(gen uint64) tea.Cmd {
	to := m // the address only: the command never reads the model
	return msgroute.To(to, m.poll.Next(gen, m.interval(), func(gen uint64) tea.Msg { return tickMsg{gen: gen} }))
}

// resolve says where name is found: the configuration first, then the
// shared area, as a run looks (docs/protocol.md §13).
func resolve(ctx context.Context, name string, inConfig, inShared func(context.Context, string) error) string {
	if name == "" {
		return ""
	}
	switch err := inConfig(ctx, name); {
	case err == nil:
		return InConfig
	case !errors.Is(err, gateway.ErrNotFound):
		return Unknown
	}
	switch err := inShared(ctx, name); {
	case err == nil:
		return InShared
	case errors.Is(err, gateway.ErrNotFound):
		return Missing
	}
	return Unknown
}
