package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/common"
	"dpconsole/widgets/confirm"
)

// burst splits a burst of keys (SplitBurst) unless a focused input
// takes them: text typed into it stays whole.
func (m *Model) burst(msg tea.KeyMsg) []tea.KeyMsg {
	if m.typing() {
		return nil
	}
	return SplitBurst(msg)
}

// SplitBurst splits keys typed faster than one read, which Bubble Tea v1
// delivers as one KeyMsg of several runes (routine over SSH, tmux
// send-keys and slow links), into one key per rune, so "jjj" moves three
// rows; nil when msg is one key. A paste stays whole: its runes are text.
// Every root that reads single keys (this console, the Fleet pane) splits
// with it, so a burst means the same everywhere.
func SplitBurst(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste {
		return nil
	}
	keys := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		keys[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
	}
	return keys
}

// typing reports whether a text input has focus: the login form, the
// palette, or a pane's prompt.
func (m *Model) typing() bool {
	if !m.loggedIn || m.palette.Open() {
		return true
	}
	if m.confirm == nil && m.editor != nil {
		return true
	}
	return m.confirm == nil && !m.showHelp && len(m.panes) > 0 && m.panes[m.active].Capturing()
}

// handleKeys handles a key, or each key of a burst in turn: a key may
// change what has focus (":" opens the palette), so each is routed afresh.
func (m *Model) handleKeys(msg tea.KeyMsg) tea.Cmd {
	keys := m.burst(msg)
	if keys == nil {
		return m.handleKey(msg)
	}
	cmds := make([]tea.Cmd, 0, len(keys))
	for _, k := range keys {
		cmds = append(cmds, m.handleKey(k))
		m.relayout()
	}
	return tea.Batch(cmds...)
}

// handleKey gives a key to whatever has focus, in order: Ctrl+C always
// quits; then the login screen, an open dialog, the help overlay, the
// palette, a pane whose text input has focus; then Esc cancels the calls
// the operator waits for, or goes to a pane that has something to close;
// then the global keys; and last the active pane.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	g := m.c.Keys.Global
	if key.Matches(msg, g.ForceQuit) {
		return tea.Quit
	}
	if m.flashErr {
		m.clearFlash() // read: the next key dismisses an error (help keeps it)
	}
	if !m.loggedIn {
		return m.updateView(toLogin, msg)
	}
	if m.confirm != nil {
		_, cmd := m.confirm.Update(msg)
		if m.confirm.Result() != confirm.Open {
			m.confirm = nil
		}
		return cmd
	}
	if m.editor != nil {
		return m.editorKey(msg)
	}
	if m.showHelp {
		return m.helpKey(msg)
	}
	if m.palette.Open() {
		return m.updateView(toPalette, msg)
	}
	if len(m.panes) > 0 && m.panes[m.active].Capturing() {
		return m.updatePane(m.active, msg)
	}
	if key.Matches(msg, m.c.Keys.Nav.Back) {
		if cmd, ok := m.cancelCalls(); ok {
			return cmd
		}
		if len(m.panes) > 0 {
			if ec, ok := m.panes[m.active].(common.EscConsumer); ok && ec.ConsumesEsc() {
				return m.updatePane(m.active, msg)
			}
		}
	}
	if key.Matches(msg, m.c.Keys.Global.Quit) && m.nested() {
		// A level inside the pane (a task in full): q goes back out of
		// it, as Esc does.
		return m.updatePane(m.active, msg)
	}
	if key.Matches(msg, m.c.Keys.Global.Quit) && len(m.stack) > 0 {
		// q quits from the top level only: below it, it goes back like
		// Esc, so a drilled-down log is not the end of the session.
		return m.back()
	}
	if cmd, ok := m.globalKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.readOnlyRefusal(msg); ok {
		return cmd
	}
	if cmd, ok := m.filesRefusal(msg); ok {
		return cmd
	}
	if key.Matches(msg, m.c.Keys.Nav.Back) && len(m.stack) > 0 {
		// Somewhere to go back to: Esc returns there (the pane gets Esc
		// only at the bottom of the stack).
		return m.back()
	}
	if len(m.panes) == 0 {
		return nil
	}
	return m.updatePane(m.active, msg)
}

// nester is implemented by panes that can show a level of their own
// below their top (the Tasks pane's task in full): while Nested is true,
// q is the pane's, to go back, not the console's to quit.
type nester interface{ Nested() bool }

// unnester goes back to its top at once (its number key pressed again).
type unnester interface{ Unnest() }

// nested reports that the active pane shows a level below its top.
func (m *Model) nested() bool {
	if len(m.panes) == 0 {
		return false
	}
	n, ok := m.panes[m.active].(nester)
	return ok && n.Nested()
}

// globalKey acts on the keys that work from every pane.
func (m *Model) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.c.Keys
	g := k.Global
	panes := []key.Binding{g.Pane1, g.Pane2, g.Pane3, g.Pane4, g.Pane5, g.Pane6}
	for i, b := range panes {
		if key.Matches(msg, b) {
			return m.switchTo(i), true
		}
	}
	switch {
	case key.Matches(msg, g.Quit) && len(m.c.Gateways) > 0:
		// A fleet's console is a level below the Fleet pane: q goes
		// back up to it, as q goes back everywhere else; the Fleet
		// pane's q quits.
		return func() tea.Msg { return common.FleetMsg{} }, true
	case key.Matches(msg, g.Quit):
		return m.quit(), true
	case key.Matches(msg, g.Help):
		m.openHelp()
		return nil, true
	case key.Matches(msg, g.Fleet) && len(m.c.Gateways) > 0:
		// Only a fleet's console has a fleet to go back to; alone, the
		// message would come back to this root, which passes it up again.
		return func() tea.Msg { return common.FleetMsg{} }, true
	case key.Matches(msg, g.Palette):
		return routeTo(toPalette, m.palette.Show()), true
	case key.Matches(msg, g.NextPane):
		return m.cycle(1), true
	case key.Matches(msg, g.PrevPane):
		return m.cycle(-1), true
	}
	if act, ok := m.agentActionFor(msg); ok {
		return m.agentAction(act), true
	}
	return nil, false
}
