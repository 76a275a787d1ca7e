// Package keymap owns every key binding of the console, each defined once as
// a bubbles key.Binding with its help text, grouped by where it applies, and
// rebindable by action name from the config file.
//
// The scheme: lower-case letters act on the selected item of the active pane;
// the upper-case letters P, E, D, R, S and T are agent (host-wide) actions
// that no pane binds, so they work from every pane; digits switch panes;
// `?`, `:`, `q`, `Esc` and Ctrl+C are global. Dialogs and forms have their
// own small groups, active alone.
package keymap

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the console's full set of bindings. Build it with Default, then
// Apply the operator's overrides; pass it (or one group) to each view.
type KeyMap struct {
	Global  GlobalKeys
	Nav     NavKeys
	Agent   AgentKeys
	Item    ItemKeys
	Config  ConfigKeys
	Task    TaskKeys
	Log     LogKeys
	Dialog  DialogKeys
	Form    FormKeys
	Choose  ChooseKeys
	Palette PaletteKeys
	Table   TableKeys
}

// GlobalKeys work from every pane (but not while a text input has focus).
type GlobalKeys struct {
	Quit      key.Binding
	ForceQuit key.Binding
	Help      key.Binding
	Palette   key.Binding
	NextPane  key.Binding
	PrevPane  key.Binding
	Pane1     key.Binding // Configurations
	Pane2     key.Binding // Tasks
	Pane3     key.Binding // Logs
	Pane4     key.Binding // Shared
	Pane5     key.Binding // Templates
	Pane6     key.Binding // Host
	Refresh   key.Binding
	Fleet     key.Binding // back to the Fleet pane (several gateways)
}

// NavKeys move within lists, tables, documents and logs.
type NavKeys struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Home     key.Binding
	End      key.Binding
	Enter    key.Binding // drill down / open
	Back     key.Binding // go back / close
}

// AgentKeys are host-wide agent actions, available from every pane.
type AgentKeys struct {
	Ping     key.Binding
	Enable   key.Binding
	Disable  key.Binding
	Restart  key.Binding
	Shutdown key.Binding
	Start    key.Binding
}

// ItemKeys act on the selected item of a list pane (configurations, shared
// IDs and scripts, templates).
type ItemKeys struct {
	New          key.Binding
	Delete       key.Binding
	Edit         key.Binding // edit in $EDITOR
	NewID        key.Binding
	SaveToFile   key.Binding // get from the host, write to a local file
	LoadFromFile key.Binding // read a local file, save it on the host
	Open         key.Binding // open a shared script or ID by name
	Apply        key.Binding // apply the selected template to a configuration
}

// ConfigKeys are the configuration pane's own actions.
type ConfigKeys struct {
	Activate  key.Binding
	Validate  key.Binding
	ViewTasks key.Binding // read the selected configuration's tasks document again
	Script    key.Binding // edit one of the configuration's scripts
}

// TaskKeys act on the selected task of the tasks pane.
type TaskKeys struct {
	Pause    key.Binding
	Resume   key.Binding
	Reset    key.Binding
	ResetAll key.Binding
	Sort     key.Binding // cycle the order of the tasks table
	Template key.Binding // save the task as a template
}

// LogKeys drive the log view.
type LogKeys struct {
	Follow     key.Binding
	Search     key.Binding
	Next       key.Binding // next search match
	Prev       key.Binding // previous search match
	Level      key.Binding // cycle the minimum level shown
	Wrap       key.Binding
	Timestamps key.Binding // cycle local, UTC, off
	Save       key.Binding
	AgentLog   key.Binding // switch between the agent's log and the last task's
	Left       key.Binding // scroll unwrapped long lines sideways
	Right      key.Binding
}

// DialogKeys are the only keys a confirm dialog listens to.
type DialogKeys struct {
	Confirm key.Binding
	Cancel  key.Binding
	Switch  key.Binding // move between the buttons
	Choose  key.Binding // press the focused button
	Up      key.Binding // scroll a dialog's diff
	Down    key.Binding
	PageUp  key.Binding
	PageDn  key.Binding
}

// FormKeys drive text-input forms (login, palette arguments, prompts).
type FormKeys struct {
	Next   key.Binding
	Prev   key.Binding
	Submit key.Binding
	Reveal key.Binding // show or hide masked input
	Cancel key.Binding
}

// ChooseKeys answer "an ID or a script?" after a save or load key in the
// configurations and shared panes; any other key cancels the question.
type ChooseKeys struct {
	ID     key.Binding
	Script key.Binding
}

// PaletteKeys move through the command palette's function list and
// result while its filter input has the other keys, so they are not
// printable by default.
type PaletteKeys struct {
	Up   key.Binding
	Down key.Binding
}

