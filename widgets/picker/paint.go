package picker

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Paint colours marks in one column after the table is drawn: the table
// cuts a cell by its bytes, so a cell holding colour codes would be cut
// short, but marks painted on the drawn line keep their cells.
type Paint struct {
	Column int                     // the column, as in the rows given to SetRows
	Marks  map[rune]lipgloss.Style // how each mark is drawn
}

// SetPaint colours column p.Column's marks; a zero Paint paints nothing.
// Nothing is painted on a plain renderer, nor while a filter marks its
// matches (they are what the operator looks at then).
func (m *Model) SetPaint(p Paint) {
	m.paint = p
	// Each mark drawn once here, not on every frame: on its own and on
	// the selected row's background.
	m.painted, m.paintedSel = map[rune]string{}, map[rune]string{}
	for r, st := range p.Marks {
		m.painted[r] = st.Render(string(r))
		m.paintedSel[r] = st.Inherit(m.styles.TableSelected).Render(string(r))
	}
}

// paintMarks draws the paint column's marks of each row in view.
func (m *Model) paintMarks(v string) string {
	p := m.paint
	if len(p.Marks) == 0 || m.styles.Plain || m.filter.Query != "" || p.Column+1 >= len(m.applied) {
		return v
	}
	x := m.left // where the column's text starts on a line
	for c := range p.Column + 1 {
		x += m.applied[c].Width + m.pad
	}
	end := x + m.applied[p.Column+1].Width
	lines := strings.Split(v, "\n")
	for i := m.off; i < m.off+m.shown; i++ {
		at := m.top + i - m.off
		if at >= len(lines) {
			break
		}
		lines[at] = m.paintLine(ansi.Strip(lines[at]), x, end, i == m.cur)
	}
	return strings.Join(lines, "\n")
}

// paintLine draws a plain line with the marks in cells [from, to) in
// their styles, the selected row's style around and under them.
func (m *Model) paintLine(line string, from, to int, selected bool) string {
	base := m.styles.TableSelected // only for the selected row
	var b, run strings.Builder
	flush := func() {
		if run.Len() > 0 && selected {
			b.WriteString(base.Render(run.String()))
		} else {
			b.WriteString(run.String())
		}
		run.Reset()
	}
	marks := m.painted
	if selected {
		marks = m.paintedSel
	}
	col := 0
	for _, r := range line {
		if mark, ok := marks[r]; ok && col >= from && col < to {
			flush()
			b.WriteString(mark)
		} else {
			run.WriteRune(r)
		}
		if r < utf8.RuneSelf {
			col++
		} else {
			col += ansi.StringWidth(string(r))
		}
	}
	flush()
	return b.String()
}
