// Package picker is the selectable table the panes list things in
// (configurations, tasks, presets, templates). It wraps the bubbles table,
// fits the columns to the width, and marks the selected row with a
// character as well as a style, since styles vanish on plain terminals.
// It keeps its own cursor and scroll offset (the bubbles table hides its
// own), so it can say how many rows are hidden above and below, and its
// own fuzzy filter (filter.go), so every table filters the same way.
package picker

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/keymap"
	"dpconsole/theme"
)

// Marker is shown in front of the selected row.
const Marker = ">"

// Column is one column: a title, a minimum width, and whether it may be
// narrowed below its content when the table is too narrow. Every column
// is as wide as its widest cell (at least Width and its title); width
// left over goes to the last column, so names stay next to their status.
type Column struct {
	Title string
	Width int
	Flex  bool
	// CutMiddle cuts a cell wider than the column in its middle, keeping
	// both ends ("127.0.0.1…:18799"), where the table would cut its end.
	CutMiddle bool
}

// Model is a selectable table. The bubbles table is given only the rows
// in view, so what it shows is exactly rows[off:off+shown].
type Model struct {
	table   table.Model
	keys    table.KeyMap
	muted   lipgloss.Style
	cols    []Column
	rows    []table.Row
	width   int
	height  int            // the lines given, header included
	cur     int            // the selected row
	off     int            // the first row in view
	shown   int            // how many rows are in view
	pad     int            // horizontal frame of one cell
	applied []table.Column // the columns the table has

	styles *theme.Styles
	left   int     // the left padding of one cell
	filter Filter  // the typed filter (filter.go)
	vis    []int   // the rows the filter lets through, as indices into rows
	marks  [][]int // the matched bytes of each shown row's haystack
	top    int     // the header's lines at the last layout
	paint  Paint   // marks coloured after the table is drawn (paint.go)
	// painted and paintedSel are paint's marks drawn, on their own and on
	// the selected row.
	painted, paintedSel map[rune]string
}

// New returns an empty picker styled by s and moved by km.
func New(s *theme.Styles, km table.KeyMap, cols ...Column) Model {
	t := table.New(table.WithFocused(true), table.WithStyles(s.Table()))
	m := Model{table: t, keys: km, muted: s.Muted, cols: cols, pad: s.TableCell.GetHorizontalFrameSize(), height: 1,
		styles: s, left: s.TableCell.GetPaddingLeft()}
	m.layout()
	return m
}

// SetSize fits the table into width x height cells (header included, and
// the line saying how many rows are hidden when they do not all fit).
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, max(1, height)
	m.table.SetWidth(width)
	m.layout()
}

