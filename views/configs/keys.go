package configs

import (
	"github.com/charmbracelet/bubbles/key"

	"dpconsole/keymap"
)

// keys are the bindings this pane listens to: the console's key map plus
// three of its own that no other pane needs.
type keys struct {
	km keymap.KeyMap
	// BindHost toggles binding new IDs to the host's fingerprint.
	BindHost key.Binding
	// ChooseID and ChooseScript answer "save or load which kind?".
	ChooseID     key.Binding
	ChooseScript key.Binding
}

func newKeys(km keymap.KeyMap) keys {
	return keys{
		km:           km,
		BindHost:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "bind new IDs to host")),
		ChooseID:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "an ID")),
		ChooseScript: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "a script")),
	}
}
