package palette

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/widgets/mouse"
	"dpconsole/widgets/picker"
)

// listZone names the list's rows as one clickable area.
func (m *Model) listZone() string { return fmt.Sprintf("palette-%p-list", m) }

// mouse acts on a click or a notch of the wheel: in the list a click
// selects the row under it, a click on the selected row opens it (open)
// and the wheel moves the selection, as in every table (picker.Point);
// the result scrolls by the wheel.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if !m.c.Mouse.On() || !m.Open() {
		return nil
	}
	switch m.mode {
	case modeList:
		if _, open := picker.Point(m.c.Mouse, m.listZone(), rows{m}, msg); open {
			return m.open()
		}
	case modeResult:
		if mouse.Wheel(msg) != 0 && !m.help {
			return m.out.Update(msg)
		}
	}
	return nil
}

// open is a click on the selected row: Enter, save that a click never
// calls the host (a function without arguments waits at the step where
// Enter runs it, as one with arguments waits for them) and a command
// still needing a name is completed as Tab does, not refused.
func (m *Model) open() tea.Cmd {
	if m.cursor >= len(m.cmds) {
		return m.pick(m.all[m.matches[m.cursor-len(m.cmds)]], false)
	}
	c := commands[m.cmds[m.cursor]]
	if max(len(m.words())-1, 0) < c.min {
		if cmd, ok := m.completeCommand(); ok {
			return cmd
		}
	}
	return m.runCommand(c)
}

// listFirst is the list's first row in view (listView draws from it).
func (m *Model) listFirst() int { return listStart(m.listOff, m.cursor, m.listRows(), m.entries()) }

// rows is the palette's list as picker.Point moves it: its rows are
// drawn from the one kept in view (listView), a line each.
type rows struct{ m *Model }

func (r rows) RowAt(y int) (int, bool) {
	m := r.m
	i := m.listFirst() + y
	if y < 0 || y >= m.listRows() || i >= m.entries() {
		return 0, false
	}
	return i, true
}

func (r rows) Cursor() int     { return r.m.cursor }
func (r rows) SetCursor(i int) { r.m.cursor = i }
func (r rows) Step(d int)      { r.m.cursor = min(max(0, r.m.cursor+d), max(0, r.m.entries()-1)) }
