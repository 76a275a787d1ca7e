package tasks

import (
	"dpconsole/text/sanitize"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/text/wordwrap"
	"dpconsole/widgets/picker"
)

// Column limits: the name column fits the longest name but never takes
// more than maxNameShare of the width, so Last error keeps its room.
const (
	minName      = 4 // "Task"
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
}

// Cells every column but the marker adds around its text (the table's
// cell padding), and the least Last error is given.
const (
	cellPad    = 2
	minLastErr = 10
	timeWidth  = 8
)

// contentWidths measures the names, statuses and counts, and drops what
// does not fit the width: first Ended, then Started, then the headers
// are abbreviated. Counts are never cut; names and errors are, with "…".
func (m *Model) contentWidths() widths {
	w := widths{name: minName, status: len("Executing"), times: 2} // steady as statuses change
	execs, errs := 1, 1
	for _, r := range m.rows {
		w.name = max(w.name, lipgloss.Width(sanitize.SanitizeLine(r.Name)))
		w.status = max(w.status, lipgloss.Width(sanitize.SanitizeLine(r.statusText())))
		execs = max(execs, len(strconv.Itoa(r.Status.ExecCount)))
		errs = max(errs, len(strconv.Itoa(r.Status.ErrorCount)))
	}
	w.name = min(w.name, max(minName, m.width/maxNameShare))
	need := func(w widths) int {
		cols := lipgloss.Width(picker.Marker) + cellPad
		cols += w.name + w.status + w.times*timeWidth + w.execs + w.errs + minLastErr
		return cols + (5+w.times)*cellPad
	}
	for {
		t := titles(w.short)
		w.execs, w.errs = max(execs, len(t.execs)), max(errs, len(t.errs))
		switch {
		case need(w) <= m.width || m.width <= 0:
			return w
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

// columnTitles are the table's headers, full or abbreviated.
type columnTitles struct{ name, status, started, ended, execs, errs, lastErr string }

func titles(short bool) columnTitles {
	if short {
		return columnTitles{"Task", "Status", "Start", "End", "Ex", "Er", "Error"}
	}
	return columnTitles{"Task", "Status", "Started", "Ended", "Execs", "Errs", "Last error"}
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
	cols := []picker.Column{
		{Title: t.name, Width: w.name, Flex: true},
		{Title: t.status, Width: w.status},
		{Title: t.started, Width: timeWidth},
		{Title: t.ended, Width: timeWidth},
		{Title: t.execs, Width: w.execs},
		{Title: t.errs, Width: w.errs},
		{Title: t.lastErr, Width: minLastErr, Flex: true},
	}
	cols = append(cols[:2+w.times], cols[4:]...)
	m.markSorted(cols, w.times)
	f := m.list.Filter() // the new table keeps the filter
	m.list = picker.New(m.c.Styles, picker.KeysFrom(m.c.Keys.Nav, true), cols...)
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

func (m *Model) tableRows() []table.Row {
	out := make([]table.Row, len(m.rows))
	for i, r := range m.rows {
		st := r.Status
		execs, errs, lastErr := strconv.Itoa(st.ExecCount), strconv.Itoa(st.ErrorCount), st.Error
		switch {
		case r.Err != "":
			execs, errs, lastErr = "", "", r.Err
		case !r.Known:
			execs, errs = "—", "—"
		}
		// Counts are right-aligned, so their digits line up.
		row := table.Row{sanitize.SanitizeLine(r.Name), sanitize.SanitizeLine(r.statusText()), m.when(st.StartTime),
			m.when(st.EndTime), fmt.Sprintf("%*s", m.cols.execs, execs), fmt.Sprintf("%*s", m.cols.errs, errs),
			sanitize.SanitizeLine(lastErr)}
		out[i] = append(row[:2+m.cols.times], row[4:]...)
	}
	return out
}

// when words a time in at most 8 cells: the clock today, else the date.
func (m *Model) when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	now := m.c.Now()
	t, now = m.zone(t), m.zone(now)
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04:05")
	}
	return t.Format("Jan 02")
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
	head := fmt.Sprintf("%s: started %s · ended %s · %s, %d failed", sanitize.SanitizeLine(r.Name),
		m.when(st.StartTime), m.when(st.EndTime), plural(st.ExecCount, "run"), st.ErrorCount)
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
