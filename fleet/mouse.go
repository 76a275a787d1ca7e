package fleet

import (
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/widgets/mouse"
)

// tableZone names the Fleet pane's table as a clickable area.
func (p *pane) tableZone() string { return p.zid + "table" }

// mouse acts on a click or a notch of the wheel over the table: a click
// selects the gateway under it (Enter still opens it), the wheel moves
// the selection. With the mouse off (zones nil), nothing.
func (p *pane) mouse(msg tea.MouseMsg) tea.Cmd {
	y, ok := p.zones.Line(p.tableZone(), msg)
	if !ok {
		return nil
	}
	if d := mouse.Wheel(msg); d != 0 {
		p.table.Step(d)
	} else if i, ok := p.table.RowAt(y); ok && mouse.Click(msg) {
		p.table.SetCursor(i)
	}
	return nil
}
