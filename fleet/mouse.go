package fleet

import (
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/common"
)

// tableZone names the Fleet pane's table as a clickable area.
func (p *pane) tableZone() string { return p.zid + "table" }

// mouse acts on a click or a notch of the wheel over the table: a click
// selects the gateway under it, a click on the selected one opens its
// console as Enter does, the wheel moves the selection. With the mouse
// off (zones nil), nothing.
func (p *pane) mouse(msg tea.MouseMsg) tea.Cmd {
	if _, open := p.table.Mouse(p.zones, p.tableZone(), msg); open {
		return p.open()
	}
	return nil
}

// open steps into the selected gateway's console (Enter, or a click on
// the selected row).
func (p *pane) open() tea.Cmd {
	i := p.selected()
	if i < 0 {
		return nil
	}
	name := p.hosts[i].Name
	return func() tea.Msg { return common.GatewayMsg{Name: name} }
}
