package common

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
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
		return fileio.EditWhile(c.Caps.Editor, suffix, data, c.keepAlive)
	}
	data = append([]byte(nil), data...)
	return func() tea.Msg { return EditMsg{Suffix: suffix, Data: data} }
}

// KeepAliveEvery is how often the session is used while $EDITOR runs: the
// console is suspended then and makes no calls, and a host ends a session
// idle for longer than its limit (30 minutes on the mock host, often 15
// elsewhere), which would have the edit refused when it is saved.
var KeepAliveEvery = 30 * time.Second

// keepAlive reads the agent's status every KeepAliveEvery until stopped,
// so the session stays in use while the operator edits.
func (c *Common) keepAlive() (stop func()) {
	ctx, cancel := context.WithCancel(c.Ctx)
	cl := c.Client
	go func() {
		t := time.NewTicker(KeepAliveEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				cl.AgentGetStatus(ctx) // its answer does not matter: using the session does
			}
		}
	}()
	return cancel
}
