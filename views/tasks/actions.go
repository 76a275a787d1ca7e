package tasks

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/keymap"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
)

// keys holds the pane's own binding: * arms "all tasks" for the next
// pause, resume or reset (the key map's ResetAll key, with wider help).
type keys struct {
	All key.Binding
}

func newKeys(km keymap.KeyMap) keys {
	// Relabel keeps the binding's state: off in read-only mode.
	return keys{All: keymap.Relabel(km.Task.ResetAll, "all tasks…")}
}

// noTask is what a key that acts on the selected task says when no row
// is selected (a filter that matches none).
const noTask = "no task selected"

type (
	tickMsg    struct{ gen uint64 }
	fetchedMsg struct {
		gen      uint64
		call     uint64
		config   string
		active   string
		agent    string
		rows     []taskRow
		parseErr string
		err      error
	}
	// startMsg runs an action once the operator chose it (after the
	// confirm dialog, for reset), so its call starts only then.
	startMsg struct{ verb, task, config, what string }
	doneMsg  struct {
		op, ok string
		call   uint64
		err    error
		verb   string
		config string
		task   string              // "*" for all tasks
		status *gateway.TaskStatus // the task read again after the action
	}
)

// fetch reads the agent's state, the configuration's tasks document and
// each task's status in one command, unless one is already running. A
// foreground fetch is one the operator waits for (spinner, Esc cancels);
// polls run in the background.
func (m *Model) fetch(foreground bool) tea.Cmd {
	if m.poll.InFlight() {
		return nil
	}
	op := "loading tasks"
	if !foreground {
		op = "polling tasks"
	}
	ctx, call := m.poll.Start(op, !foreground)
	gen, cl, picked := m.poll.Gen(), m.c.Client, m.picked
	return tea.Batch(common.CheckHung(common.HungAfter(m.interval()), call), func() tea.Msg {
		out := fetchedMsg{gen: gen, call: call, config: picked}
		st, err := cl.AgentGetStatus(ctx)
		if err != nil {
			out.err = err
			return out
		}
		out.agent, out.active = st.Agent, st.Config
		if out.config == "" {
			out.config = st.Config
		}
		if out.config == "" {
			return out
		}
		doc, err := cl.ConfigGetTasks(ctx, out.config)
		if err != nil {
			out.err = err
			return out
		}
		ts, err := hostdoc.ParseTasks([]byte(doc))
		if err != nil {
			out.parseErr = err.Error()
			return out
		}
		out.rows = make([]taskRow, len(ts.Tasks))
		offline := strings.EqualFold(st.Agent, "Offline")
		for i, t := range ts.Tasks {
			out.rows[i].Name, out.rows[i].Off, out.rows[i].Sched = t.Name, !t.Enabled, t.Schedule
			out.rows[i].next, _ = t.Schedule.Compile()
			if offline {
				out.rows[i].Status.Status = "Offline"
				out.rows[i].Offline = true
				continue
			}
			ts, err := cl.TaskGetStatus(ctx, out.config, t.Name)
			if err != nil {
				if common.IsSessionError(err) {
					out.err = err
					return out
				}
				out.rows[i].Err = err.Error()
				continue
			}
			out.rows[i].Status, out.rows[i].Known = ts, true
		}
		return out
	})
}

// action pauses, resumes or resets one task or every task ("*"); a reset
// asks first, since it clears statistics and the log.
func (m *Model) action(verb, task string) tea.Cmd {
	switch {
	case m.config == "":
		return nil
	case task == "" && len(m.rows) > 0:
		return common.Flash(noTask) // the filter lets none through
	case task == "":
		return nil
	}
	if m.c.ReadOnly {
		return common.FlashError("read-only mode: cannot " + verb + " tasks (" + m.c.ReadOnlyRemedy() + ")")
	}
	config := m.config
	what := "task " + task
	if task == "*" {
		what = "all " + common.Count(len(m.rows), "task")
	}
	start := startMsg{verb: verb, task: task, config: config, what: what}
	if verb != "reset" && task == "*" {
		return m.pauseOrResumeAll(start)
	}
	if verb != "reset" {
		return m.start(start)
	}
	run := func() tea.Msg { return start }
	body := fmt.Sprintf("Reset %s of %s? Their execution counts, error counts and logs are cleared. This cannot be undone.", what, config)
	if task != "*" {
		body = fmt.Sprintf("Reset %s of %s? Its execution count, error count and log are cleared. This cannot be undone.", what, config)
	}
	return func() tea.Msg {
		return common.ConfirmMsg{Title: "Reset " + what, Body: body, Action: "Reset", OnConfirm: run}
	}
}

