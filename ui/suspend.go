package ui

import tea "github.com/charmbracelet/bubbletea"

// Suspend stops the console's polling while it is not shown (a fleet
// shows another console or its own pane): the shown pane is told it is
// hidden, as when the operator leaves it, and the header's refresh stops.
// Replies on their way are still delivered; the panes drop them.
func (m *Model) Suspend() {
	if m.suspended {
		return
	}
	m.suspended = true
	if m.loggedIn {
		m.deactivate(m.active)
		m.header.stop(m.c)
	}
}

// Resume undoes Suspend when the console is shown again: the shown pane
// and the header refresh at once and poll again.
func (m *Model) Resume() tea.Cmd {
	if !m.suspended {
		return nil
	}
	m.suspended = false
	if !m.loggedIn {
		return nil
	}
	return tea.Batch(m.header.start(m.c), m.activate(m.active))
}

// Suspended reports whether the console is suspended.
func (m *Model) Suspended() bool { return m.suspended }
