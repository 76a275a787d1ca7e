package tasks

import (
	"fmt"
	"strconv"
	"time"

	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/views/highlight"
	"dpconsole/views/picker"
	"dpconsole/views/wordwrap"
)

// Column limits: the name column fits the longest name but never takes
// more than maxNameShare of the width, so Last error keeps its room.
const (
	minName      = 4 // "Task"
	maxNameShare = 3 // at most a third of the width
	detailLines  = 3 // the selected task's detail under the table
)

// widths are the content-sized columns; the rest goes to Last error.
type widths struct{ name, status int }

// contentWidths measures the names and statuses.
func (m *Model) contentWidths() widths {
	w := widths{name: minName, status: len("Executing")} // steady as statuses change
	for _, r := range m.rows {
		w.name = max(w.name, lipgloss.Width(highlight.SanitizeLine(r.Name)))
		w.status = max(w.status, lipgloss.Width(highlight.SanitizeLine(r.statusText())))
	}
	w.name = min(w.name, max(minName, m.width/maxNameShare))
	return w
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
	m.list = picker.New(m.c.Styles, picker.KeysFrom(m.c.Keys.Nav, true),
		picker.Column{Title: "Task", Width: w.name},
		picker.Column{Title: "Status", Width: w.status},
		picker.Column{Title: "Started", Width: 8},
		picker.Column{Title: "Ended", Width: 8},
		picker.Column{Title: "Execs", Width: 5},
		picker.Column{Title: "Errs", Width: 4},
		picker.Column{Title: "Last error", Width: 10, Flex: true})
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
// be read.
func (r taskRow) statusText() string {
	if r.Err != "" {
		return "?"
	}
	return r.Status.Status
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
		out[i] = table.Row{highlight.SanitizeLine(r.Name), highlight.SanitizeLine(r.statusText()), m.when(st.StartTime),
			m.when(st.EndTime), execs, errs, highlight.SanitizeLine(lastErr)}
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
	head := fmt.Sprintf("%s: started %s · ended %s · %s, %d failed", highlight.SanitizeLine(r.Name),
		m.when(st.StartTime), m.when(st.EndTime), plural(st.ExecCount, "run"), st.ErrorCount)
	switch {
	case !r.Known:
		head = highlight.SanitizeLine(r.Name) + ": no status known yet"
	case st.ExecCount == 0 && st.StartTime.IsZero():
		head = highlight.SanitizeLine(r.Name) + ": not run yet"
	}
	if r.Stale {
		head += " (last known)"
	}
	lines := []string{head}
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
		lines = append(lines, wordwrap.Lines(highlight.SanitizeLine(text), w)...)
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
