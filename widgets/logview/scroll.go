package logview

import (
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"dpconsole/text/wordwrap"
)

// A position is an index into the shown entries: the store itself, or the
// filtered list when a level filter is on. (top, topRow) is the first
// visible row: an entry and, when wrapping, a row within it.

func (m *Model) shown() int {
	if m.filtered != nil {
		return len(m.filtered)
	}
	return m.st.n
}

func (m *Model) entryAt(pos int) int {
	if m.filtered != nil {
		return int(m.filtered[pos])
	}
	return pos
}

func (m *Model) itemAt(pos int) *item { return m.st.at(m.entryAt(pos)) }

// posOf returns the position of entry e, or of the first shown entry after
// it when e is filtered out.
func (m *Model) posOf(e int) int {
	if m.filtered == nil {
		return min(e, m.st.n)
	}
	return sort.Search(len(m.filtered), func(i int) bool { return int(m.filtered[i]) >= e })
}

// topEntry returns the store index of the first visible entry.
func (m *Model) topEntry() int {
	if m.top >= m.shown() {
		return m.st.n
	}
	return m.entryAt(m.top)
}

// contentHeight is the rows left for entries: the view less the status
// line, and less the notice's own lines when it has them.
func (m *Model) contentHeight() int { return max(0, m.height-1-m.noticeLines()) }

// stateReserve is the room the status line keeps for the view's state
// ("PAUSED · 9999 new") beside a notice; a longer notice gets its own line.
const stateReserve = 17

// maxNoticeLines bounds the lines a long notice (a host's error with its
// URL) takes above the status line, so the entries keep most of the view.
const maxNoticeLines = 3

// noticeLines is how many lines the notice takes of its own: none when it
// fits on the status line beside the view's state.
func (m *Model) noticeLines() int { return len(m.noticeWrap) }

// wrapNotice breaks a notice too long to share the status line with the
// view's state into lines of its own, at spaces (flags and URLs whole
// where they fit). It depends only on the notice and the size, so the
// rows do not jump as the state changes.
func (m *Model) wrapNotice() {
	m.noticeWrap = nil
	if m.notice == "" || m.height < 3 || ansi.StringWidth(m.notice)+1+stateReserve <= m.width {
		return
	}
	m.noticeWrap = wordwrap.Limit(m.notice, max(1, m.width), min(maxNoticeLines, m.height-2))
}

// timeWidth is the width of the timestamp column, space included.
func (m *Model) timeWidth() int {
	switch m.timeMode {
	case TimeLocal:
		return len(timeLayout) + 1
	case TimeUTC:
		return len(timeLayout) + 2
	}
	return 0
}

// prefixWidth is the width of the match gutter, timestamp and level
// label before the text.
func (m *Model) prefixWidth() int { return m.gutter() + m.timeWidth() + len("ERROR ") }

// gutter is the width of the column that marks matching entries when
// styling is invisible (NO_COLOR, ASCII profile) and a search is active:
// there colour cannot show the matches.
func (m *Model) gutter() int {
	if m.styles.Plain && m.q.text != "" {
		return len(gutterCurrent)
	}
	return 0
}

// area is the width left for an entry's text.
func (m *Model) area() int { return max(1, m.width-m.prefixWidth()) }

// rows returns how many rows the entry at pos takes: its width was
// measured at append, so this is constant time.
func (m *Model) rows(pos int) int {
	if !m.wrap {
		return 1
	}
	a, it := m.area(), m.itemAt(pos)
	if int(it.width) <= a {
		return 1
	}
	return len(m.wraps.rowStarts(m.entryAt(pos), it, a))
}

// endPos returns the first visible row when the last entry is at the bottom.
func (m *Model) endPos() (int, int) {
	n := m.shown()
	if n == 0 {
		return 0, 0
	}
	h := max(1, m.contentHeight())
	if !m.wrap {
		return max(0, n-h), 0
	}
	for p := n - 1; p >= 0; p-- {
		r := m.rows(p)
		if r >= h {
			return p, r - h
		}
		h -= r
	}
	return 0, 0
}

func before(p1, r1, p2, r2 int) bool { return p1 < p2 || (p1 == p2 && r1 < r2) }

// settle keeps the position valid after any change: at the end when
// following, otherwise never past the end.
func (m *Model) settle() {
	ep, er := m.endPos()
	if m.follow || before(ep, er, m.top, m.topRow) {
		m.top, m.topRow = ep, er
	}
	m.top = max(0, m.top)
	if m.top < m.shown() {
		m.topRow = min(m.topRow, m.rows(m.top)-1)
	} else {
		m.topRow = 0
	}
}

func (m *Model) scrollUp(n int) {
	m.follow = false
	m.moveUp(n)
}

func (m *Model) moveUp(n int) {
	for ; n > 0; n-- {
		switch {
		case m.topRow > 0:
			m.topRow--
		case m.top > 0:
			m.top--
			m.topRow = m.rows(m.top) - 1
		default:
			return
		}
	}
}

