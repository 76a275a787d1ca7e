package tasks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/gateway"
	"dpconsole/schedule"
	"dpconsole/text/sanitize"
	"dpconsole/text/wordwrap"
	"dpconsole/views/taskdetail"
	"dpconsole/widgets/picker"
)

// Column limits: the name column fits the longest name but never takes
// more than maxNameShare of the width, so Last error keeps its room.
const (
	minName      = 5 // "Task" and the cell of the sort's mark
	maxNameShare = 3 // at most a third of the width
	detailLines  = 3 // the selected task's detail under the table
)

// widths are the content-sized columns and the columns that fit; the
// rest goes to Last error.
type widths struct {
	name, status int
	execs, errs  int  // the number columns, as wide as their widest count
	times        int  // how many of Started and Ended show (Ended goes first)
	short        bool // the headers are abbreviated
	next, runs   bool // Next run and Recent show (wide terminals)
	sched        int  // the Schedule column's width, 0 when it does not show
	clock        int  // the cells of a time: 9 with the Z of UTC
}

// Cells every column but the marker adds around its text (the table's
// cell padding), and the least Last error is given.
const (
	cellPad    = 2
	minLastErr = 10
	timeWidth  = 8  // "15:04:05", a Z more in UTC
	nextWidth  = 12 // "Jan 02 15:04", the widest next run (whenNext)
)

// The widths from which the wide columns show: Next run and the strip of
// recent runs first, then Schedule; below them 80 and 120 columns keep
// the table as it was.
const (
	wideNext  = 120
	wideRuns  = 120
	wideSched = 140
	maxSched  = 24 // the schedule in words is cut with "…" beyond this
	stripRuns = 8  // the runs the Recent column shows
)

// contentWidths measures the names, statuses and counts, and drops what
// does not fit the width: first the wide columns, then Ended, then
// Started, then the headers are abbreviated. Counts are never cut; names
// and errors are, with "…".
func (m *Model) contentWidths() widths {
	w := widths{name: minName, status: len("Executing"), times: 2, clock: m.timeWidth()} // steady as statuses change
	w.next, w.runs = m.width >= wideNext, m.width >= wideRuns
	execs, errs := 1, 1
	for _, r := range m.rows {
		w.name = max(w.name, lipgloss.Width(sanitize.SanitizeLine(r.Name)))
		w.status = max(w.status, lipgloss.Width(sanitize.SanitizeLine(r.statusText())))
		execs = max(execs, len(strconv.Itoa(r.Status.ExecCount)))
		errs = max(errs, len(strconv.Itoa(r.Status.ErrorCount)))
		if m.width >= wideSched {
			w.sched = max(w.sched, len("Schedule"), min(maxSched, lipgloss.Width(r.schedText())))
		}
	}
	w.name = min(w.name, max(minName, m.width/maxNameShare))
	need := func(w widths) int {
		cols := lipgloss.Width(picker.Marker) + cellPad
		cols += w.name + w.status + w.times*w.clock + w.execs + w.errs + minLastErr
		n := 5 + w.times
		if w.next {
			cols, n = cols+nextWidth+w.clock-timeWidth, n+1
		}
		if w.sched > 0 {
			cols, n = cols+w.sched, n+1
		}
		if w.runs {
			cols, n = cols+max(stripRuns, len("Recent")), n+1
		}
		return cols + n*cellPad
	}
	for {
		t := titles(w.short)
		// Errs keeps a cell for the sort's mark whatever the order, so
		// sorting by errors does not shift Last error (the other sorted
		// columns are wider than their titles and mark).
		w.execs, w.errs = max(execs, len(t.execs)), max(errs, len(t.errs)+1)
		switch {
		case need(w) <= m.width || m.width <= 0:
			return w
		case w.sched > 0:
			w.sched = 0
		case w.next:
			w.next = false
		case w.runs:
			w.runs = false
		case w.times > 0:
			w.times--
		case !w.short:
			w.short = true
		default:
			w.name = minName // the table cuts longer names with "…"
			return w
		}
	}
}

// column names a column of the table.
type column int

const (
	colName column = iota
	colStatus
	colStarted
	colEnded
	colNext
	colSched
	colExecs
	colErrs
	colRuns
	colLastErr
)

// columnTitles are the table's headers, full or abbreviated.
type columnTitles struct{ name, status, started, ended, execs, errs, lastErr string }

func titles(short bool) columnTitles {
	if short {
		return columnTitles{"Task", "Status", "Start", "End", "Ex", "Er", "Error"}
	}
	return columnTitles{"Task", "Status", "Started", "Ended", "Execs", "Errs", "Last error"}
}

