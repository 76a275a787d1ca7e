package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/views/common"
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
	m.stack = m.stack[:0]
	if i == m.active {
		// The pane's own key or tab: back to its top (the tasks table
		// from a task in full), as the operator asked for that pane.
		if u, ok := m.panes[i].(unnester); ok && m.nested() {
			u.Unnest()
		}
		return nil
	}
	m.leave()
	m.active = i
	return m.activate(i)
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
// request. The request goes in before the pane is activated, so it
// fetches what was asked for, once.
func (m *Model) open(target int, msg tea.Msg) tea.Cmd {
	if target >= len(m.panes) {
		return nil
	}
	if target == m.active {
		return m.updatePane(target, msg)
	}
	m.stack = append(m.stack, m.active)
	m.leave()
	m.active = target
	cmd := m.updatePane(target, msg)
	return tea.Batch(cmd, m.activate(target))
}

// back returns to the pane the operator drilled down from.
func (m *Model) back() tea.Cmd {
	if len(m.stack) == 0 {
		return nil
	}
	m.leave()
	m.active = m.stack[len(m.stack)-1]
	m.stack = m.stack[:len(m.stack)-1]
	return m.activate(m.active)
}

// leave hides the active pane before another is shown; a note in the
// footer belongs to the pane it came from, so it goes too (an error stays
// until its own timeout or the next key).
func (m *Model) leave() {
	m.deactivate(m.active)
	if !m.flashErr {
		m.clearFlash()
	}
}

// activate tells pane i it is shown, so it refreshes and polls again.
func (m *Model) activate(i int) tea.Cmd {
	if a, ok := m.panes[i].(common.Activator); ok {
		return routeTo(address(i), a.Activate())
	}
	return nil
}

// deactivate tells pane i it is hidden, so it stops polling and cancels
// its calls in flight.
func (m *Model) deactivate(i int) {
	if a, ok := m.panes[i].(common.Activator); ok {
		a.Deactivate()
	}
}

// reason is the host's own words for a refused session.
func reason(err error) string {
	var pe *gateway.Error
	if errors.As(err, &pe) && pe.Message != "" {
		return pe.Message
	}
	return err.Error()
}

// expiryText is what the login screen says after the host refused the
// session: the console's own advice, with the host's words kept as the
// reason.
func expiryText(err error) string {
	return "Your session expired or was closed (host said: " + hostWords(reason(err)) +
		"). Log in again to continue where you were."
}

// hostWords drops the parts of a host message that give protocol advice
// (such as "log in again with hostOpenSession"): the console says what to
// do in its own words.
func hostWords(msg string) string {
	var keep []string
	for _, part := range strings.Split(msg, ": ") {
		if !namesFunction(part) {
			keep = append(keep, part)
		}
	}
	if len(keep) == 0 {
		return "session refused"
	}
	return strings.TrimRight(strings.Join(keep, ": "), ". ")
}

// namesFunction reports whether s mentions one of the protocol's
// functions by name.
func namesFunction(s string) bool {
	lower := strings.ToLower(s)
	for _, f := range gateway.Functions() {
		if strings.Contains(lower, strings.ToLower(f.Name)) {
			return true
		}
	}
	return false
}

// quit ends the console, after asking when a pane holds unsaved work:
// a kept draft is lost with the session.
func (m *Model) quit() tea.Cmd {
	unsaved := m.Unsaved()
	if len(unsaved) == 0 {
		return tea.Quit
	}
	return m.AskQuit(unsaved)
}

// Unsaved names the work the panes hold that quitting would drop.
func (m *Model) Unsaved() []string {
	var unsaved []string
	for _, p := range m.panes {
		if d, ok := p.(common.DraftHolder); ok && d.Unsaved() != "" {
			unsaved = append(unsaved, d.Unsaved())
		}
	}
	return unsaved
}

// AskQuit asks, in this console, whether to quit and drop unsaved (a
// fleet names every console's here).
func (m *Model) AskQuit(unsaved []string) tea.Cmd {
	ask := common.ConfirmMsg{Title: "Quit with unsaved work", Action: "Quit", OnConfirm: tea.Quit,
		Body: "Not saved: " + strings.Join(unsaved, ", ") + ". Quitting drops it. Cancel, then e edits it again and saves it."}
	return func() tea.Msg { return ask }
}

// quitHelp is the quit key as it acts at a pane's top: in a fleet's
// console it goes back to the Fleet pane, which quits.
func (m *Model) quitHelp() key.Binding {
	if len(m.c.Gateways) > 0 {
		return keymap.Relabel(m.c.Keys.Global.Quit, "the fleet (q there quits)")
	}
	return m.c.Keys.Global.Quit
}

// fleetHelp is keys, and in a fleet's console the key back to the fleet.
func (m *Model) fleetHelp(keys ...key.Binding) []key.Binding {
	if len(m.c.Gateways) > 0 {
		keys = append(keys, keymap.Relabel(m.c.Keys.Global.Fleet, "back to the fleet"))
	}
	return keys
}
