package keymap

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Refused reports whether msg is one of b's keys while b is switched off
// (DisableMutating in read-only mode): key.Matches no longer sees such a
// key, but the console still says why it does nothing.
func Refused(msg tea.KeyMsg, b key.Binding) bool {
	if b.Enabled() {
		return false
	}
	s := msg.String()
	for _, k := range b.Keys() {
		if k == s {
			return true
		}
	}
	return false
}
