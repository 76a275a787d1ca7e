// Package tasks is the Tasks pane: the tasks of the selected configuration
// (the active one until the operator picks another) with their status,
// polled while the pane is shown, and the pause, resume and reset actions.
// Wide terminals also get each task's next run, its schedule and a strip
// of its recent runs, read from its log (runs.go).
package tasks

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/views/common"
	"dpconsole/views/taskdetail"
	"dpconsole/widgets/picker"
)

// DefaultRefresh is the poll interval when Common.TaskRefresh is zero.
const DefaultRefresh = 2 * time.Second

// taskRow is one task as shown.
type taskRow struct {
	Name    string
	Status  gateway.TaskStatus
	Err     string // why its status could not be read
	Known   bool   // Status holds an answer of the host (now or before)
	Stale   bool   // Status is the last known one: the agent is offline
	Offline bool   // the agent was offline, so the status was not asked
	Off     bool   // enabled="false" in the tasks document: it never runs
	Held    bool   // Paused is the last known: a disabled agent shows every task Idle
	Sched   hostdoc.Schedule
	next    hostdoc.Next // Sched compiled, where the rows are read; nil when it does not compile
}

// Model is the Tasks pane.
type Model struct {
	c    *common.Common
	keys keys

	picked   string // the configuration the operator picked, "" = the active one
	config   string // the configuration shown
	active   string // the agent's active configuration
	agent    string
	rows     []taskRow
	loaded   bool
	err      error // the last fetch failed as a whole
	parseErr string
	poll     common.Poll       // the fetch in flight and the poll's tick
	hung     time.Duration     // the fetch in flight has had no answer this long: the rows are stale
	allArm   bool              // * was pressed: the next action applies to every task
	order    order             // how the table is sorted (habits.go)
	full     *taskdetail.Model // the task open in full, nil for the table
	logs     logs              // the tasks' logs read for the Recent column (runs.go)

	list          picker.Model
	cols          widths   // the content-sized columns the table has now
	tableH        int      // the height the table was last given
	detail        []string // the selected task in full, under the table
	status        []string // the status line(s), wrapped, under the detail
	width, height int
}

// New builds the pane; it polls from Init until Deactivate.
func New(c *common.Common) *Model {
	m := &Model{c: c, keys: newKeys(c.Keys), poll: common.NewPoll(c.Calls)}
	m.fitColumns()
	return m
}

func (m *Model) interval() time.Duration {
	if m.c.TaskRefresh > 0 {
		return m.c.TaskRefresh
	}
	return DefaultRefresh
}

// Init fetches at once and starts polling.
func (m *Model) Init() tea.Cmd { return m.poll.Restart(!m.loaded, m.fetch) }

// Activate starts polling again when the pane is shown (the task open in
// full too); the operator waits (spinner) only when there is nothing to
// show yet.
func (m *Model) Activate() tea.Cmd {
	cmd := m.poll.Activate(!m.loaded, m.fetch)
	if m.full != nil {
		return tea.Batch(cmd, m.full.Activate())
	}
	return cmd
}

// Deactivate stops polling while the pane is hidden (the task open in
// full too) and cancels the fetches in flight.
func (m *Model) Deactivate() {
	m.poll.Deactivate()
	m.stopLogs()
	if m.full != nil {
		m.full.Deactivate()
	}
}

// restart fetches at once (foreground: with the shell's spinner) when
// the pane is shown; the reply re-arms the poll as usual.
func (m *Model) restart(foreground bool) tea.Cmd { return m.poll.Restart(foreground, m.fetch) }

// Config returns the configuration whose tasks are shown ("" before the
// first answer).
func (m *Model) Config() string { return m.config }

// Title names the pane.
func (m *Model) Title() string { return "Tasks" }

// Capturing reports that the all-tasks question has the keys.
func (m *Model) Capturing() bool { return m.allArm || m.list.Filtering() }

// SetSize fits the table.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.cols = widths{} // the name column's share depends on the width
	m.fitColumns()
	m.settleLayout()
	if m.full != nil {
		m.full.SetSize(width, height)
	}
}

// Update handles keys, ticks and replies, then words the selected task
// again for the detail lines.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	cmd := m.update(msg)
	m.settleLayout()
	switch msg.(type) {
	case tea.KeyMsg, tea.MouseMsg:
		// Rows scrolled or filtered into view get their strip, unless
		// a poll is on its way: its answer starts the reads, with
		// counts that are current.
		if m.full == nil && !m.poll.InFlight() {
			cmd = tea.Batch(cmd, m.readLogs())
		}
	}
	return m, cmd
}

// settleLayout words the status and the selected task again after any
// change, and gives the table the height they leave.
func (m *Model) settleLayout() {
	m.updateStatus()
	if h := m.tableHeight(); h != m.tableH {
		m.tableH = h
		m.list.SetSize(m.width, h)
	}
	m.updateDetail()
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.mouse(msg) // mouse.go
	case tickMsg:
		if !m.poll.Due(msg.gen) {
			return nil
		}
		return m.fetch(false)
	case fetchedMsg:
		return m.onFetched(msg)
	case runsMsg:
		return m.onRuns(msg)
	case common.HungCheck:
		var next tea.Cmd
		m.hung, next = m.poll.Hung(msg, common.HungAfter(m.interval()))
		return next
	case startMsg:
		return m.start(msg)
	case doneMsg:
		return m.done(msg)
	case common.ConfigSelectedMsg:
		return m.follow(msg.Config)
	case common.OpenTasksMsg:
		return m.follow(msg.Config)
	case common.SessionStartedMsg:
		if m.full != nil {
			return tea.Batch(m.restart(false), m.full.Refresh())
		}
		return m.restart(false)
	case common.HostChangedMsg:
		// Changed from the palette (a task paused, a configuration
		// activated): read the tasks now rather than at the next tick. A
		// hidden pane reads them on Activate anyway; a pane whose
		// polling the operator cancelled waits for r.
		if m.poll.Cancelled() {
			return nil
		}
		return m.restart(false)
	}
	if m.full != nil {
		return m.detailMsg(msg) // the detail's own replies
	}
	return nil
}

