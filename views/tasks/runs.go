package tasks

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
	"dpconsole/views/taskdetail"
)

// maxLogReads bounds the task logs read at once for the Recent column.
const maxLogReads = 2

// taskRuns is what the table holds of one task's log for its Recent
// column: the executions read (incrementally, see taskdetail.Runs), the
// status they were read at, how the last read ended, and the poll it was
// last tried in, so no log is read more often than the table polls.
type taskRuns struct {
	runs  taskdetail.Runs
	at    gateway.TaskStatus
	err   error
	tried int
}

// logs are the Recent column's reads, for the tasks of the configuration
// shown only.
type logs struct {
	config string              // the configuration they belong to
	gen    uint64              // bumped when they are dropped: older replies die
	byTask map[string]taskRuns // by task name
	busy   map[string]uint64   // task → the read in flight (its call)
	polls  int                 // the table's polls answered
}

// runsMsg is one log read for the Recent column.
type runsMsg struct {
	gen, call    uint64
	config, task string
	at           gateway.TaskStatus
	runs         taskdetail.Runs
	err          error
}

// dropLogs forgets every strip (another configuration is shown) and
// abandons the reads in flight.
func (m *Model) dropLogs(config string) {
	m.stopLogs()
	m.logs.config, m.logs.byTask = config, nil
}

// stopLogs abandons the reads in flight (the pane is hidden); what was
// read is kept for the same tasks.
func (m *Model) stopLogs() {
	for _, call := range m.logs.busy {
		m.c.Calls.Cancel(call)
	}
	m.logs.busy = nil
	m.logs.gen++
}

// inView lists the rows the table shows now. Filtered, the picker does
// not say which rows pass, so every row is a candidate; reads stay
// bounded by maxLogReads and by the counts changing.
func (m *Model) inView() []int {
	n := len(m.rows)
	lo, hi := 0, n
	if !m.list.Filtered() {
		above, below := m.list.Hidden()
		lo, hi = min(above, n), max(min(n, n-below), 0)
	}
	out := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		out = append(out, i)
	}
	return out
}

// readLogs starts reads, up to maxLogReads at once, of the logs of the
// tasks in view whose strip is unknown or whose counts changed since it
// was read; each task is tried at most once per poll. Nothing is read
// while the Recent column does not show.
func (m *Model) readLogs() tea.Cmd {
	if !m.cols.runs || m.config == "" || m.config != m.logs.config {
		return nil
	}
	var cmds []tea.Cmd
	for _, i := range m.inView() {
		if len(m.logs.busy) >= maxLogReads {
			break
		}
		r := m.rows[i]
		have, ok := m.logs.byTask[r.Name]
		_, busy := m.logs.busy[r.Name]
		switch {
		case busy, !r.Known, r.Err != "", ok && have.tried == m.logs.polls:
			continue
		case ok && !taskdetail.RereadLog(have.at, r.Status, have.err):
			continue
		}
		have.tried = m.logs.polls
		if m.logs.byTask == nil {
			m.logs.byTask = map[string]taskRuns{}
		}
		m.logs.byTask[r.Name] = have
		cmds = append(cmds, m.readLog(r.Name, r.Status, have.runs))
	}
	return tea.Batch(cmds...)
}

// readLog reads one task's log in a command, from what was read before.
func (m *Model) readLog(task string, at gateway.TaskStatus, runs taskdetail.Runs) tea.Cmd {
	ctx, call := m.c.Calls.Background("reading the log of task " + task)
	if m.logs.busy == nil {
		m.logs.busy = map[string]uint64{}
	}
	m.logs.busy[task] = call
	cl, config, gen := m.c.Client, m.config, m.logs.gen
	return func() tea.Msg {
		out := runsMsg{gen: gen, call: call, config: config, task: task, at: at}
		out.runs, out.err = runs.Fetch(ctx, cl, config, task)
		return out
	}
}

// onRuns keeps a read's strip when it is of the tasks shown, and starts
// the reads waiting for its turn.
func (m *Model) onRuns(msg runsMsg) tea.Cmd {
	m.c.Calls.End(msg.call)
	if msg.gen != m.logs.gen || msg.config != m.logs.config || m.logs.busy[msg.task] != msg.call {
		return nil // of a configuration no longer shown, or abandoned
	}
	delete(m.logs.busy, msg.task)
	have := m.logs.byTask[msg.task]
	have.at, have.err = msg.at, msg.err
	if msg.err == nil {
		have.runs = msg.runs
	}
	m.logs.byTask[msg.task] = have
	m.list.SetRows(m.tableRows())
	return m.readLogs()
}

// pruneLogs forgets the strips of tasks the document no longer has.
func (m *Model) pruneLogs() {
	names := make(map[string]bool, len(m.rows))
	for _, r := range m.rows {
		names[r.Name] = true
	}
	for t := range m.logs.byTask {
		if !names[t] {
			delete(m.logs.byTask, t)
		}
	}
}

// stripCell is the Recent cell: the last stripRuns executions, newest
// right (right-aligned, so the newest is always in the same column); "…"
// while the log is not read yet, "?" when it could not be, "—" when it
// has none.
func (m *Model) stripCell(task string) string {
	have, ok := m.logs.byTask[task]
	switch {
	case !ok || !have.runs.Read() && have.err == nil:
		return pad("…")
	case have.err != nil:
		return pad("?")
	}
	o := have.runs.Outcomes()
	if len(o) == 0 {
		return pad("—")
	}
	return pad(taskdetail.Narrow(o, stripRuns, m.c.Styles.Plain))
}

// pad right-aligns a strip in the column.
func pad(s string) string {
	return strings.Repeat(" ", max(0, stripRuns-lipgloss.Width(s))) + s
}