// pauseOrResumeAll asks before pausing or resuming every task, naming the
// tasks it changes and those it leaves as they are: some may be paused on
// purpose. With none to change it says so and sends nothing.
func (m *Model) pauseOrResumeAll(start startMsg) tea.Cmd {
	var change, already, unknown []string
	for _, r := range m.rows {
		name := sanitize.SanitizeLine(r.Name)
		switch paused := r.Status.Status == "Paused"; {
		case !r.Known:
			unknown = append(unknown, name) // the call acts on it too, whatever it is
		case paused == (start.verb == "resume"):
			change = append(change, name)
		default:
			already = append(already, name)
		}
	}
	if len(change) == 0 && len(unknown) > 0 {
		return common.Flash(fmt.Sprintf("the status of %s of %s is not read yet; %s reads it",
			common.Count(len(unknown), "task"), start.config, m.c.Keys.Global.Refresh.Help().Key))
	}
	if len(change) == 0 {
		if start.verb == "resume" {
			return common.Flash("no task of " + start.config + " is paused; nothing to resume")
		}
		return common.Flash("every task of " + start.config + " is already paused; nothing to pause")
	}
	start.what = common.Count(len(change), "task")
	var body string
	switch start.verb {
	case "resume":
		start.what = common.Count(len(change), "paused task")
		body = fmt.Sprintf("They run on their schedules again: %s.", names(change))
		if len(change) == 1 {
			body = fmt.Sprintf("%s runs on its schedule again.", change[0])
		}
	default:
		body = fmt.Sprintf("They stop running on their schedules (a run under way finishes first): %s.", names(change))
		if len(already) > 0 {
			body += fmt.Sprintf(" Already paused, and left so: %s.", names(already))
		}
	}
	if len(unknown) > 0 {
		body += fmt.Sprintf(" Not read yet, and %sd too if need be: %s.", start.verb, names(unknown))
	}
	title := strings.ToUpper(start.verb[:1]) + start.verb[1:] + " " + start.what + " of " + start.config
	run := func() tea.Msg { return start }
	return func() tea.Msg {
		return common.ConfirmMsg{Title: title, Body: body, Action: strings.ToUpper(start.verb[:1]) + start.verb[1:], OnConfirm: run}
	}
}

// names lists task names for a question, the sixth on as a count.
func names(ns []string) string {
	if len(ns) > 6 {
		ns = append(ns[:5:5], fmt.Sprintf("and %d more", len(ns)-5))
	}
	return strings.Join(ns, ", ")
}

// start sends a pause, resume or reset the operator chose.
func (m *Model) start(a startMsg) tea.Cmd {
	config, task := a.config, a.task
	var call func(context.Context, *gateway.Client) error
	switch a.verb {
	case "pause":
		call = func(ctx context.Context, cl *gateway.Client) error { return cl.TaskPause(ctx, config, task) }
	case "resume":
		call = func(ctx context.Context, cl *gateway.Client) error { return cl.TaskResume(ctx, config, task) }
	default:
		call = func(ctx context.Context, cl *gateway.Client) error { return cl.TaskReset(ctx, config, task) }
	}
	ing := map[string]string{"pause": "pausing", "resume": "resuming", "reset": "resetting"}[a.verb]
	past := map[string]string{"pause": "paused", "resume": "resumed", "reset": "reset"}[a.verb]
	ctx, id := m.c.Calls.Begin(ing + " " + a.what)
	cl, resumeKey, pauseKey := m.c.Client, m.c.Keys.Task.Resume.Help().Key, m.c.Keys.Task.Pause.Help().Key
	return func() tea.Msg {
		out := doneMsg{op: a.verb + " " + a.what, ok: fmt.Sprintf("%s %s of %s", past, a.what, config), call: id,
			verb: a.verb, config: config, task: task}
		if a.verb != "reset" && task != "*" {
			// The host takes a second pause, or a resume of a task that
			// runs, as done: say how it was instead.
			st, err := cl.TaskGetStatus(ctx, config, task)
			switch {
			case err != nil:
			case a.verb == "pause" && st.Status == "Paused":
				out.ok, out.status = fmt.Sprintf("%s of %s is already paused (%s resumes it)", a.what, config, resumeKey), &st
				return out
			case a.verb == "resume" && st.Status != "Paused":
				out.ok, out.status = fmt.Sprintf("%s of %s is not paused (%s pauses it)", a.what, config, pauseKey), &st
				return out
			}
		}
		if out.err = call(ctx, cl); out.err != nil || task == "*" {
			return out
		}
		// Read the row again at once, so it does not wait for the next poll.
		if st, err := cl.TaskGetStatus(ctx, config, task); err == nil {
			out.status = &st
		}
		return out
	}
}

// done shows an action's result: the changed row at once, then every row
// at the next refresh, which starts now.
func (m *Model) done(msg doneMsg) tea.Cmd {
	m.c.Calls.End(msg.call)
	if msg.err != nil {
		return common.Fail(msg.op, msg.err)
	}
	text := msg.ok
	if msg.status != nil && msg.config == m.config {
		for i := range m.rows {
			if m.rows[i].Name == msg.task {
				m.rows[i].Status, m.rows[i].Known, m.rows[i].Stale, m.rows[i].Err = *msg.status, true, false, ""
			}
		}
		before := m.selected()
		m.sortRows()
		m.fitColumns()
		m.list.SetRows(m.tableRows())
		m.selectTask(before)
		if msg.verb == "pause" && strings.EqualFold(msg.status.Status, "Executing") {
			text += " (its current run finishes first)"
		}
	}
	if m.full != nil {
		return tea.Batch(common.Flash(text), m.restart(false), m.full.Refresh())
	}
	return tea.Batch(common.Flash(text), m.restart(false))
}
