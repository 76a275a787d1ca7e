package configs

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/common"
	"dpconsole/widgets/prompt"
)

// verifiedMsg carries the names of kind that config's tasks document
// refers to and the host confirmed it has.
type verifiedMsg struct {
	call         uint64
	config, kind string
	names        []string
}

// suggest offers the open prompt the names of kind used this session in
// config at once, and starts checking which names config's tasks
// document refers to exist there (onVerified adds those): a name the host
// does not have is never offered.
func (m *Model) suggest(config, kind string) tea.Cmd {
	m.Prompt.SetSuggestionGroups(m.usedGroup(config, kind))
	m.Layout()
	if !m.Doc.Shows(config) {
		return nil
	}
	refs := common.TaskRefs(kind, m.Doc.Document())
	if len(refs) == 0 {
		return nil
	}
	ctx, call := m.c.Calls.Background("checking the " + kind + " names of " + config)
	cl := m.c.Client
	return func() tea.Msg {
		out := verifiedMsg{call: call, config: config, kind: kind}
		out.names = common.Confirmed(ctx, refs, func(ctx context.Context, n string) error {
			return get(ctx, cl, config, kind, n)
		})
		return out
	}
}

// onVerified adds the confirmed names to the prompt still asking for a
// name of that kind in that configuration.
func (m *Model) onVerified(msg verifiedMsg) {
	m.c.Calls.End(msg.call)
	p := m.Prompt.Purpose()
	if !m.Prompt.Active() || (p != "save-name" && p != "load-name" && p != "script-name") ||
		m.stash["config"] != msg.config || m.stash["kind"] != msg.kind {
		return
	}
	m.Prompt.SetSuggestionGroups(m.usedGroup(msg.config, msg.kind),
		prompt.Group{Label: "in " + msg.config + "'s tasks", Names: msg.names})
	m.Layout()
}

func (m *Model) usedGroup(config, kind string) prompt.Group {
	return prompt.Group{Label: "used this session", Names: m.used[config+"\x00"+kind]}
}

// remember keeps a name that worked in config this session (the host
// had it, or saved it), newest first.
func (m *Model) remember(config, kind, name string) {
	k := config + "\x00" + kind
	out := []string{name}
	for _, n := range m.used[k] {
		if n != name && len(out) < 20 {
			out = append(out, n)
		}
	}
	m.used[k] = out
}
