package fleet

import (
	"slices"

	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/widgets/picker"
)

// The Fleet pane's columns: which are shown, and how wide, at the pane's
// width.

// columns are the Fleet pane's, in order. Every column is as wide as its
// widest cell: the name never gives (it is what :gateway NAME takes);
// the host and the configuration narrow when the row is too wide; the
// error, last, is cut at the pane's edge only when even that is not
// enough (shownColumns first leaves columns out for it).
var columns = []picker.Column{
	{Title: "GATEWAY"}, {Title: "HOST", Width: 10, Flex: true, CutMiddle: true}, {Title: "STATE"},
	{Title: "PING"}, {Title: "AGENT"}, {Title: "CONFIG", Width: 8, Flex: true}, {Title: "TASKS"},
	{Title: "ANSWERED"}, {Title: "ERROR"},
}

// errorRoom is how much of the error shownColumns makes room for
// ("connection refused" whole).
const errorRoom = 20

// firstOptional is the first column left out while no row has a value
// in it (before it: the name, the host and the state).
const firstOptional = 3

func allColumns(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// dropOrder is which columns go first when the row is wider than the
// pane, so the error stays: the state already says what the agent and
// task columns detail.
var dropOrder = []int{colAnswered, colPing, colAgent, colTasks, colConfig}

// The columns' indices, for dropOrder.
const (
	colPing     = 3
	colAgent    = 4
	colConfig   = 5
	colTasks    = 6
	colAnswered = 7
)

// shownColumns are the columns some host has a value in (with every host
// down, the agent, configuration and task columns are empty, and their
// room goes to the error), less those dropOrder gives up while the row,
// the flexible columns at their narrowest, is wider than the pane.
func (p *pane) shownColumns() []int {
	want := make([]int, len(columns)) // each column's width, 0: empty
	for c, col := range columns {
		for _, r := range p.cells {
			want[c] = max(want[c], ansi.StringWidth(r[c]))
		}
		if c < firstOptional && want[c] == 0 {
			want[c] = 1 // always shown
		}
		if want[c] > 0 {
			want[c] = max(want[c], ansi.StringWidth(col.Title))
			if col.Flex {
				want[c] = min(want[c], max(col.Width, ansi.StringWidth(col.Title)))
			}
			if c == len(columns)-1 {
				want[c] = min(want[c], errorRoom)
			}
		}
	}
	pad := p.styles.TableCell.GetHorizontalFrameSize()
	width := func() int {
		w := ansi.StringWidth(picker.Marker) + pad
		for _, n := range want {
			if n > 0 {
				w += n + pad
			}
		}
		return w
	}
	for _, c := range dropOrder {
		if p.width <= 0 || width() <= p.width {
			break
		}
		want[c] = 0
	}
	var shown []int
	for c, n := range want {
		if n > 0 {
			shown = append(shown, c)
		}
	}
	return shown
}

// newTable rebuilds the table with the columns shown, keeping the
// filter, the size and the selected host.
func (p *pane) newTable(shown []int) {
	sel := p.selected()
	f := p.table.Filter()
	cols := make([]picker.Column, len(shown))
	for i, c := range shown {
		cols[i] = columns[c]
	}
	p.cols = shown
	p.table = picker.New(p.styles, picker.KeysFrom(p.keys.Nav, true), cols...)
	p.table.SetFilter(f)
	p.table.SetFilterKeys(picker.FilterKeysFrom(p.keys))
	if p.width > 0 {
		p.table.SetSize(p.width, max(1, p.height-2))
	}
	if sel >= 0 {
		p.table.SetCursor(slices.Index(p.order, sel))
	}
}

// project is a row's cells in the columns shown.
func (p *pane) project(r table.Row) table.Row {
	out := make(table.Row, len(p.cols))
	for i, c := range p.cols {
		out[i] = r[c]
	}
	return out
}
