package ui

import (
	"dpconsole/views/common"
	"dpconsole/views/configs"
	"dpconsole/views/host"
	"dpconsole/views/logs"
	"dpconsole/views/shared"
	"dpconsole/views/tasks"
	"dpconsole/views/templates"
)

// newPanes builds the console's panes in tab order (see the pane* constants).
func newPanes(c *common.Common) []common.View {
	return []common.View{
		configs.New(c),
		tasks.New(c),
		logs.New(c),
		shared.New(c),
		templates.New(c),
		host.New(c),
	}
}
