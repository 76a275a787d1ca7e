package palette

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/widgets/mouse"
)

// rowZone names row i of the list (a command, then a function).
func (m *Model) rowZone(i int) string { return fmt.Sprintf("palette-%p-row%d", m, i) }

// mouse acts on a click or a notch of the wheel: in the list a click
// selects the row under it (Enter still runs it) and the wheel moves the
// selection; the result scrolls by the wheel.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if !m.c.Mouse.On() || !m.Open() {
		return nil
	}
	switch m.mode {
	case modeList:
		if d := mouse.Wheel(msg); d != 0 {
			m.cursor = min(max(0, m.cursor+d), max(0, m.entries()-1))
			return nil
		}
		if !mouse.Click(msg) {
			return nil
		}
		for i := range m.entries() {
			if _, ok := m.c.Mouse.Line(m.rowZone(i), msg); ok {
				m.cursor = i
				break
			}
		}
	case modeResult:
		if mouse.Wheel(msg) != 0 && !m.help {
			return m.out.Update(msg)
		}
	}
	return nil
}
