package common

import tea "github.com/charmbracelet/bubbletea"

// Navigation the palette's commands ask of the shell.
type (
	// SwitchPaneMsg asks the shell to show pane Pane (0 is the first
	// tab), as its digit key does.
	SwitchPaneMsg struct{ Pane int }
	// ShowHelpMsg asks the shell to open the help overlay.
	ShowHelpMsg struct{}
	// QuitMsg asks to quit the program (:quit) the way the quit key
	// does: after asking when unsaved work would be lost, in every
	// console of a fleet.
	QuitMsg struct{}
)

// The panes' indices in the shell, in tab order (for SwitchPaneMsg and
// ShowInMsg).
const (
	PaneConfigs = iota
	PaneTasks
	PaneLogs
	PaneShared
	PaneTemplates
	PaneHost
)

// ShowInMsg asks the shell to show pane Pane, as a drill-down (Esc comes
// back), and hand it Msg: one of the requests below.
type ShowInMsg struct {
	Pane int
	Msg  tea.Msg
}

// Requests one pane makes of another through ShowInMsg.
type (
	// EditTasksMsg asks the Configurations pane to open the tasks of
	// Config in the editor (the whole document: validated, diffed and
	// saved through the guard).
	EditTasksMsg struct{ Config string }
	// EditScriptMsg asks the Configurations pane to open script Name of
	// Config in the editor.
	EditScriptMsg struct{ Config, Name string }
	// OpenSharedMsg asks the Shared pane to show its Kind ("ID" or
	// "script") named Name.
	OpenSharedMsg struct{ Kind, Name string }
)
