package common

// HostChangedMsg tells every pane that a function run from the command
// palette changed the host (a registry function with Mutates set, and the
// host answered OK), so what the panes show may be stale: they refresh
// at once, or on their next Activate when hidden.
type HostChangedMsg struct {
	Function string // the function that ran, e.g. "configDelete"
}
