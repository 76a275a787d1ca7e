package logview

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/text/wordwrap"
	"dpconsole/theme"
)

// timeLayout is how timestamps are shown; UTC ones get a "Z".
const timeLayout = "2006-01-02 15:04:05"

// The plain-mode gutter's marks (see gutter): the current match, another
// match, no match. All are the same width.
const (
	gutterCurrent = "> "
	gutterMatch   = "» "
	gutterNone    = "  "
)

// painter applies a style by writing its escape codes around text, worked
// out once from the style, so View calls no lipgloss Render per row.
type painter struct {
	pre, suf string
	style    lipgloss.Style
	ok       bool
}

func newPainter(st lipgloss.Style) painter {
	const mark = "\uE000"
	out := st.Render(mark)
	if i := strings.Index(out, mark); i >= 0 && strings.Count(out, mark) == 1 {
		return painter{pre: out[:i], suf: out[i+len(mark):], ok: true}
	}
	return painter{style: st}
}

func (p painter) write(b *strings.Builder, s string) {
	if !p.ok {
		b.WriteString(p.style.Render(s))
		return
	}
	b.WriteString(p.pre)
	b.WriteString(s)
	b.WriteString(p.suf)
}

type painters struct {
	time, text, debug, match, current, bar, warn, empty painter
	labels                                              [LevelError + 1]string
}

func newPainters(s *theme.Styles) painters {
	p := painters{
		time: newPainter(s.LogTime), text: newPainter(s.LogText), debug: newPainter(s.Muted),
		match: newPainter(s.Match), current: newPainter(s.MatchCurrent),
		bar: newPainter(s.StatusBar), warn: newPainter(s.Warning), empty: newPainter(s.Empty),
	}
	styles := [...]lipgloss.Style{s.LogText, s.LogDebug, s.LogInfo, s.LogWarn, s.LogError}
	for l := LevelNone; l <= LevelError; l++ {
		p.labels[l] = styles[l].Render(l.label()) + " "
	}
	return p
}

// View renders the visible window only: its cost depends on the view's
// size, not on the log's. The last line is the status line.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow((m.width + 48) * m.height)
	rows := 0
	line := func() {
		if rows > 0 {
			b.WriteByte('\n')
		}
		rows++
	}
	ch, n := m.contentHeight(), m.shown()
	switch {
	case ch == 0:
	case m.st.n == 0:
		// Wrapped: it may be the only thing on screen, and say what to do.
		for _, l := range wordwrap.Limit(m.emptyText, m.width, ch) {
			line()
			m.paint.empty.write(&b, l)
		}
	case n == 0:
		line()
		msg := fmt.Sprintf("no entries at %s or above (%d hidden); %s changes the level",
			strings.ToUpper(m.minLevel.String()), m.st.n, m.keys.Level.Help().Key)
		m.paint.empty.write(&b, ansi.Truncate(msg, m.width, "…"))
	default:
		area := m.area()
		for pos := m.top; rows < ch && pos < n; pos++ {
			e, it := m.entryAt(pos), m.itemAt(pos)
			if !m.wrap {
				line()
				switch {
				case m.xoff > 0:
					from, to, ed := m.shiftedRow(e, it, area)
					m.emitRow(&b, e, it, true, from, to, ed)
				case int(it.width) <= area:
					m.emitRow(&b, e, it, true, 0, len(it.text), edges{})
				default:
					m.emitRow(&b, e, it, true, 0, it.fitFrom(0, area-1), edges{right: true})
				}
				continue
			}
			total, r := m.rows(pos), 0
			if pos == m.top {
				r = m.topRow
			}
			for ; r < total && rows < ch; r++ {
				from, to := m.rowSpan(e, it, r, area)
				line()
				m.emitRow(&b, e, it, r == 0, from, to, edges{})
			}
		}
	}
	for rows < ch {
		line()
	}
	line()
	m.writeStatus(&b)
	return b.String()
}

// edges says what a row shows around its slice of text: "…" where text
// is hidden to the left or right, and blank cells where a wide character
// straddles the left edge.
type edges struct {
	left, right bool
	pad         int
}

