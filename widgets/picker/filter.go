package picker

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sahilm/fuzzy"

	"dpconsole/keymap"
	"dpconsole/text/sanitize"
)

// FilterKeys are the keys of the filter: Start opens it, Accept closes
// the input and keeps the filter, Clear drops it.
type FilterKeys struct {
	Start, Accept, Clear key.Binding
}

// FilterKeysFrom takes the filter's keys from the console's key map.
func FilterKeysFrom(km keymap.KeyMap) FilterKeys {
	return FilterKeys{Start: km.Table.Filter, Accept: km.Form.Submit, Clear: km.Nav.Back}
}

// Filter is the state of a table's filter, kept apart so a table that is
// rebuilt (new columns) can carry it over with SetFilter.
type Filter struct {
	Keys   FilterKeys
	Query  string // what was typed; "" shows every row
	Typing bool   // the input has the keys
}

// SetFilterKeys turns the filter on with keys k (off until then).
func (m *Model) SetFilterKeys(k FilterKeys) { m.filter.Keys = k }

// Filter returns the filter's state.
func (m *Model) Filter() Filter { return m.filter }

// SetFilter restores a filter's state (from a table this one replaces).
func (m *Model) SetFilter(f Filter) {
	sel := m.Cursor()
	m.filter = f
	m.refilter(sel)
	m.refresh()
}

// Filtering reports that the filter's input has the keys: every key,
// q and digits included, goes to it.
func (m *Model) Filtering() bool { return m.filter.Typing }

// Filtered reports that a filter hides rows or is being typed, so Esc
// clears it instead of going back.
func (m *Model) Filtered() bool { return m.filter.Typing || m.filter.Query != "" }

// StartFilter opens the filter's input on the current query.
func (m *Model) StartFilter() {
	m.filter.Typing = true
	m.refresh()
}

// ClearFilter drops the filter: every row shows, the selection stays.
func (m *Model) ClearFilter() {
	sel := m.Cursor()
	m.filter.Query, m.filter.Typing = "", false
	m.refilter(sel)
	m.refresh()
}

// CountText words how many rows show: "12", or "3 of 12" while a filter
// hides some.
func (m *Model) CountText() string {
	if m.filter.Query == "" {
		return fmt.Sprint(len(m.rows))
	}
	return fmt.Sprintf("%d of %d", len(m.vis), len(m.rows))
}

// filterKey handles a key for the filter: ok is false for a key it
// leaves to the table (moves, and every key while no filter is open).
func (m *Model) filterKey(k tea.KeyMsg) bool {
	f := &m.filter
	if !f.Typing {
		switch {
		case key.Matches(k, f.Keys.Start):
			m.StartFilter()
			return true
		case f.Query != "" && key.Matches(k, f.Keys.Clear):
			m.ClearFilter()
			return true
		}
		return false
	}
	sel := m.Cursor()
	switch {
	case key.Matches(k, f.Keys.Clear):
		m.ClearFilter()
		return true
	case key.Matches(k, f.Keys.Accept):
		f.Typing = false
		m.refresh()
		return true
	case k.Type == tea.KeyBackspace:
		if r := []rune(f.Query); len(r) > 0 {
			f.Query = string(r[:len(r)-1])
		}
	case k.Type == tea.KeyRunes || k.Type == tea.KeySpace:
		if k.Alt {
			return true
		}
		f.Query += sanitize.SanitizeLine(string(k.Runes))
	case k.Type == tea.KeyCtrlU:
		f.Query = ""
	case k.Type == tea.KeyUp || k.Type == tea.KeyDown || k.Type == tea.KeyPgUp || k.Type == tea.KeyPgDown:
		return false // the arrows still move through what is shown
	default:
		return true // typing: no other key acts on the table
	}
	m.refilter(sel)
	m.refresh()
	return true
}

// haystack is the text a row is matched on: its cells, plain, one space
// apart; starts are where each cell begins in it.
func haystack(r []string) (text string, starts []int) {
	var b strings.Builder
	for i, c := range r {
		if i > 0 {
			b.WriteByte(' ')
		}
		starts = append(starts, b.Len())
		b.WriteString(ansi.Strip(c))
	}
	return b.String(), starts
}

// refilter picks the rows the query matches (fuzzy, in their order) and
// keeps the selection on row sel when it still shows, else on the first.
// A row matches when one of its cells does, so the letters of a match
// come from one cell, not from a name and its neighbour's status.
func (m *Model) refilter(sel int) {
	m.vis, m.marks = m.vis[:0], m.marks[:0]
	for i, r := range m.rows {
		if m.filter.Query == "" {
			m.vis = append(m.vis, i)
			continue
		}
		if marks, ok := matchRow(m.filter.Query, r); ok {
			m.vis = append(m.vis, i)
			m.marks = append(m.marks, marks)
		}
	}
	m.cur = 0
	for p, r := range m.vis {
		if r == sel {
			m.cur = p
		}
	}
}

