package common

import (
	"fmt"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
)

// MaxCopy bounds what y copies: terminals drop longer OSC 52 sequences
// (xterm's default limit is about 100 000 bytes of base64).
const MaxCopy = 64 << 10

// CopiedMsg says a copy was written to the terminal.
type CopiedMsg struct{}

// Copy puts data on the operator's own clipboard with OSC 52, written to
// the session's terminal (Common.Output): it works locally, through SSH
// and, wrapped for it (Caps.Tmux), through tmux; the terminal must allow
// it. The root's frame filter strips escapes from View, so the sequence
// goes out here, in a command, one write beside the renderer's. what
// names the value in the flash, e.g. "the name staging".
func (c *Common) Copy(what string, data []byte) tea.Cmd {
	switch {
	case c.Output == nil:
		return FlashError("cannot copy: this session has no terminal to send the clipboard to")
	case len(data) == 0:
		return FlashError("nothing to copy: " + what + " is empty")
	case len(data) > MaxCopy:
		return FlashError(fmt.Sprintf("cannot copy %s: %s, more than the %s a terminal takes; s saves it to a file",
			what, Count(len(data), "byte"), Count(MaxCopy, "byte")))
	}
	seq := osc52.New(string(data))
	if c.Caps.Tmux {
		seq = seq.Tmux()
	}
	out := c.Output
	n := len(data)
	return func() tea.Msg {
		if _, err := seq.WriteTo(out); err != nil {
			return FlashMsg{Text: "copy: " + err.Error(), Error: true}
		}
		return FlashMsg{Text: fmt.Sprintf("copied %s to your clipboard (%s)", what, Count(n, "byte"))}
	}
}