// emitRow writes a row, cutting it to the width when the view is too
// narrow for the timestamp, the label and a wide character.
func (m *Model) emitRow(b *strings.Builder, e int, it *item, first bool, from, to int, ed edges) {
	if m.width > m.prefixWidth()+1 {
		m.writeRow(b, e, it, first, from, to, ed)
		return
	}
	var row strings.Builder
	m.writeRow(&row, e, it, first, from, to, ed)
	b.WriteString(ansi.Truncate(row.String(), m.width, ""))
}

// writeRow writes text[from:to] of entry e, with its timestamp and label
// on the entry's first row and matches highlighted.
func (m *Model) writeRow(b *strings.Builder, e int, it *item, first bool, from, to int, ed edges) {
	hl := m.paint.match
	current := false
	if c := m.matches.cur; c >= 0 && c < len(m.matches.entries) && int(m.matches.entries[c]) == e {
		hl, current = m.paint.current, true
	}
	if m.gutter() > 0 {
		switch {
		case current:
			b.WriteString(gutterCurrent)
		case m.matches.has(e):
			b.WriteString(gutterMatch)
		default:
			b.WriteString(gutterNone)
		}
	}
	if first {
		m.writeTime(b, it.nanos)
		if m.q.inLabel(it.level) {
			label := it.level.label()
			name := strings.TrimSpace(label)
			hl.write(b, name)
			b.WriteString(label[len(name):] + " ")
		} else {
			b.WriteString(m.paint.labels[it.level])
		}
	} else {
		b.WriteString(strings.Repeat(" ", m.prefixWidth()-m.gutter()))
	}
	text := m.paint.text
	if it.level == LevelDebug {
		text = m.paint.debug
	}
	if ed.left {
		m.paint.debug.write(b, "…")
	}
	if ed.pad > 0 {
		b.WriteString(strings.Repeat(" ", ed.pad))
	}
	at := from
	if m.q.text != "" {
		for _, sp := range m.q.spans(it.text, from, to) {
			if sp[0] > at {
				text.write(b, it.text[at:sp[0]])
			}
			hl.write(b, it.text[sp[0]:sp[1]])
			at = sp[1]
		}
	}
	if at < to {
		text.write(b, it.text[at:to])
	}
	if ed.right {
		m.paint.debug.write(b, "…")
	}
}

func (m *Model) writeTime(b *strings.Builder, nanos int64) {
	w := m.timeWidth()
	if w == 0 {
		return
	}
	if nanos == noTime {
		b.WriteString(strings.Repeat(" ", w))
		return
	}
	var buf [40]byte
	t := time.Unix(0, nanos)
	if m.timeMode == TimeUTC {
		out := append(t.UTC().AppendFormat(buf[:0], timeLayout), 'Z')
		m.paint.time.write(b, string(out))
	} else {
		m.paint.time.write(b, string(t.In(m.loc).AppendFormat(buf[:0], timeLayout)))
	}
	b.WriteByte(' ')
}

// writeStatus writes the status line: the search prompt while typing,
// otherwise any notice on the left (or on a line of its own when long)
// and the view's state on the right, shortened to fit.
func (m *Model) writeStatus(b *strings.Builder) {
	if m.typing {
		b.WriteString(ansi.Truncate(m.input.View(), m.width, ""))
		return
	}
	left := m.notice
	if m.noticeLines() > 0 {
		for _, l := range m.noticeWrap {
			m.paint.warn.write(b, ansi.Truncate(l, m.width, "…"))
			b.WriteByte('\n')
		}
		left = ""
	}
	room := m.width
	if left != "" {
		room = max(0, m.width-ansi.StringWidth(left)-1)
	}
	right, fresh := m.stateText(room)
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)+ansi.StringWidth(fresh)
	if lw+1+rw > m.width {
		// Not enough room: the state matters more than the notice's tail.
		left = ansi.Truncate(left, max(0, m.width-rw-1), "…")
		lw = ansi.StringWidth(left)
	}
	var line strings.Builder
	m.paint.warn.write(&line, left)
	line.WriteString(strings.Repeat(" ", max(1, m.width-lw-rw)))
	m.paint.bar.write(&line, right)
	m.paint.warn.write(&line, fresh)
	b.WriteString(ansi.Truncate(line.String(), m.width, "…"))
}

