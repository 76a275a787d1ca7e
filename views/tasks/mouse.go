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
// selects the task under it (Enter still opens it) and the wheel moves
// the selection; the task in full scrolls its definition by the wheel.
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
	y, ok := z.Line(m.tableZone(), msg)
	if !ok {
		return nil
	}
	if d := mouse.Wheel(msg); d != 0 {
		m.list.Step(d)
	} else if i, ok := m.list.RowAt(y); ok && mouse.Click(msg) {
		m.list.SetCursor(i)
	}
	return nil
}
