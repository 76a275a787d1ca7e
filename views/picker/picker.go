// Package picker is the selectable table the panes list things in
// (configurations, tasks, presets, templates). It wraps the bubbles table,
// fits the columns to the width, and marks the selected row with a
// character as well as a style, since styles vanish on plain terminals.
package picker

import (
	"slices"

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

// Model is a selectable table.
type Model struct {
	table   table.Model
	cols    []Column
	rows    []table.Row
	width   int
	pad     int            // horizontal frame of one cell
	applied []table.Column // the columns the table has
}

// New returns an empty picker styled by s and moved by km.
func New(s *theme.Styles, km table.KeyMap, cols ...Column) Model {
	t := table.New(table.WithFocused(true), table.WithKeyMap(km), table.WithStyles(s.Table()))
	m := Model{table: t, cols: cols, pad: s.TableCell.GetHorizontalFrameSize()}
	m.layout()
	return m
}

// SetSize fits the table into width x height cells (header included).
func (m *Model) SetSize(width, height int) {
	m.width = width
	m.table.SetWidth(width)
	m.table.SetHeight(max(1, height))
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
	// renders old rows against new columns; clearing them loses the
	// cursor, so it is put back.
	cur := m.table.Cursor()
	m.table.SetRows(nil)
	m.table.SetColumns(cols)
	m.refresh()
	if cur > 0 {
		m.SetCursor(cur)
	}
}

// SetRows replaces the rows, keeping the cursor where it was when it can.
func (m *Model) SetRows(rows []table.Row) {
	m.rows = rows
	m.layout() // the columns follow the content
}

func (m *Model) refresh() {
	cur := m.table.Cursor()
	if cur >= len(m.rows) {
		cur = len(m.rows) - 1
	}
	if cur < 0 {
		cur = 0
	}
	out := make([]table.Row, len(m.rows))
	for i, r := range m.rows {
		row := make(table.Row, 0, len(r)+1)
		if i == cur {
			row = append(row, Marker)
		} else {
			row = append(row, "")
		}
		out[i] = append(row, r...)
	}
	m.table.SetRows(out)
	m.table.SetCursor(cur)
}

// Update moves the selection.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	before := m.table.Cursor()
	var cmd tea.Cmd
	m.table, cmd = m.table.Update(msg)
	if m.table.Cursor() != before {
		m.refresh()
	}
	return cmd
}

// Len returns the number of rows.
func (m *Model) Len() int { return len(m.rows) }

// Cursor returns the selected row's index, or -1 when there are no rows.
func (m *Model) Cursor() int {
	if len(m.rows) == 0 {
		return -1
	}
	return m.table.Cursor()
}

// SetCursor selects row i.
func (m *Model) SetCursor(i int) {
	m.table.SetCursor(i)
	m.refresh()
}

// Selected returns the selected row as given to SetRows, or nil.
func (m *Model) Selected() table.Row {
	if i := m.Cursor(); i >= 0 {
		return m.rows[i]
	}
	return nil
}

// View renders the table.
func (m *Model) View() string { return m.table.View() }

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
