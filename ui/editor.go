package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/common"
	"dpconsole/widgets/editor"
)

// editorOverlay is the built-in editor over the body, and the view whose
// document it edits: the answer goes back there.
type editorOverlay struct {
	m  *editor.Model
	to address
}

// openEditor shows the built-in editor for the view at to (a pane's
// common.Edit in a session without an external editor).
func (m *Model) openEditor(to address, msg common.EditMsg) tea.Cmd {
	e := editor.New(m.c.Styles, msg.Suffix, msg.Data)
	if m.ready {
		e.SetSize(m.width, m.bodyHeight)
	}
	m.editor = &editorOverlay{m: e, to: to}
	return e.Init()
}

// editorKey types into the editor; once the operator saves or cancels,
// the editor closes and its fileio.EditedMsg goes to the view that asked.
func (m *Model) editorKey(msg tea.KeyMsg) tea.Cmd {
	_, cmd := m.editor.m.Update(msg)
	if !m.editor.m.Done() {
		return cmd
	}
	to, res := m.editor.to, m.editor.m.Result()
	m.editor = nil
	return tea.Batch(cmd, m.updateView(to, res))
}
