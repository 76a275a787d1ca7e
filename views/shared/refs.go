package shared

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/common"
	"dpconsole/widgets/prompt"
)

// maxConfigs bounds the configurations whose tasks documents are read
// for names to offer: each is one call.
const maxConfigs = 8

// refsMsg carries the shared names of kind that the configurations'
// tasks refer to and the host confirmed it has.
type refsMsg struct {
	call  uint64
	kind  string
	names []string
}

// suggestRefs starts finding the names of kind that the configurations'
// tasks documents refer to (<ID>, <Script>) and that the host has as
// shared items, in the background; onRefs offers them to the prompt.
func (m *Model) suggestRefs(kind string) tea.Cmd {
	ctx, call := m.c.Calls.Background("checking the shared " + kind + " names the configurations use")
	cl := m.c.Client
	return func() tea.Msg {
		out := refsMsg{call: call, kind: kind}
		configs, err := cl.ConfigGetList(ctx)
		if err != nil {
			return out
		}
		var docs []string
		for _, c := range configs[:min(len(configs), maxConfigs)] {
			if doc, err := cl.ConfigGetTasks(ctx, c); err == nil {
				docs = append(docs, doc)
			}
		}
		out.names = common.Confirmed(ctx, common.TaskRefs(kind, docs...), func(ctx context.Context, n string) error {
			_, err := fetch(ctx, cl, item{kind, n})
			return err
		})
		return out
	}
}

// onRefs adds the confirmed names to the prompt still asking which
// shared item of that kind to open.
func (m *Model) onRefs(msg refsMsg) {
	m.c.Calls.End(msg.call)
	if !m.Prompt.Active() || m.Prompt.Purpose() != "open-name" || m.stash["kind"] != msg.kind {
		return
	}
	m.Prompt.SetSuggestionGroups(prompt.Group{Label: "known", Names: m.names(msg.kind)},
		prompt.Group{Label: "in the configurations' tasks", Names: msg.names})
	m.Layout()
}
