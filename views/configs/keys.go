package configs

import (
	"github.com/charmbracelet/bubbles/key"

	"dpconsole/keymap"
)

// keys are the bindings this pane listens to: the console's key map and the shared
// bindings this pane uses for something narrower than their general help says.
type keys struct {
	km keymap.KeyMap
	// ListUp and ListDown are the key map's up and down keys: they move
	// the list's selection.
	ListUp   key.Binding
	ListDown key.Binding
	// DocPageUp and DocPageDown are the key map's page keys: here they
	// scroll the tasks document, as the list moves with up and down.
	DocPageUp   key.Binding
	DocPageDown key.Binding
}

func newKeys(km keymap.KeyMap) keys {
	return keys{
		km:          km,
		ListUp:      keymap.Relabel(km.Nav.Up, "previous config"),
		ListDown:    keymap.Relabel(km.Nav.Down, "next config"),
		DocPageUp:   keymap.Relabel(km.Nav.PageUp, "scroll tasks doc up"),
		DocPageDown: keymap.Relabel(km.Nav.PageDown, "scroll tasks doc down"),
	}
}
