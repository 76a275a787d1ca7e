package picker

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
