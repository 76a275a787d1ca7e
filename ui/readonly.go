package ui

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/keymap"
	"dpconsole/views/common"
)

// mutatingKeys are, per pane, the keys whose action changes the host:
// read-only mode switches them off (keymap.DisableMutating) so help and
// footers leave them out, and the root flashes why they do nothing.
func mutatingKeys(k keymap.KeyMap, pane int) []key.Binding {
	switch pane {
	case paneConfigs:
		return []key.Binding{k.Item.New, k.Item.Delete, k.Config.Activate, k.Item.Edit, k.Item.NewID, k.Item.LoadFromFile, k.Config.Script}
	case paneTasks:
		return []key.Binding{k.Task.Pause, k.Task.Resume, k.Task.Reset, k.Task.ResetAll}
	case paneShared:
		return []key.Binding{k.Item.LoadFromFile, k.Item.NewID, k.Item.Edit}
	case paneTemplates:
		return []key.Binding{k.Item.New, k.Item.Edit, k.Item.LoadFromFile, k.Item.Apply}
	}
	return nil
}

// fileKeys are, per pane, the keys that read or write local files: an SSH
// session without serve-ssh --files switches them off (keymap.DisableFiles).
func fileKeys(k keymap.KeyMap, pane int) []key.Binding {
	switch pane {
	case paneConfigs, paneShared, paneTemplates:
		return []key.Binding{k.Item.SaveToFile, k.Item.LoadFromFile}
	case paneLogs:
		return []key.Binding{k.Log.Save}
	}
	return nil
}

// filesRefusal returns the flash for a file key in a session without
// files; ok is false for every other key.
func (m *Model) filesRefusal(msg tea.KeyMsg) (tea.Cmd, bool) {
	if m.c.Caps.Files {
		return nil, false
	}
	for _, b := range fileKeys(m.c.Keys, m.active) {
		if keymap.Refused(msg, b) {
			return m.setFlash("files are off in this SSH session: "+b.Help().Desc+" ("+b.Help().Key+") needs serve-ssh --files DIR", true), true
		}
	}
	return nil, false
}

// readOnlyRefusal returns the flash for a key that would change the host
// in read-only mode (a global agent key, or one of the active pane's);
// ok is false for every other key.
func (m *Model) readOnlyRefusal(msg tea.KeyMsg) (tea.Cmd, bool) {
	if !m.c.ReadOnly {
		return nil, false
	}
	a := m.c.Keys.Agent
	keys := append([]key.Binding{a.Enable, a.Disable, a.Restart, a.Shutdown, a.Start}, mutatingKeys(m.c.Keys, m.active)...)
	for _, b := range keys {
		if keymap.Refused(msg, b) {
			return m.readOnlyFlash(b), true
		}
	}
	return nil, false
}

// readOnlyFlash says that b's action is off, and how to allow it.
func (m *Model) readOnlyFlash(b key.Binding) tea.Cmd {
	return m.setFlash("read-only: "+b.Help().Desc+" ("+b.Help().Key+") is disabled: "+m.c.ReadOnlyRemedy(), true)
}

// withSafeKeys returns a copy of short, and in read-only mode the keys
// of v's full help that change nothing on the host (save to file,
// validate, open by name) after it: the footer loses the mutating keys,
// and these then have the room.
func (m *Model) withSafeKeys(v common.View, short []key.Binding) []key.Binding {
	out := append([]key.Binding(nil), short...)
	if !m.c.ReadOnly {
		return out
	}
	k := m.c.Keys
	safe := []key.Binding{k.Item.SaveToFile, k.Config.Validate, k.Item.Open}
	has := func(b key.Binding) bool {
		for _, o := range out {
			if o.Help().Key == b.Help().Key {
				return true
			}
		}
		return false
	}
	for _, col := range v.FullHelp() {
		for _, b := range col {
			if !b.Enabled() || has(b) {
				continue
			}
			for _, s := range safe {
				if b.Help().Key == s.Help().Key && slices.Equal(b.Keys(), s.Keys()) {
					out = append(out, b)
				}
			}
		}
	}
	return out
}
