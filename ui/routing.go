package ui

import (
	"errors"

	"dpconsole/gateway"

	tea "github.com/charmbracelet/bubbletea"
)

// The panes, in tab order (keys 1–6); panes.go builds them in this order.
const (
	paneConfigs = iota
	paneTasks
	paneLogs
	paneShared
	paneTemplates
	paneHost
)

// switchTo makes pane i active by tab or number key. A direct jump is not
// a drill-down, so the back stack starts again.
func (m *Model) switchTo(i int) tea.Cmd {
	if i < 0 || i >= len(m.panes) {
		return nil
	}
	m.active = i
	m.stack = m.stack[:0]
	return nil
}

// cycle moves to the next (d=1) or previous (d=-1) pane.
func (m *Model) cycle(d int) tea.Cmd {
	if len(m.panes) == 0 {
		return nil
	}
	return m.switchTo((m.active + d + len(m.panes)) % len(m.panes))
}

// open drills down into pane target (a configuration's tasks, a task's
// log), remembering where the operator came from, and hands the pane the
// request.
func (m *Model) open(target int, msg tea.Msg) tea.Cmd {
	if target >= len(m.panes) {
		return nil
	}
	if target != m.active {
		m.stack = append(m.stack, m.active)
		m.active = target
	}
	return m.updatePane(target, msg)
}

// back returns to the pane the operator drilled down from.
func (m *Model) back() tea.Cmd {
	if len(m.stack) == 0 {
		return nil
	}
	m.active = m.stack[len(m.stack)-1]
	m.stack = m.stack[:len(m.stack)-1]
	return nil
}

// reason is the host's own words for a refused session.
func reason(err error) string {
	var pe *gateway.Error
	if errors.As(err, &pe) && pe.Message != "" {
		return pe.Message
	}
	return err.Error()
}
