package ui

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/widgets/confirm"
	"dpconsole/widgets/mouse"
)

// mouseHelp is the help overlay's line about the mouse, shown when it is on.
const mouseHelp = "mouse: a click selects a tab, a row or a dialog's button; a click on the selected row opens it as Enter does " +
	"(in the palette it never runs a call: Enter does); the wheel scrolls lists and documents"

// tabZone names tab i's clickable area.
func (m *Model) tabZone(i int) string { return m.zid + "tab" + strconv.Itoa(i) }

// mouse acts on a click or a notch of the wheel while the mouse is on:
// an open overlay takes it (the dialog's buttons and diff, the help's
// scrolling, the palette's list), as it takes every key; else a click on
// a tab shows that pane, as its number key would, and anything else goes
// to the shown pane. Before login, and with the mouse off, nothing.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if !m.c.Mouse.On() || !mouse.Used(msg) || !m.loggedIn {
		return nil
	}
	switch {
	case m.confirm != nil:
		_, cmd := m.confirm.Update(msg)
		if m.confirm.Result() != confirm.Open {
			m.confirm = nil
		}
		return cmd
	case m.editor != nil:
		return nil // the built-in editor is keys only
	case m.showHelp:
		if i, ok := m.tabClicked(msg); ok {
			// A tab is what the operator reached for: the help closes
			// (as Esc would) and that pane shows.
			m.showHelp = false
			return m.switchTo(i)
		}
		m.scrollHelp(mouse.Wheel(msg) * mouse.WheelStep)
		return nil
	case m.palette.Open():
		return m.updateView(toPalette, msg)
	case len(m.panes) == 0:
		return nil
	}
	if i, ok := m.tabClicked(msg); ok && !m.panes[m.active].Capturing() {
		// While a pane's input has the keys, the number keys type into
		// it; a click on a tab leaves it open alike.
		return m.switchTo(i)
	}
	return m.updatePane(m.active, msg)
}

// tabClicked names the tab msg clicks, if it clicks one.
func (m *Model) tabClicked(msg tea.MouseMsg) (int, bool) {
	if !mouse.Click(msg) {
		return 0, false
	}
	for i := range m.panes {
		if m.c.Mouse.In(m.tabZone(i), msg) {
			return i, true
		}
	}
	return 0, false
}

// scrollHelp moves the help overlay by d lines, within it.
func (m *Model) scrollHelp(d int) {
	m.helpTop = max(0, min(m.helpTop+d, len(m.helpLines)-m.helpRows()))
}