// widths sizes the columns from their content and fits them into the
// width: flexible columns give up width first (the widest first, never
// below their minimum); what is left over goes to the last column.
func (m *Model) widths() []int {
	w := make([]int, len(m.cols))
	used := lipgloss.Width(Marker) + m.pad
	for i, c := range m.cols {
		w[i] = max(c.Width, lipgloss.Width(c.Title))
		for _, r := range m.rows {
			if i < len(r) {
				w[i] = max(w[i], min(lipgloss.Width(r[i]), max(m.width, 1)))
			}
		}
		used += w[i] + m.pad
	}
	for over := used - m.width; over > 0 && m.width > 0; over-- {
		widest := -1
		for i, c := range m.cols {
			if c.Flex && w[i] > c.Width && (widest < 0 || w[i] > w[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break // nothing can give: the table cuts the rows
		}
		w[widest]--
	}
	if extra := m.width - used; extra > 0 && len(w) > 0 {
		w[len(w)-1] += extra
	}
	return w
}

// layout applies the widths when they changed.
func (m *Model) layout() {
	w := m.widths()
	cols := make([]table.Column, 0, len(m.cols)+1)
	cols = append(cols, table.Column{Title: "", Width: lipgloss.Width(Marker)})
	for i, c := range m.cols {
		cols = append(cols, table.Column{Title: c.Title, Width: w[i]})
	}
	if slices.Equal(cols, m.applied) {
		m.refresh()
		return
	}
	m.applied = cols
	// Rows must be cleared before the columns change, or the table
	// renders old rows against new columns.
	m.table.SetRows(nil)
	m.table.SetColumns(cols)
	m.refresh()
}

// SetRows replaces the rows, keeping the cursor where it was when it can.
// Indices are those of rows, whatever the filter shows.
func (m *Model) SetRows(rows []table.Row) {
	sel := m.Cursor()
	m.rows = rows
	m.refilter(sel)
	m.layout() // the columns follow the content
}

// headerHeight is how many lines the table's header takes.
func (m *Model) headerHeight() int {
	m.table.SetHeight(m.height)
	return m.height - m.table.Height()
}

// scroll clamps the cursor and moves the view so the cursor is in it;
// when the rows do not all fit, one line is kept for the hidden counts.
func (m *Model) scroll() {
	n := len(m.vis)
	m.cur = min(max(m.cur, 0), max(n-1, 0))
	m.top = m.headerHeight()
	body := max(m.height-m.top-m.filterLines(), 1)
	m.shown = body
	if n > body && body >= 2 {
		m.shown = body - 1
	}
	m.shown = min(m.shown, n)
	switch {
	case m.cur < m.off:
		m.off = m.cur
	case m.cur >= m.off+m.shown:
		m.off = m.cur - m.shown + 1
	}
	m.off = min(max(m.off, 0), max(n-m.shown, 0))
}

// refresh gives the table the rows in view, the selected one marked.
func (m *Model) refresh() {
	m.scroll()
	out := make([]table.Row, 0, m.shown)
	for i := m.off; i < m.off+m.shown; i++ {
		r := m.rows[m.vis[i]]
		row := make(table.Row, 0, len(r)+1)
		if i == m.cur {
			row = append(row, Marker)
		} else {
			row = append(row, "")
		}
		row = append(row, r...)
		for c, col := range m.cols {
			if col.CutMiddle && c+1 < len(row) && c+1 < len(m.applied) {
				row[c+1] = cutMiddle(row[c+1], m.applied[c+1].Width)
			}
		}
		out = append(out, row)
	}
	m.table.SetHeight(m.height - m.hiddenLines() - m.filterLines())
	m.table.SetRows(out)
	m.table.SetCursor(m.cur - m.off)
}

// cutMiddle fits s into w cells by cutting its middle: the start and the
// end (a host's port) stay.
func cutMiddle(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw <= w || w < 3 {
		return s
	}
	head := (w - 1) / 2
	tail := w - 1 - head
	return ansi.Truncate(s, head, "") + "…" + ansi.TruncateLeft(s, sw-tail, "")
}

// hiddenLines is 1 when the line of hidden counts is shown.
func (m *Model) hiddenLines() int {
	// m.top, not headerHeight: that sets the table's height, and View
	// asks this after the table is laid out.
	if m.shown < len(m.vis) && m.height-m.top-m.filterLines() >= 2 {
		return 1
	}
	return 0
}

// Hidden returns how many rows are out of view above and below.
func (m *Model) Hidden() (above, below int) {
	return m.off, max(len(m.vis)-m.off-m.shown, 0)
}

// Update moves the selection by the picker's keys; while the filter is
// typed (Filtering), keys edit it instead and the arrows still move.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	if m.filterKey(k) {
		return nil
	}
	if len(m.vis) == 0 {
		return nil
	}
	page := max(m.shown, 1)
	before := m.cur
	switch {
	case key.Matches(k, m.keys.LineUp):
		m.cur--
	case key.Matches(k, m.keys.LineDown):
		m.cur++
	case key.Matches(k, m.keys.PageUp):
		m.cur -= page
	case key.Matches(k, m.keys.PageDown):
		m.cur += page
	case key.Matches(k, m.keys.HalfPageUp):
		m.cur -= max(page/2, 1)
	case key.Matches(k, m.keys.HalfPageDown):
		m.cur += max(page/2, 1)
	case key.Matches(k, m.keys.GotoTop):
		m.cur = 0
	case key.Matches(k, m.keys.GotoBottom):
		m.cur = len(m.vis) - 1
	}
	if m.cur != before {
		m.refresh()
	}
	return nil
}

// Len returns the number of rows shown (those the filter lets through).
func (m *Model) Len() int { return len(m.vis) }

// Visible returns the rows the filter lets through, in order, as
// indices into the rows given to SetRows.
func (m *Model) Visible() []int { return slices.Clone(m.vis) }

// Total returns the number of rows, filtered out or not.
func (m *Model) Total() int { return len(m.rows) }

// Cursor returns the selected row's index in the rows given to SetRows,
// or -1 when no row is shown.
func (m *Model) Cursor() int {
	if len(m.vis) == 0 {
		return -1
	}
	return m.vis[min(max(m.cur, 0), len(m.vis)-1)]
}

// SetCursor selects row i (an index into the rows given to SetRows);
// a row the filter hides is not selected.
func (m *Model) SetCursor(i int) {
	for p, r := range m.vis {
		if r == i {
			m.cur = p
			break
		}
	}
	m.refresh()
}

// Selected returns the selected row as given to SetRows, or nil.
func (m *Model) Selected() table.Row {
	if i := m.Cursor(); i >= 0 {
		return m.rows[i]
	}
	return nil
}

// View renders the table, and under it how many rows are hidden above
// and below when they do not all fit.
func (m *Model) View() string {
	v := m.paintMarks(m.markMatches(m.table.View()))
	if f := m.filterLine(); f != "" {
		v += "\n" + f
	}
	if m.hiddenLines() == 0 {
		return v
	}
	above, below := m.Hidden()
	var parts []string
	if above > 0 {
		parts = append(parts, fmt.Sprintf("↑ %d more", above))
	}
	if below > 0 {
		parts = append(parts, fmt.Sprintf("↓ %d more", below))
	}
	return v + "\n" + m.muted.Render(strings.Join(parts, " · "))
}

// KeysFrom maps the console's navigation keys onto the table; with pages
// false the page keys are left to something else (a document below).
func KeysFrom(n keymap.NavKeys, pages bool) table.KeyMap {
	off := key.NewBinding(key.WithDisabled())
	km := table.KeyMap{LineUp: n.Up, LineDown: n.Down, PageUp: off, PageDown: off,
		HalfPageUp: off, HalfPageDown: off, GotoTop: n.Home, GotoBottom: n.End}
	if pages {
		km.PageUp, km.PageDown = n.PageUp, n.PageDown
	}
	return km
}
