package tasks

import (
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
	"dpconsole/views/taskdetail"
)

// maxLogReads bounds the task logs read at once for the Recent column.
const maxLogReads = 2

// The protocol has no ranges: every read of a strip transfers the task's
// whole log. So the Recent column spends at most stripBudget bytes of
// logs per table poll (the rest wait for later polls, the longest unread
// first), and after a read that took more than paceFrom (a slow link or
// a big log) it waits nine times as long before the next, so it takes
// about a tenth of the link, and that task's strip waits thirty times as
// long: a strip is decoration, and an 80 MB log read on every run of its
// task would cost a tenth of a core on its own. A strip is read again only
// when a run ended.
const (
	stripBudget = 4 << 20
	paceFrom    = 20 * time.Millisecond
	stripRetry  = time.Minute
)

// taskRuns is what the table holds of one task's log for its Recent
// column: the executions read (incrementally, see taskdetail.Runs), the
// status they were read at, how the last read ended, and the poll it was
// last tried in, so no log is read more often than the table polls.
type taskRuns struct {
	runs    taskdetail.Runs
	at      gateway.TaskStatus
	err     error
	tried   int
	readAt  int       // the poll it was last read in, for the longest unread first
	next    time.Time // not read again before (a log that is slow to read)
	retryAt time.Time // a failed read is tried again from then on
	sizing  int64     // the size counted for its read on its way
}

// logs are the Recent column's reads, for the tasks of the configuration
// shown only.
type logs struct {
	config  string              // the configuration they belong to
	gen     uint64              // bumped when they are dropped: older replies die
	byTask  map[string]taskRuns // by task name
	busy    map[string]uint64   // task → the read in flight (its call)
	polls   int                 // the table's polls answered
	spent   int64               // log bytes read in poll spentIn
	largest int64               // the biggest log read, taken for one not read yet
	spentIn int
	freeAt  time.Time // no read starts before (the pace on a slow link)
}

// runsMsg is one log read for the Recent column.
type runsMsg struct {
	gen, call    uint64
	config, task string
	at           gateway.TaskStatus
	runs         taskdetail.Runs
	err          error
	took         time.Duration
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
	if m.logs.spentIn != m.logs.polls {
		m.logs.spent, m.logs.spentIn = 0, m.logs.polls
	}
	var cmds []tea.Cmd
	for _, i := range m.waiting() {
		onWay := m.onWay()
		if len(m.logs.busy) >= maxLogReads || m.logs.spent+onWay >= stripBudget || m.c.Now().Before(m.logs.freeAt) {
			break
		}
		r := m.rows[i]
		have := m.logs.byTask[r.Name]
		// A log known to be bigger than what is left of the budget waits
		// for a poll of its own (it is read first there: the longest
		// unread go first), so a poll spends at most one log over it.
		size := have.runs.Bytes()
		if size == 0 {
			size = m.logs.largest // not read yet: as big as any read so far
		}
		if m.logs.spent+onWay > 0 && m.logs.spent+onWay+size > stripBudget {
			continue
		}
		have.sizing = size
		have.tried = m.logs.polls
		if m.logs.byTask == nil {
			m.logs.byTask = map[string]taskRuns{}
		}
		m.logs.byTask[r.Name] = have
		cmds = append(cmds, m.readLog(r.Name, r.Status, have.runs))
	}
	return tea.Batch(cmds...)
}

// onWay is the sizes counted for the reads on their way (at most
// maxLogReads): what a poll may still spend of its budget.
func (m *Model) onWay() int64 {
	var n int64
	for task := range m.logs.busy {
		n += m.logs.byTask[task].sizing
	}
	return n
}

// waiting lists the rows in view whose strip should be read: never read,
// or a run ended since (or the last read failed), and not tried in this
// poll; the longest unread first.
func (m *Model) waiting() []int {
	var out []int
	for _, i := range m.inView() {
		r := m.rows[i]
		have, ok := m.logs.byTask[r.Name]
		_, busy := m.logs.busy[r.Name]
		switch {
		case busy, !r.Known, r.Err != "", ok && have.tried == m.logs.polls:
			continue
		case ok && m.c.Now().Before(have.next):
			continue
		case ok && !runEnded(have.at, r.Status, have.err) && (have.err == nil || taskdetail.TooLarge(have.err) || m.c.Now().Before(have.retryAt)):
			continue
		}
		out = append(out, i)
	}
	slices.SortStableFunc(out, func(a, b int) int {
		return m.logs.byTask[m.rows[a].Name].readAt - m.logs.byTask[m.rows[b].Name].readAt
	})
	return out
}

// runEnded reports whether a strip read at status was may have an outcome
// to add at now: a run ended or the counts moved (a reset too). A run that
// only started adds none. A failed read waits for that too (a log that
// does not parse fails the same way every poll), and a log over the size
// limit is tried again only once it was reset.
func runEnded(was, now gateway.TaskStatus, lastErr error) bool {
	if taskdetail.TooLarge(lastErr) {
		return now.ExecCount < was.ExecCount
	}
	return was.ExecCount != now.ExecCount || was.ErrorCount != now.ErrorCount || !was.EndTime.Equal(now.EndTime)
}

// readLog reads one task's log in a command, from what was read before.
func (m *Model) readLog(task string, at gateway.TaskStatus, runs taskdetail.Runs) tea.Cmd {
	ctx, call := m.c.Calls.Background("reading the log of task " + task)
	if m.logs.busy == nil {
		m.logs.busy = map[string]uint64{}
	}
	m.logs.busy[task] = call
	cl, config, gen, now := m.c.Client, m.config, m.logs.gen, m.c.Now
	return func() tea.Msg {
		out := runsMsg{gen: gen, call: call, config: config, task: task, at: at}
		start := now() // the console's clock, as the pace is kept by it
		out.runs, out.err = runs.Fetch(ctx, cl, config, task)
		out.took = now().Sub(start)
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
	have.at, have.err, have.readAt = msg.at, msg.err, m.logs.polls
	if msg.err == nil {
		have.runs = msg.runs
		m.logs.spent += msg.runs.Bytes()
		m.logs.largest = max(m.logs.largest, msg.runs.Bytes())
	} else if !taskdetail.TooLarge(msg.err) {
		// A failure may be a blip: tried again in a while even if no run
		// ends meanwhile (a log that keeps failing costs a read a minute).
		have.retryAt = m.c.Now().Add(stripRetry)
	}
	if msg.took > paceFrom {
		m.logs.freeAt = m.c.Now().Add(9 * msg.took)
		have.next = m.c.Now().Add(30 * msg.took)
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
