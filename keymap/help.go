package keymap

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// ShortHelp returns the global keys worth a place in the footer.
func (g GlobalKeys) ShortHelp() []key.Binding {
	return []key.Binding{g.Help, g.Palette, g.NextPane, g.Quit}
}

// FullHelp returns every global key, in columns.
func (g GlobalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{g.Help, g.Palette, g.Refresh, g.Quit, g.ForceQuit},
		{g.NextPane, g.PrevPane, g.Pane1, g.Pane2, g.Pane3},
		{g.Pane4, g.Pane5, g.Pane6, g.Fleet},
	}
}

// Panes returns the pane-switching bindings in pane order (index 0 is
// pane 1).
func (g GlobalKeys) Panes() []key.Binding {
	return []key.Binding{g.Pane1, g.Pane2, g.Pane3, g.Pane4, g.Pane5, g.Pane6}
}

// ShortHelp returns the navigation keys worth a place in the footer.
func (n NavKeys) ShortHelp() []key.Binding {
	return []key.Binding{n.Up, n.Down, n.Enter, n.Back}
}

// FullHelp returns every navigation key, in columns.
func (n NavKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{n.Up, n.Down, n.PageUp, n.PageDown}, {n.Home, n.End, n.Enter, n.Back}}
}

// ShortHelp returns the agent keys worth a place in the footer.
func (a AgentKeys) ShortHelp() []key.Binding { return []key.Binding{a.Ping} }

// FullHelp returns every agent key, in columns.
func (a AgentKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{a.Ping, a.Enable, a.Disable}, {a.Restart, a.Shutdown, a.Start}}
}

// ShortHelp returns the item keys worth a place in the footer.
func (i ItemKeys) ShortHelp() []key.Binding { return []key.Binding{i.New, i.Delete, i.Edit} }

// FullHelp returns every item key, in columns.
func (i ItemKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{i.New, i.Delete, i.Edit}, {i.NewID, i.SaveToFile, i.LoadFromFile, i.Open}}
}

// ShortHelp returns the configuration keys worth a place in the footer.
func (c ConfigKeys) ShortHelp() []key.Binding { return []key.Binding{c.Activate, c.ViewTasks} }

// FullHelp returns every configuration key, in one column.
func (c ConfigKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{c.Activate, c.Validate, c.ViewTasks, c.Script}}
}

// ShortHelp returns the task keys worth a place in the footer.
func (t TaskKeys) ShortHelp() []key.Binding { return []key.Binding{t.Pause, t.Resume, t.Reset} }

// FullHelp returns every task key, in one column.
func (t TaskKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{t.Pause, t.Resume, t.Reset, t.ResetAll, t.Sort, t.Template}}
}

// ShortHelp returns the log keys worth a place in the footer.
func (l LogKeys) ShortHelp() []key.Binding {
	return []key.Binding{l.Follow, l.Search, l.Next, l.Level, l.Wrap}
}

// FullHelp returns every log key, in columns, but AgentLog: the logs
// pane lists it itself, worded for what it switches to. The sideways
// keys come first, in a column of their own, so a view can put them
// beside its own movement keys.
func (l LogKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{l.Left, l.Right}, {l.Follow, l.Search, l.Next, l.Prev}, {l.Level, l.Wrap, l.Timestamps, l.Save}}
}

// ShortHelp returns the dialog keys.
func (d DialogKeys) ShortHelp() []key.Binding {
	return []key.Binding{d.Confirm, d.Cancel, d.Switch, d.Choose}
}

// FullHelp returns the dialog keys: the buttons, then scrolling a diff.
func (d DialogKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{d.ShortHelp(), {d.Up, d.Down, d.PageUp, d.PageDn}}
}

// ShortHelp returns the form keys.
func (f FormKeys) ShortHelp() []key.Binding {
	return []key.Binding{f.Submit, f.Next, f.Reveal, f.Cancel}
}

// FullHelp returns the form keys in one column.
func (f FormKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{f.Submit, f.Next, f.Prev, f.Reveal, f.Cancel}}
}

// Relabel returns a copy of b (the same keys, so the operator's rebinding
// holds) whose help says desc: what the key does in one pane, where the
// key map's general help would be vaguer.
func Relabel(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// ShortHelp returns the answers to "an ID or a script?".
func (c ChooseKeys) ShortHelp() []key.Binding { return []key.Binding{c.ID, c.Script} }

// FullHelp returns the answers in one column.
func (c ChooseKeys) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

// Kind returns the kind msg answers, "ID" or "script", or "" for any
// other key (which cancels the question).
func (c ChooseKeys) Kind(msg tea.KeyMsg) string {
	switch {
	case key.Matches(msg, c.ID):
		return "ID"
	case key.Matches(msg, c.Script):
		return "script"
	}
	return ""
}

// ShortHelp returns the palette's movement keys.
func (p PaletteKeys) ShortHelp() []key.Binding { return []key.Binding{p.Up, p.Down} }

// FullHelp returns the palette's movement keys in one column.
func (p PaletteKeys) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// DisableMutating turns off every binding whose action changes the host
// (agent actions but ping, new, delete, edit, new ID, load, activate,
// pause, resume and reset), for read-only mode: help built from the
// bindings then leaves them out, and key.Matches no longer sees them.
func (k *KeyMap) DisableMutating() {
	for _, b := range []*key.Binding{
		&k.Agent.Enable, &k.Agent.Disable, &k.Agent.Restart, &k.Agent.Shutdown, &k.Agent.Start,
		&k.Item.New, &k.Item.Delete, &k.Item.Edit, &k.Item.NewID, &k.Item.LoadFromFile,
		&k.Config.Activate, &k.Config.Script, &k.Item.Apply, &k.Task.Template,
		&k.Task.Pause, &k.Task.Resume, &k.Task.Reset, &k.Task.ResetAll,
	} {
		b.SetEnabled(false)
	}
}

// DisableFiles turns off every binding that reads or writes a file on the
// machine the console runs on (save to file, load from file, save log),
// for sessions that may not touch it (SSH sessions without --files).
func (k *KeyMap) DisableFiles() {
	for _, b := range []*key.Binding{&k.Item.SaveToFile, &k.Item.LoadFromFile, &k.Log.Save} {
		b.SetEnabled(false)
	}
}

// ShortHelp returns the table keys.
func (t TableKeys) ShortHelp() []key.Binding { return []key.Binding{t.Filter, t.Copy} }

// FullHelp returns the table keys in one column.
func (t TableKeys) FullHelp() [][]key.Binding { return [][]key.Binding{t.ShortHelp()} }
