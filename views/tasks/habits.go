package tasks

import (
	"cmp"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/keymap"
	"dpconsole/views/common"
	"dpconsole/views/taskdetail"
)

// order is how the tasks table is sorted; o cycles through them.
type order int

const (
	byDocument order = iota // as the tasks document lists them
	byName                  // A to Z: ascending (↑)
	byStatus                // the most severe first (severity): descending (↓)
	byLastRun               // the latest start first: descending (↓)
	byErrors                // the most failed first: descending (↓)
	orders
)

func (o order) String() string {
	return [...]string{"document order", "name", "status", "last run", "errors"}[o]
}

// The header's marks: ascending, descending.
const (
	ascMark  = "↑"
	descMark = "↓"
)

// mark is the header's mark of the order's column.
func (o order) mark() string {
	if o == byName {
		return ascMark
	}
	return descMark
}

// severity ranks a status cell for the sort by status, most in need of
// the operator first: a task failing (Error, or a status that could not
// be read), then one running (Executing), then those waiting for their
// next run (Waiting, Idle, and Offline rows, whose last run is known),
// then any status this console does not know, then those the operator
// stopped (Paused), then those that never run (Disabled).
func severity(status string) int {
	switch status {
	case "Error", "?":
		return 0
	case "Executing":
		return 1
	case "Waiting", "Idle", "Offline":
		return 2
	case "Paused":
		return 4
	case "Disabled":
		return 5
	}
	return 3
}

// column is the column the order sorts by, -1 for none; its header is
// marked when it shows.
func (o order) column() column {
	return [...]column{-1, colName, colStatus, colStarted, colErrs}[o]
}

// sortRows orders the rows by the table's order; ties keep the
// document's order.
func (m *Model) sortRows() {
	if m.order == byDocument {
		return
	}
	slices.SortStableFunc(m.rows, func(a, b taskRow) int {
		switch m.order {
		case byName:
			return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		case byStatus:
			return cmp.Compare(severity(a.statusText()), severity(b.statusText()))
		case byLastRun:
			return b.Status.StartTime.Compare(a.Status.StartTime)
		case byErrors:
			return cmp.Compare(b.Status.ErrorCount, a.Status.ErrorCount)
		}
		return 0
	})
}

// cycleSort sorts by the next order, keeping the selected task.
func (m *Model) cycleSort() tea.Cmd {
	before := m.selected()
	m.order = (m.order + 1) % orders
	if m.order == byDocument {
		// Back to the document's order: read it again.
		m.cols = widths{}
		m.fitColumns()
		return tea.Batch(common.Flash("tasks in document order"), m.restart(false))
	}
	m.sortRows()
	m.cols = widths{} // the header's mark moves: rebuild the columns
	m.fitColumns()
	m.list.SetRows(m.tableRows())
	m.selectTask(before)
	return common.Flash("tasks sorted by " + m.order.String())
}

// selectTask moves the cursor to the task named name.
func (m *Model) selectTask(name string) {
	for i, r := range m.rows {
		if r.Name == name {
			m.list.SetCursor(i)
		}
	}
}

// habitKey handles the keys operators bring from k9s and lazygit: the
// filter while typed or kept, the sort, copy and the task detail. ok is
// false for other keys.
func (m *Model) habitKey(k tea.KeyMsg) (tea.Cmd, bool) {
	km := m.c.Keys
	f := m.list.Filter()
	switch {
	case m.list.Filtering() || key.Matches(k, f.Keys.Start) || (f.Query != "" && key.Matches(k, f.Keys.Clear)):
		m.list.Update(k)
		return nil, true
	case key.Matches(k, km.Task.Sort):
		return m.cycleSort(), true
	case key.Matches(k, km.Table.Copy):
		if t := m.selected(); t != "" {
			return m.c.Copy("the name "+t, []byte(t)), true
		}
		if len(m.rows) > 0 {
			return common.Flash(noTask), true
		}
		return nil, true
	}
	return nil, false
}

// ConsumesEsc reports that Esc closes the detail or clears the filter
// rather than going back.
func (m *Model) ConsumesEsc() bool { return m.full != nil || m.list.Filtered() }

// Nested reports that the task in full is open: a level below the table,
// so the shell hands it q, which goes back to the table as Esc does,
// rather than quitting (q quits from the top level only). A filter is
// not a level: q still quits over it.
func (m *Model) Nested() bool { return m.full != nil }

// Unnest closes the task in full (the Tasks key or tab pressed in it).
func (m *Model) Unnest() {
	if m.full != nil {
		m.full.Deactivate()
		m.full = nil
	}
}

// openDetail shows the selected task in full.
func (m *Model) openDetail(task string) tea.Cmd {
	m.full = taskdetail.New(m.c, m.config, task)
	m.full.SetHost(m.active, m.agent)
	m.full.SetSize(m.width, m.height)
	return m.full.Init()
}

// detailMsg hands the open detail a message; pause, resume and reset act
// on its task, and Esc closes it.
func (m *Model) detailMsg(msg tea.Msg) tea.Cmd {
	d := m.full
	if k, ok := msg.(tea.KeyMsg); ok {
		km := m.c.Keys
		switch {
		case key.Matches(k, km.Task.Pause):
			return m.action("pause", d.Task())
		case key.Matches(k, km.Task.Resume):
			return m.action("resume", d.Task())
		case key.Matches(k, km.Task.Reset):
			return m.action("reset", d.Task())
		}
	}
	cmd, back := d.Update(msg)
	if back {
		m.full = nil
	}
	return cmd
}

// habitTitle is what the title adds: how many tasks the filter shows
// and the order.
func (m *Model) habitTitle() string {
	s := m.c.Styles
	var out string
	if m.list.Filtered() {
		out += s.Muted.Render(" · " + m.list.CountText())
	}
	if m.order != byDocument {
		out += s.Muted.Render(" · sorted by " + m.order.String())
	}
	return out
}

// habitHelp is the footer's keys while the filter is typed; nil
// otherwise.
func (m *Model) habitHelp() []key.Binding {
	if m.list.Filtering() {
		f := m.list.Filter().Keys
		return []key.Binding{keymap.Relabel(f.Accept, "keep the filter"), keymap.Relabel(f.Clear, "clear the filter")}
	}
	return nil
}

// habitFullHelp is the help's column for the filter, the sort, copy and
// the detail.
func (m *Model) habitFullHelp() []key.Binding {
	km := m.c.Keys
	return []key.Binding{km.Table.Filter, keymap.Relabel(km.Task.Sort, "sort: name, status (severity), last run, errors"),
		keymap.Relabel(km.Table.Copy, "copy the task's name"), keymap.Relabel(km.Nav.Enter, "the task in full")}
}
