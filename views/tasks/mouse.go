package tasks

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/widgets/mouse"
)

// tableZone names the table's clickable area, one per pane.
func (m *Model) tableZone() string { return fmt.Sprintf("tasks-%p-table", m) }

// markTable marks the table as drawn (dimmed or not) as its zone.
func (m *Model) markTable(v string) string { return m.c.Mouse.Mark(m.tableZone(), v) }

// mouse acts on a click or a notch of the wheel: on the table a click
// selects the task under it, a click on the selected task opens it in
// full as Enter does (reading it is harmless), and the wheel moves the
// selection; the task in full scrolls its definition by the wheel.
// While the all-tasks question is asked, the selection stays.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	z := m.c.Mouse
	switch {
	case !z.On():
		return nil
	case m.full != nil:
		if mouse.Wheel(msg) == 0 {
			return nil
		}
		return m.detailMsg(msg)
	case m.allArm || len(m.rows) == 0:
		return nil
	}
	if _, open := m.list.Mouse(z, m.tableZone(), msg); open && m.selected() != "" {
		return m.openDetail(m.selected())
	}
	return nil
}
