package common

import (
	"dpconsole/fileio"

	tea "github.com/charmbracelet/bubbletea"
)

// EditMsg asks the shell to open the built-in editor on Data, for a
// session without an external editor (an SSH session, or "editor:
// builtin"). The shell answers the view that asked with a
// fileio.EditedMsg, as the external editor does.
type EditMsg struct {
	Suffix string // ".xml" checks the document as XML on save
	Data   []byte
}

// Edit returns a command that lets the operator edit data and answers
// fileio.EditedMsg: in the external editor when the session has one
// (Caps.Editor), else in the shell's built-in editor.
func (c *Common) Edit(suffix string, data []byte) tea.Cmd {
	if len(c.Caps.Editor) > 0 {
		return fileio.Edit(c.Caps.Editor, suffix, data)
	}
	data = append([]byte(nil), data...)
	return func() tea.Msg { return EditMsg{Suffix: suffix, Data: data} }
}
