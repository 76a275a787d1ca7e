package configs

import (
	"github.com/charmbracelet/bubbles/key"

	"dpconsole/keymap"
)

// keys are the bindings this pane listens to: the console's key map plus
// three of its own that no other pane needs, and the shared bindings this
// pane uses for something narrower than their general help says.
type keys struct {
	km keymap.KeyMap
	// ReloadDoc is the key map's view_tasks key: here it reads the
	// selected configuration's tasks document again (the document is
	// always shown under the list).
	ReloadDoc key.Binding
	// ListUp and ListDown are the key map's up and down keys: they move
	// the list's selection.
	ListUp   key.Binding
	ListDown key.Binding
	// DocPageUp and DocPageDown are the key map's page keys: here they
	// scroll the tasks document, as the list moves with up and down.
	DocPageUp   key.Binding
	DocPageDown key.Binding
	// BindHost toggles binding new IDs to the host's fingerprint.
	BindHost key.Binding
	// ChooseID and ChooseScript answer "save or load which kind?".
	ChooseID     key.Binding
	ChooseScript key.Binding
}

func newKeys(km keymap.KeyMap) keys {
	return keys{
		km:           km,
		ListUp:       relabel(km.Nav.Up, "previous config"),
		ListDown:     relabel(km.Nav.Down, "next config"),
		ReloadDoc:    relabel(km.Config.ViewTasks, "reload tasks doc"),
		DocPageUp:    relabel(km.Nav.PageUp, "scroll tasks doc up"),
		DocPageDown:  relabel(km.Nav.PageDown, "scroll tasks doc down"),
		BindHost:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "bind new IDs to host")),
		ChooseID:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "an ID")),
		ChooseScript: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "a script")),
	}
}

// relabel returns a copy of b (same keys, so the operator's rebinding
// holds) whose help says what it does in this pane.
func relabel(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
