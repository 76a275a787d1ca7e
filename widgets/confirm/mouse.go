package confirm

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/widgets/mouse"
)

// SetMouse lets the dialog take the mouse: a click on a button chooses
// it, the wheel scrolls the body and the diff. Nil (the mouse off)
// leaves it to the keys.
func (m *Model) SetMouse(z *mouse.Zones) {
	m.zones = z
	if m.zid == "" {
		m.zid = mouse.Prefix()
	}
}

// buttonZone names button i's clickable area.
func (m *Model) buttonZone(i int) string { return m.zid + "button" + strconv.Itoa(i) }

// mouse chooses the button clicked, or scrolls by the wheel anywhere on
// the dialog: it is the only thing shown and takes every key alike.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if !m.zones.On() {
		return nil
	}
	if d := mouse.Wheel(msg); d != 0 {
		m.scroll(d * mouse.WheelStep)
		return nil
	}
	if !mouse.Click(msg) {
		return nil
	}
	for i := range m.buttons() {
		if m.zones.In(m.buttonZone(i), msg) {
			m.focus = i
			return m.choose(i)
		}
	}
	return nil
}
