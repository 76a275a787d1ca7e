package picker

import (
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/widgets/mouse"
)

// RowAt returns the row drawn on line y of View (0 is its first line,
// the header's), as an index into the rows given to SetRows; ok is false
// for the header, the filter's line, the hidden counts or past the rows.
func (m *Model) RowAt(y int) (int, bool) {
	p := y - m.top
	if p < 0 || p >= m.shown {
		return 0, false
	}
	p += m.off
	if p >= len(m.vis) {
		return 0, false
	}
	return m.vis[p], true
}

// Step moves the selection d rows (the wheel), within the rows shown.
func (m *Model) Step(d int) {
	if len(m.vis) == 0 || d == 0 {
		return
	}
	m.cur = min(max(m.cur+d, 0), len(m.vis)-1)
	m.refresh()
}

// Rows is a list drawn one row a line, as the mouse moves it: a picker,
// or a list a view draws itself (the palette's), so both take the mouse
// the same way (Point).
type Rows interface {
	// RowAt names the row on line y of the list's zone.
	RowAt(y int) (int, bool)
	// Cursor is the selected row, SetCursor selects one, Step moves
	// the selection d rows within the list.
	Cursor() int
	SetCursor(i int)
	Step(d int)
}

// Point acts on msg over zone id, where rows is drawn: a notch of the
// wheel moves the selection a row, a click selects the row under it, and
// a click on the row already selected opens it (open: the caller does
// what Enter does, so two clicks open a row as they do elsewhere). moved
// reports that the selection changed. With the mouse off (z nil), or
// away from the zone, nothing.
func Point(z *mouse.Zones, id string, rows Rows, msg tea.MouseMsg) (moved, open bool) {
	y, ok := z.Line(id, msg)
	if !ok {
		return false, false
	}
	before := rows.Cursor()
	if d := mouse.Wheel(msg); d != 0 {
		rows.Step(d)
	} else if i, ok := rows.RowAt(y); ok && mouse.Click(msg) {
		if i == before {
			return false, true
		}
		rows.SetCursor(i)
	}
	return rows.Cursor() != before, false
}

// Mouse is Point for the picker drawn (View) as zone id. While the
// filter is typed a click only selects: Enter there keeps the filter.
func (m *Model) Mouse(z *mouse.Zones, id string, msg tea.MouseMsg) (moved, open bool) {
	moved, open = Point(z, id, m, msg)
	return moved, open && !m.Filtering()
}
