package common

// Navigation the palette's commands ask of the shell.
type (
	// SwitchPaneMsg asks the shell to show pane Pane (0 is the first
	// tab), as its digit key does.
	SwitchPaneMsg struct{ Pane int }
	// ShowHelpMsg asks the shell to open the help overlay.
	ShowHelpMsg struct{}
)