// shownColumns lists the columns w has room for, in the table's order.
func (w widths) shownColumns() []column {
	out := []column{colName, colStatus}
	if w.times > 0 {
		out = append(out, colStarted)
	}
	if w.times > 1 {
		out = append(out, colEnded)
	}
	if w.next {
		out = append(out, colNext)
	}
	if w.sched > 0 {
		out = append(out, colSched)
	}
	out = append(out, colExecs, colErrs)
	if w.runs {
		out = append(out, colRuns)
	}
	return append(out, colLastErr)
}

// fitColumns rebuilds the table when the content's widths changed: the
// name and status columns fit their content, Last error takes the rest.
func (m *Model) fitColumns() {
	w := m.contentWidths()
	if w == m.cols && m.list.Len() > 0 {
		return
	}
	m.cols = w
	cur := m.list.Cursor()
	t := titles(w.short)
	all := map[column]picker.Column{
		colName:    {Title: t.name, Width: w.name, Flex: true},
		colStatus:  {Title: t.status, Width: w.status},
		colStarted: {Title: t.started, Width: w.clock},
		colEnded:   {Title: t.ended, Width: w.clock},
		colNext:    {Title: "Next run", Width: w.clock},
		colSched:   {Title: "Schedule", Width: w.sched},
		colExecs:   {Title: t.execs, Width: w.execs},
		colErrs:    {Title: t.errs, Width: w.errs},
		colRuns:    {Title: "Recent", Width: stripRuns},
		colLastErr: {Title: t.lastErr, Width: minLastErr, Flex: true},
	}
	shown := w.shownColumns()
	cols := make([]picker.Column, len(shown))
	for i, c := range shown {
		cols[i] = all[c]
		if c == m.order.column() {
			cols[i].Title += m.order.mark()
		}
	}
	f := m.list.Filter() // the new table keeps the filter
	m.list = picker.New(m.c.Styles, picker.KeysFrom(m.c.Keys.Nav, true), cols...)
	if i := slices.Index(shown, colRuns); i >= 0 {
		m.list.SetPaint(picker.Paint{Column: i, Marks: taskdetail.OutcomeMarks(m.c.Styles)}) // the detail's colours
	}
	m.list.SetFilter(f)
	m.list.SetFilterKeys(picker.FilterKeysFrom(m.c.Keys))
	m.list.SetSize(m.width, m.tableHeight())
	m.list.SetRows(m.tableRows())
	if cur > 0 {
		m.list.SetCursor(cur)
	}
}

// tableHeight is the body less the title, the status lines and the
// detail, and no taller than its rows (and header), so the detail and the
// status follow the last row with no blank rows between.
func (m *Model) tableHeight() int {
	room := max(1, m.height-1-max(1, len(m.status))-m.detailHeight())
	if m.list.Filtered() {
		// The rows it lets through, and its line (also when none match).
		return min(room, max(3, m.list.Len()+2))
	}
	return min(room, max(2, len(m.rows)+1))
}

// detailHeight gives the detail its lines only when the table still has
// room for its header and a few rows.
func (m *Model) detailHeight() int {
	if m.height >= 10 {
		return detailLines
	}
	return 0
}

// statusText is the Status cell: the host's word, "?" when it could not
// be read, and "Disabled" for a task the document switches off (the host
// says Idle, as of every task that is not scheduled).
func (r taskRow) statusText() string {
	switch {
	case r.Err != "":
		return "?"
	case r.Off && r.Status.Status == "Idle":
		return "Disabled"
	}
	return r.Status.Status
}

// idleWhy says why a task that does not run does not, for the detail.
func (m *Model) idleWhy(r taskRow) string {
	switch {
	case r.Err != "" || !r.Known:
		return ""
	case r.Off:
		return "disabled in the tasks document (enabled=\"false\"): it never runs"
	case r.Held:
		return "paused when last seen (a disabled agent shows every task Idle)"
	case r.Status.Status != "Idle":
		return ""
	case strings.EqualFold(m.agent, "Disabled"):
		return "idle: the agent is disabled (" + m.c.Keys.Agent.Enable.Help().Key + " enables it)"
	case m.config != m.active:
		return "idle: " + sanitize.SanitizeLine(m.config) + " is not the active configuration"
	}
	return ""
}

// schedText is the Schedule cell: the schedule in words, as the task in
// full says it.
func (r taskRow) schedText() string { return sanitize.SanitizeLine(schedule.Words(r.Sched)) }

