package logview

import "github.com/charmbracelet/x/ansi"

// Sideways scrolling shows unwrapped entries from column xoff on. ASCII
// entries are sliced by byte; long non-ASCII entries get, once at append,
// a mark every colStep columns, so finding a column walks at most colStep
// cells and the cost of a row does not grow with the entry's length.

// colStep is the distance in columns between two marks.
const colStep = 64

// colMark is where a grapheme starts: its byte offset and its column.
type colMark struct{ byte, col int32 }

// buildMarks returns, for each multiple k of colStep up to the width, the
// last grapheme starting at or before column k*colStep. Entries short
// enough to walk whole (or ASCII) get none.
func buildMarks(it *item) []colMark {
	if it.ascii() || int(it.width) <= 2*colStep {
		return nil
	}
	marks := make([]colMark, 0, int(it.width)/colStep+1)
	col := 0
	for i := 0; i < len(it.text); {
		g, gw := ansi.FirstGraphemeCluster(it.text[i:], ansi.GraphemeWidth)
		for len(marks)*colStep < col+gw {
			marks = append(marks, colMark{int32(i), int32(col)})
		}
		col += gw
		i += len(g)
	}
	return marks
}

// colStart returns the byte offset of the first grapheme of entry e that
// starts at column x or after, and how many columns after x it starts
// (1 when a wide character straddles x).
func (m *Model) colStart(e int, it *item, x int) (int, int) {
	switch {
	case x <= 0:
		return 0, 0
	case x >= int(it.width):
		return len(it.text), 0
	case it.ascii():
		return x, 0
	}
	b, c := 0, 0
	if marks := m.marks[e]; len(marks) > 0 {
		mk := marks[min(x/colStep, len(marks)-1)]
		b, c = int(mk.byte), int(mk.col)
	}
	for b < len(it.text) && c < x {
		g, gw := ansi.FirstGraphemeCluster(it.text[b:], ansi.GraphemeWidth)
		c += gw
		b += len(g)
	}
	return b, c - x
}

// fitFrom returns where text[from:] is cut to fit in w cells.
func (it *item) fitFrom(from, w int) int {
	if it.ascii() {
		return min(from+max(w, 0), len(it.text))
	}
	used, i := 0, from
	for i < len(it.text) {
		g, gw := ansi.FirstGraphemeCluster(it.text[i:], ansi.GraphemeWidth)
		if used+gw > w {
			break
		}
		used += gw
		i += len(g)
	}
	return i
}

// shiftedRow works out the row of an unwrapped entry scrolled to column
// xoff: a "…" in front says text is hidden to the left, one at the end
// that more follows on the right.
func (m *Model) shiftedRow(e int, it *item, area int) (from, to int, ed edges) {
	x := m.xoff
	if int(it.width) <= x {
		return len(it.text), len(it.text), edges{}
	}
	ed.left = true
	from, ed.pad = m.colStart(e, it, x+1)
	avail := max(0, area-1-ed.pad)
	if rest := int(it.width) - (x + 1 + ed.pad); rest > avail {
		ed.right = true
		avail = max(0, avail-1)
	}
	return from, it.fitFrom(from, avail), ed
}

// sideStep is how far one press scrolls sideways: half the text area.
func (m *Model) sideStep() int { return max(1, m.area()/2) }

// maxXoff is the furthest sideways position that still shows the end of
// the widest visible entry; it reads the visible entries only.
func (m *Model) maxXoff() int {
	widest := 0
	for p, last := m.top, m.lastVisible(); p <= last && p < m.shown(); p++ {
		widest = max(widest, int(m.itemAt(p).width))
	}
	return max(0, widest-m.area()+1)
}

// scrollSide moves the view d columns sideways, within the visible text.
func (m *Model) scrollSide(d int) {
	if m.wrap {
		return
	}
	m.xoff = max(0, min(m.xoff+d, m.maxXoff()))
}
