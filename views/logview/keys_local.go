package logview

import "github.com/charmbracelet/bubbles/key"

// sideKeys scroll unwrapped long lines sideways. They are local to the
// log view for now and belong in keymap.LogKeys, so the config file can
// rebind them like the other log keys.
type sideKeys struct {
	Left  key.Binding
	Right key.Binding
}

func newSideKeys() sideKeys {
	return sideKeys{
		Left:  key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "scroll left")),
		Right: key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "scroll right")),
	}
}