// scrollDown moves towards the end, stopping where the last entry is at
// the bottom. It does not resume following: End or Follow does that.
func (m *Model) scrollDown(n int) {
	ep, er := m.endPos()
	for ; n > 0 && before(m.top, m.topRow, ep, er); n-- {
		if m.topRow+1 < m.rows(m.top) {
			m.topRow++
		} else {
			m.top, m.topRow = m.top+1, 0
		}
	}
}

// showEntry scrolls so store entry e is visible, a third of the way down,
// unless it already is; moving stops following.
func (m *Model) showEntry(e int) {
	pos := m.posOf(e)
	if pos >= m.shown() {
		return
	}
	if pos >= m.top && pos <= m.lastVisible() && !(pos == m.top && m.topRow > 0) {
		return
	}
	m.follow = false
	m.top, m.topRow = pos, 0
	m.moveUp(m.contentHeight() / 3)
	m.settle()
}

// lastVisible returns the position of the last entry with a visible row.
func (m *Model) lastVisible() int {
	h := m.contentHeight()
	p := m.top
	h -= m.rows(p) - m.topRow
	for h > 0 && p+1 < m.shown() {
		p++
		h -= m.rows(p)
	}
	return p
}

// rebuildFilter recomputes the filtered positions; it reads every entry
// once, on a filter change or a reset only.
func (m *Model) rebuildFilter() {
	if m.minLevel <= LevelDebug {
		m.filtered = nil
		return
	}
	f := make([]int32, 0, 1024)
	for c, chunk := range m.st.chunks {
		for i := range chunk {
			if chunk[i].level.rank() >= m.minLevel {
				f = append(f, int32(c<<chunkBits+i))
			}
		}
	}
	m.filtered = f
}

// rebuildMatches recomputes the matches among shown entries; it reads each
// once, on a new search, a filter change or a reset only.
func (m *Model) rebuildMatches() {
	m.matches = matchIndex{cur: -1}
	if m.q.text == "" {
		return
	}
	for p, n := 0, m.shown(); p < n; p++ {
		e := m.entryAt(p)
		if it := m.st.at(e); m.q.matches(it.text, it.level) {
			m.matches.entries = append(m.matches.entries, int32(e))
		}
	}
}

// wrapCache keeps, for the current text width, the byte offsets where the
// rows of long non-ASCII entries start: wide characters that do not fit at
// the end of a row move to the next, so rows cannot be found by arithmetic.
// Each entry is walked once per width; ASCII entries need no cache.
type wrapCache struct {
	area   int
	starts map[int][]int
}

// maxWrapped bounds how many entries the wrap cache holds.
const maxWrapped = 256

func (c *wrapCache) rowStarts(e int, it *item, area int) []int {
	if c.starts == nil || c.area != area || len(c.starts) >= maxWrapped {
		c.area, c.starts = area, map[int][]int{}
	}
	if s, ok := c.starts[e]; ok {
		return s
	}
	s := []int{0}
	for off := nextRow(it.text, 0, area); off < len(it.text); off = nextRow(it.text, off, area) {
		s = append(s, off)
	}
	c.starts[e] = s
	return s
}

// nextRow returns where the row after the one starting at off begins when
// rows are area cells wide: after the last space that fits (a word moves
// to the next row whole), or where the cells run out when a word is longer
// than the row. The spaces at the break are skipped, so a continuation row
// never starts with a stray space; rowSpan leaves them out of the row.
func nextRow(text string, off, area int) int {
	cut := off + cutWidth(text[off:], area)
	next := cut
	if cut < len(text) && text[cut] != ' ' {
		if i := strings.LastIndexByte(text[off:cut], ' '); i > 0 {
			next = off + i
		}
	}
	for next < len(text) && text[next] == ' ' {
		next++
	}
	return next
}

// rowSpan returns the byte range of row r of entry e when rows are area
// cells wide.
func (m *Model) rowSpan(e int, it *item, r, area int) (int, int) {
	if int(it.width) <= area {
		if r > 0 {
			return len(it.text), len(it.text)
		}
		return 0, len(it.text)
	}
	s := m.wraps.rowStarts(e, it, area)
	if r >= len(s) {
		return len(it.text), len(it.text)
	}
	end := len(it.text)
	if r+1 < len(s) {
		end = s[r+1]
	}
	for end > s[r] && it.text[end-1] == ' ' {
		end-- // the spaces at a break (or the entry's end) belong to no row
	}
	return s[r], end
}

// cutWidth returns how many bytes of s fit in w cells, at least one
// grapheme so that progress is always made.
func cutWidth(s string, w int) int {
	used, i := 0, 0
	for i < len(s) {
		g, gw := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		if used+gw > w && i > 0 {
			break
		}
		used += gw
		i += len(g)
	}
	return i
}