// TableKeys work in every table: filter its rows, copy the selected
// value to the operator's clipboard (OSC 52).
type TableKeys struct {
	Filter key.Binding
	Copy   key.Binding
}

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// Default returns the console's default bindings.
func Default() KeyMap {
	return KeyMap{
		Global: GlobalKeys{
			Quit:      bind("q", "back / quit at top", "q"),
			ForceQuit: bind("ctrl+c", "quit now", "ctrl+c"),
			Help:      bind("?", "help", "?"),
			Palette:   bind(":", "commands and functions", ":"),
			NextPane:  bind("tab", "next pane", "tab"),
			PrevPane:  bind("shift+tab", "previous pane", "shift+tab"),
			Pane1:     bind("1", "configurations", "1"),
			Pane2:     bind("2", "tasks", "2"),
			Pane3:     bind("3", "logs", "3"),
			Pane4:     bind("4", "shared", "4"),
			Pane5:     bind("5", "templates", "5"),
			Pane6:     bind("6", "host", "6"),
			Refresh:   bind("r", "refresh", "r"),
			Fleet:     bind("0", "fleet", "0"),
		},
		Nav: NavKeys{
			Up:       bind("↑/k", "up", "up", "k"),
			Down:     bind("↓/j", "down", "down", "j"),
			PageUp:   bind("pgup", "page up", "pgup", "ctrl+b"),
			PageDown: bind("pgdn", "page down", "pgdown", "ctrl+f"),
			Home:     bind("home/g", "top", "home", "g"),
			End:      bind("end/G", "bottom", "end", "G"),
			Enter:    bind("enter", "open", "enter"),
			Back:     bind("esc", "back", "esc"),
		},
		Agent: AgentKeys{
			Ping:     bind("P", "ping agent", "P"),
			Enable:   bind("E", "enable agent", "E"),
			Disable:  bind("D", "disable agent", "D"),
			Restart:  bind("R", "restart agent", "R"),
			Shutdown: bind("S", "shut agent down", "S"),
			Start:    bind("T", "start agent", "T"),
		},
		Item: ItemKeys{
			New:          bind("n", "new", "n"),
			Delete:       bind("d", "delete", "d"),
			Edit:         bind("e", "edit", "e"),
			NewID:        bind("i", "new ID", "i"),
			SaveToFile:   bind("s", "save to file", "s"),
			LoadFromFile: bind("l", "load from file", "l"),
			Open:         bind("o", "open by name", "o"),
			Apply:        bind("a", "apply to a configuration", "a"),
		},
		Config: ConfigKeys{
			Activate:  bind("a", "activate", "a"),
			Validate:  bind("v", "validate", "v"),
			ViewTasks: bind("t", "reload tasks doc", "t"),
			Script:    bind("c", "edit a script", "c"),
		},
		Task: TaskKeys{
			Pause:    bind("p", "pause", "p"),
			Resume:   bind("u", "resume", "u"),
			Reset:    bind("x", "reset", "x"),
			ResetAll: bind("*", "reset all", "*"),
			Sort:     bind("o", "sort", "o"),
			Template: bind("t", "save as template", "t"),
		},
		Log: LogKeys{
			Follow:     bind("f", "follow", "f"),
			Search:     bind("/", "search", "/"),
			Next:       bind("n", "next match", "n"),
			Prev:       bind("N", "previous match", "N"),
			Level:      bind("L", "level filter", "L"),
			Wrap:       bind("w", "wrap", "w"),
			Timestamps: bind("t", "timestamps", "t"),
			Save:       bind("s", "save log", "s"),
			AgentLog:   bind("a", "agent log", "a"),
			Left:       bind("←/h", "scroll left", "left", "h"),
			Right:      bind("→/l", "scroll right", "right", "l"),
		},
		Dialog: DialogKeys{
			Confirm: bind("y", "yes", "y"),
			Cancel:  bind("n/esc", "cancel", "n", "esc"),
			Switch:  bind("←/→", "switch", "left", "right", "tab", "shift+tab", "h", "l"),
			Choose:  bind("enter", "choose", "enter"),
			Up:      bind("↑/k", "scroll up", "up", "k"),
			Down:    bind("↓/j", "scroll down", "down", "j"),
			PageUp:  bind("pgup", "page up", "pgup"),
			PageDn:  bind("pgdn/space", "page down", "pgdown", " "),
		},
		Form: FormKeys{
			Next:   bind("tab", "next field", "tab", "down"),
			Prev:   bind("shift+tab", "previous field", "shift+tab", "up"),
			Submit: bind("enter", "submit", "enter"),
			Reveal: bind("ctrl+r", "reveal", "ctrl+r"),
			Cancel: bind("esc", "cancel", "esc"),
		},
		Choose: ChooseKeys{
			ID:     bind("i", "an ID", "i"),
			Script: bind("c", "a script", "c"),
		},
		Table: TableKeys{
			Filter: bind("/", "filter", "/"),
			Copy:   bind("y", "copy", "y"),
		},
		Palette: PaletteKeys{
			Up:   bind("↑", "up", "up", "ctrl+p"),
			Down: bind("↓", "down", "down", "ctrl+n"),
		},
	}
}