// matchRow fuzzy-matches query against each cell of r and returns the
// best cell's matched bytes as offsets into r's haystack.
func matchRow(query string, r []string) (marks []int, ok bool) {
	_, starts := haystack(r)
	best := 0
	for c, cell := range r {
		ms := fuzzy.Find(query, []string{ansi.Strip(cell)})
		if len(ms) == 0 || (ok && ms[0].Score <= best) {
			continue
		}
		ok, best, marks = true, ms[0].Score, marks[:0]
		for _, b := range ms[0].MatchedIndexes {
			marks = append(marks, starts[c]+b)
		}
	}
	return marks, ok
}

// filterLines is 1 while the filter line shows.
func (m *Model) filterLines() int {
	if m.Filtered() && m.height >= 3 {
		return 1
	}
	return 0
}

// filterLine shows the query and what it lets through, or "".
func (m *Model) filterLine() string {
	if m.filterLines() == 0 {
		return ""
	}
	s := m.styles
	q := m.filter.Keys.Start.Help().Key + m.filter.Query
	if m.filter.Typing {
		q += "▏"
	}
	hint := fmt.Sprintf("  %s rows", m.CountText())
	if m.filter.Typing {
		hint += " · " + m.filter.Keys.Accept.Help().Key + " keeps · " + m.filter.Keys.Clear.Help().Key + " clears"
	} else {
		hint += " · " + m.filter.Keys.Clear.Help().Key + " clears"
	}
	if len(m.vis) == 0 {
		hint = "  no row matches" + hint
	}
	return ansi.Truncate(s.InputLabel.Render(q)+s.Muted.Render(hint), max(m.width, 1), "…")
}

// markMatches marks the characters of the shown rows the query matched.
// The table cuts cells by rune count, so the marks cannot be put into
// the cells it is given; they go onto its rendered lines instead, at the
// columns the cells start at.
func (m *Model) markMatches(v string) string {
	if m.filter.Query == "" || len(m.marks) == 0 || m.styles.Plain {
		return v
	}
	lines := strings.Split(v, "\n")
	top := m.top
	for i := m.off; i < m.off+m.shown && i < len(m.marks); i++ {
		at := top + i - m.off
		if at >= len(lines) {
			break
		}
		cols := m.markedColumns(m.rows[m.vis[i]], m.marks[i])
		if len(cols) > 0 {
			lines[at] = m.restyle(ansi.Strip(lines[at]), cols, i == m.cur)
		}
	}
	return strings.Join(lines, "\n")
}

// markedColumns maps matched byte offsets of a row's haystack to the
// screen columns they are drawn at, leaving out what the table cut.
func (m *Model) markedColumns(r []string, marks []int) map[int]bool {
	_, starts := haystack(r)
	x := make([]int, len(r)) // where each cell's text starts on the line
	pos := 0
	for c := range m.applied {
		if c > 0 && c-1 < len(r) {
			x[c-1] = pos + m.left
		}
		pos += m.applied[c].Width + m.pad
	}
	out := map[int]bool{}
	for _, b := range marks {
		c := len(starts) - 1
		for c > 0 && starts[c] > b {
			c--
		}
		if c < 0 || c+1 >= len(m.applied) {
			continue
		}
		cell := ansi.Strip(r[c])
		off := b - starts[c]
		if off < 0 || off >= len(cell) {
			continue
		}
		w := m.applied[c+1].Width
		col := ansi.StringWidth(cell[:off])
		if ansi.StringWidth(cell) > w {
			w-- // the table ends a cut cell with "…"
		}
		if col < w {
			out[x[c]+col] = true
		}
	}
	return out
}

// restyle draws a plain line with the marked columns as matches, the
// selected row in its own style around them.
func (m *Model) restyle(line string, marked map[int]bool, selected bool) string {
	s := m.styles
	base, hit := s.Text, s.Match
	if selected {
		base, hit = s.TableSelected, s.MatchCurrent
	}
	var b, run strings.Builder
	runMarked, col := false, 0
	flush := func() {
		if run.Len() == 0 {
			return
		}
		if runMarked {
			b.WriteString(hit.Render(run.String()))
		} else if selected {
			b.WriteString(base.Render(run.String()))
		} else {
			b.WriteString(run.String())
		}
		run.Reset()
	}
	for _, r := range line {
		isMarked := marked[col]
		if isMarked != runMarked {
			flush()
			runMarked = isMarked
		}
		run.WriteRune(r)
		col += ansi.StringWidth(string(r))
	}
	flush()
	return b.String()
}