// follow shows the tasks of config from now on.
func (m *Model) follow(config string) tea.Cmd {
	if config == m.picked {
		return nil
	}
	m.picked = config
	m.rows, m.loaded, m.err, m.parseErr = nil, false, nil, ""
	m.dropLogs("")
	m.fitColumns()
	m.list.SetRows(nil)
	return m.restart(true)
}

func (m *Model) onFetched(msg fetchedMsg) tea.Cmd {
	if msg.call == m.poll.Current() {
		m.hung = 0
	}
	if !m.poll.Reply(msg.call, msg.gen, msg.err) {
		return nil // superseded, cancelled (Esc pauses polling), or the pane was hidden meanwhile
	}
	next := m.poll.Next(msg.gen, m.interval(), func(gen uint64) tea.Msg { return tickMsg{gen: gen} })
	if msg.err != nil {
		m.err = msg.err
		if common.IsSessionError(msg.err) {
			// Stop polling until SessionStartedMsg: the shell is at login.
			return common.Fail("read tasks", msg.err)
		}
		return next
	}
	before := m.selected()
	if msg.config == m.config {
		keepLastKnown(msg.rows, m.rows)
		if strings.EqualFold(msg.agent, "Disabled") {
			keepPaused(msg.rows, m.rows)
		}
	}
	m.loaded, m.err = true, nil
	m.config, m.active, m.agent, m.parseErr, m.rows = msg.config, msg.active, msg.agent, msg.parseErr, msg.rows
	if m.config != m.logs.config {
		m.dropLogs(m.config) // never another configuration's strips
	}
	m.pruneLogs()
	m.logs.polls++
	m.sortRows()
	m.fitColumns()
	m.list.SetRows(m.tableRows())
	for i, r := range m.rows {
		if r.Name == before {
			m.list.SetCursor(i)
		}
	}
	if m.full != nil {
		m.full.SetHost(m.active, m.agent)
	}
	return tea.Batch(next, m.readLogs())
}

// keepLastKnown gives the rows the agent could not report on (it is
// offline) the counts, times and error last known for the same task,
// marked stale, instead of zeros.
func keepLastKnown(rows, before []taskRow) {
	old := make(map[string]taskRow, len(before))
	for _, r := range before {
		if r.Known {
			old[r.Name] = r
		}
	}
	for i, r := range rows {
		prev, ok := old[r.Name]
		if !r.Offline || !ok {
			continue
		}
		status := r.Status.Status
		rows[i].Status, rows[i].Known, rows[i].Stale = prev.Status, true, true
		rows[i].Status.Status = status
	}
}

// keepPaused shows the tasks last seen Paused as Paused (held) while the
// agent is disabled: the host then says Idle of every task
// (docs/protocol.md §8), and "Idle" would hide that the task stays
// paused when the agent is enabled again.
func keepPaused(rows, before []taskRow) {
	paused := map[string]bool{}
	for _, r := range before {
		if r.Known && r.Status.Status == "Paused" {
			paused[r.Name] = true
		}
	}
	for i, r := range rows {
		if r.Known && r.Status.Status == "Idle" && paused[r.Name] {
			rows[i].Status.Status, rows[i].Held = "Paused", true
		}
	}
}

func (m *Model) selected() string {
	if i := m.list.Cursor(); i >= 0 && i < len(m.rows) {
		return m.rows[i].Name
	}
	return ""
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	km := m.c.Keys
	if m.full != nil && !m.allArm {
		return m.detailMsg(k)
	}
	if m.allArm {
		m.allArm = false
		switch {
		case key.Matches(k, km.Task.Pause):
			return m.action("pause", "*")
		case key.Matches(k, km.Task.Resume):
			return m.action("resume", "*")
		case key.Matches(k, km.Task.Reset), key.Matches(k, km.Task.ResetAll):
			return m.action("reset", "*")
		}
		return nil // anything else, Esc included, cancels
	}
	if cmd, ok := m.habitKey(k); ok {
		return cmd
	}
	task := m.selected()
	switch {
	case key.Matches(k, km.Global.Refresh):
		return m.restart(true)
	case key.Matches(k, km.Nav.Enter):
		if task == "" {
			return nil
		}
		return m.openDetail(task) // its log is Enter again from there
	case key.Matches(k, km.Task.ResetAll):
		if len(m.rows) > 0 {
			m.allArm = true
		}
		return nil
	case key.Matches(k, km.Task.Pause):
		return m.action("pause", task)
	case key.Matches(k, km.Task.Resume):
		return m.action("resume", task)
	case key.Matches(k, km.Task.Reset):
		return m.action("reset", task)
	}
	return m.list.Update(k)
}

// unreachable reports an error that means the host did not answer.
func unreachable(err error) bool {
	return gateway.IsTransport(err) || errors.Is(err, context.DeadlineExceeded)
}