// stateText words the view's state in at most w cells when it can: the
// search and its matches, the level filter, wrap, the time zone, the
// first column shown when scrolled sideways, the position, FOLLOW or
// PAUSED, and how many new entries wait. Less
// important parts are shortened, then dropped, first: wrap, the time
// zone, the hidden count, the follow hint, the position; the query text
// is cut last.
func (m *Model) stateText(w int) (right, fresh string) {
	var search string
	if m.q.text != "" {
		if c := m.matches.cur; c >= 0 {
			search = fmt.Sprintf("%d/%d", c+1, len(m.matches.entries))
		} else {
			search = matchCount(len(m.matches.entries))
		}
	}
	var filter, filterShort string
	if m.filtered != nil {
		filterShort = "≥" + strings.ToUpper(m.minLevel.String())
		filter = fmt.Sprintf("%s (%d hidden)", filterShort, m.st.n-len(m.filtered))
	}
	var pos, posShort string
	if n := m.shown(); n > 0 {
		pos = fmt.Sprintf("%d-%d/%d", m.top+1, m.lastVisible()+1, n)
		posShort = fmt.Sprintf("%d/%d", m.lastVisible()+1, n)
	}
	state := "FOLLOW"
	if !m.follow {
		state = "PAUSED"
	}
	var freshLong, freshShort string
	if !m.follow && m.newCount > 0 {
		freshShort = fmt.Sprintf(" · %d new", m.newCount)
		freshLong = fmt.Sprintf("%s (%s follows)", freshShort, m.keys.Follow.Help().Key)
	}
	wrap := ""
	if m.wrap {
		wrap = "wrap"
	}
	var col, colShort string
	if m.xoff > 0 && !m.wrap {
		col, colShort = fmt.Sprintf("col %d", m.xoff+1), fmt.Sprintf("→%d", m.xoff+1)
	}
	zone := m.timeMode.String()
	build := func(q string, parts ...string) string {
		var keep []string
		switch {
		case m.q.text != "" && q != "":
			keep = append(keep, q+" "+search)
		case m.q.text != "":
			keep = append(keep, search)
		}
		for _, p := range parts {
			if p != "" {
				keep = append(keep, p)
			}
		}
		return strings.Join(append(keep, state), " · ")
	}
	quoted := strconv.Quote(m.q.text)
	tries := []struct{ right, fresh string }{
		{build(quoted, filter, wrap, zone, col, pos), freshLong},
		{build(quoted, filter, zone, col, pos), freshLong},
		{build(quoted, filter, col, pos), freshLong},
		{build(quoted, filterShort, col, pos), freshLong},
		{build(quoted, filterShort, colShort, pos), freshShort},
		{build(quoted, filterShort, colShort, posShort), freshShort},
		{build(quoted, filterShort, colShort), freshShort},
		{build(quoted, colShort), freshShort},
		{build(quoted), freshShort},
	}
	if rest := ansi.StringWidth(build(`""`)) + ansi.StringWidth(freshShort); m.q.text != "" && w-rest >= 4 {
		// Cut the query text before dropping it.
		tries = append(tries, struct{ right, fresh string }{build(strconv.Quote(ansi.Truncate(m.q.text, w-rest, "…"))), freshShort})
	}
	tries = append(tries, struct{ right, fresh string }{build(""), freshShort})
	for _, t := range tries {
		if ansi.StringWidth(t.right)+ansi.StringWidth(t.fresh) <= w {
			return t.right, t.fresh
		}
	}
	return state, freshShort
}

// matchCount words how many entries match: "1 match", "3 matches".
func matchCount(n int) string {
	if n == 1 {
		return "1 match"
	}
	return strconv.Itoa(n) + " matches"
}