func (m *Model) tableRows() []table.Row {
	out := make([]table.Row, len(m.rows))
	shown := m.cols.shownColumns()
	now := m.c.Now()
	// A configuration that is not the active one, or an agent that runs
	// nothing, has no next run: a time would count down to a run that
	// never comes.
	unscheduled := schedule.Unscheduled(m.config, m.active, m.agent) != ""
	for i, r := range m.rows {
		st := r.Status
		execs, errs, lastErr := strconv.Itoa(st.ExecCount), strconv.Itoa(st.ErrorCount), st.Error
		switch {
		case r.Err != "":
			execs, errs, lastErr = "", "", r.Err
		case !r.Known:
			execs, errs = "—", "—"
		}
		row := make(table.Row, len(shown))
		for j, c := range shown {
			switch c {
			case colName:
				row[j] = sanitize.SanitizeLine(r.Name)
			case colStatus:
				row[j] = sanitize.SanitizeLine(r.statusText())
			case colStarted:
				row[j] = m.when(st.StartTime)
			case colEnded:
				row[j] = m.ended(st)
			case colNext:
				row[j] = "—"
				if r.Known && r.Err == "" && !r.Offline && !unscheduled {
					next, _ := schedule.NextOf(r.next, r.Sched, !r.Off, st, now)
					row[j] = m.whenNext(next)
					if schedule.Due(next, now) {
						row[j] = "due" // the status read does not show that run yet
					}
				}
			case colSched:
				row[j] = ansi.Truncate(r.schedText(), m.cols.sched, "…")
			case colExecs: // counts are right-aligned, so their digits line up
				row[j] = fmt.Sprintf("%*s", m.cols.execs, execs)
			case colErrs:
				row[j] = fmt.Sprintf("%*s", m.cols.errs, errs)
			case colRuns:
				row[j] = m.stripCell(r.Name)
			case colLastErr:
				row[j] = sanitize.SanitizeLine(lastErr)
			}
		}
		out[i] = row
	}
	return out
}

// when words a time in at most 8 cells (9 in UTC, which says so with a
// Z): the clock today, else the date.
func (m *Model) when(t time.Time) string { return m.clockOr(t, "Jan 02") }

// ended is the Ended cell: while a run goes on, the host's end time is
// the run before's, earlier than Started; "running" says what it is.
func (m *Model) ended(st gateway.TaskStatus) string {
	if running(st) {
		return "running"
	}
	return m.when(st.EndTime)
}

// running reports a run that started after the last one ended.
func running(st gateway.TaskStatus) bool {
	return st.Status == "Executing" && st.StartTime.After(st.EndTime)
}

// whenNext words a next run: the clock today, else the date and the
// minute (a daily cron's next run is tomorrow).
func (m *Model) whenNext(t time.Time) string { return m.clockOr(t, "Jan 02 15:04") }

// clockOr words t as the clock when it is today, else in layout; "—"
// for no time.
func (m *Model) clockOr(t time.Time, layout string) string {
	if t.IsZero() {
		return "—"
	}
	now := m.c.Now()
	t, now = m.zone(t), m.zone(now)
	z := ""
	if m.c.UTC {
		z = "Z"
	}
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04:05") + z
	}
	return t.Format(layout) + z
}

// timeWidth is the cells of a time as when words it.
func (m *Model) timeWidth() int {
	if m.c.UTC {
		return timeWidth + 1
	}
	return timeWidth
}

func (m *Model) zone(t time.Time) time.Time {
	if m.c.UTC {
		return t.UTC()
	}
	return t.Local()
}

// updateDetail words the selected task in full under the table: its
// times and counts, then its whole last error, wrapped. It runs after
// every change (a reply, a key), so View only joins.
func (m *Model) updateDetail() {
	m.detail = nil
	i := m.list.Cursor()
	if m.detailHeight() == 0 || i < 0 || i >= len(m.rows) {
		return
	}
	r := m.rows[i]
	st := r.Status
	ended := "ended " + m.ended(st)
	if running(st) {
		ended = "running"
	}
	head := fmt.Sprintf("%s: started %s · %s · %s, %d failed", sanitize.SanitizeLine(r.Name),
		m.when(st.StartTime), ended, plural(st.ExecCount, "run"), st.ErrorCount)
	switch {
	case !r.Known:
		head = sanitize.SanitizeLine(r.Name) + ": no status known yet"
	case st.ExecCount == 0 && st.StartTime.IsZero():
		head = sanitize.SanitizeLine(r.Name) + ": not run yet"
	}
	if r.Stale {
		head += " (last known)"
	}
	lines := []string{head}
	if why := m.idleWhy(r); why != "" {
		lines = append(lines, why)
	}
	text := ""
	switch {
	case r.Err != "":
		text = "status unreadable: " + r.Err
	case st.Error != "":
		text = "last error"
		if !st.LastErrorTime.IsZero() {
			text += " at " + m.when(st.LastErrorTime)
		}
		text += ": " + st.Error
	}
	if text != "" {
		w := max(1, m.width)
		lines = append(lines, wordwrap.Lines(sanitize.SanitizeLine(text), w)...)
	}
	if len(lines) > detailLines {
		lines = lines[:detailLines]
		lines[detailLines-1] = ansi.Truncate(lines[detailLines-1], max(1, m.width)-1, "") + "…"
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, max(1, m.width), "…")
	}
	m.detail = lines
}

// plural words a count: "1 run", "2 runs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
