// Package picker is the selectable table the panes list things in
// (configurations, tasks, presets, templates). It wraps the bubbles table,
// fits the columns to the width, and marks the selected row with a
// character as well as a style, since styles vanish on plain terminals.
// It keeps its own cursor and scroll offset (the bubbles table hides its
// own), so it can say how many rows are hidden above and below.
package picker

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

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
}

// New returns an empty picker styled by s and moved by km.
func New(s *theme.Styles, km table.KeyMap, cols ...Column) Model {
	t := table.New(table.WithFocused(true), table.WithStyles(s.Table()))
	m := Model{table: t, keys: km, muted: s.Muted, cols: cols, pad: s.TableCell.GetHorizontalFrameSize(), height: 1}
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
func (m *Model) SetRows(rows []table.Row) {
	m.rows = rows
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
	m.cur = min(max(m.cur, 0), max(len(m.rows)-1, 0))
	body := max(m.height-m.headerHeight(), 1)
	m.shown = body
	if len(m.rows) > body && body >= 2 {
		m.shown = body - 1
	}
	m.shown = min(m.shown, len(m.rows))
	switch {
	case m.cur < m.off:
		m.off = m.cur
	case m.cur >= m.off+m.shown:
		m.off = m.cur - m.shown + 1
	}
	m.off = min(max(m.off, 0), max(len(m.rows)-m.shown, 0))
}

// refresh gives the table the rows in view, the selected one marked.
func (m *Model) refresh() {
	m.scroll()
	out := make([]table.Row, 0, m.shown)
	for i := m.off; i < m.off+m.shown; i++ {
		row := make(table.Row, 0, len(m.rows[i])+1)
		if i == m.cur {
			row = append(row, Marker)
		} else {
			row = append(row, "")
		}
		out = append(out, append(row, m.rows[i]...))
	}
	m.table.SetHeight(m.height - m.hiddenLines())
	m.table.SetRows(out)
	m.table.SetCursor(m.cur - m.off)
}

// hiddenLines is 1 when the line of hidden counts is shown.
func (m *Model) hiddenLines() int {
	if m.shown < len(m.rows) && m.height-m.headerHeight() >= 2 {
		return 1
	}
	return 0
}

// Hidden returns how many rows are out of view above and below.
func (m *Model) Hidden() (above, below int) {
	return m.off, max(len(m.rows)-m.off-m.shown, 0)
}

// Update moves the selection by the picker's keys.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok || len(m.rows) == 0 {
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
		m.cur = len(m.rows) - 1
	}
	if m.cur != before {
		m.refresh()
	}
	return nil
}

// Len returns the number of rows.
func (m *Model) Len() int { return len(m.rows) }

// Cursor returns the selected row's index, or -1 when there are no rows.
func (m *Model) Cursor() int {
	if len(m.rows) == 0 {
		return -1
	}
	return m.cur
}

// SetCursor selects row i.
func (m *Model) SetCursor(i int) {
	m.cur = i
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
	v := m.table.View()
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
