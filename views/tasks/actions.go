package tasks

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/keymap"
	"dpconsole/views/common"
)

// keys holds the pane's own binding: * arms "all tasks" for the next
// pause, resume or reset (the key map's ResetAll key, with wider help).
type keys struct {
	All key.Binding
}

func newKeys(km keymap.KeyMap) keys {
	h := km.Task.ResetAll.Help()
	return keys{All: key.NewBinding(key.WithKeys(km.Task.ResetAll.Keys()...), key.WithHelp(h.Key, "all tasks…"))}
}

type (
	tickMsg    struct{ gen uint64 }
	fetchedMsg struct {
		seq, gen uint64
		config   string
		active   string
		agent    string
		rows     []taskRow
		parseErr string
		err      error
	}
	doneMsg struct {
		op, ok string
		err    error
	}
)

// fetch reads the agent's state, the configuration's tasks document and
// each task's status in one command, unless one is already running.
func (m *Model) fetch() tea.Cmd {
	if m.inFlight {
		return nil
	}
	m.inFlight = true
	seq, gen := m.seq.Next(), m.gen
	ctx, cl, picked := m.c.Ctx, m.c.Client, m.picked
	return func() tea.Msg {
		out := fetchedMsg{seq: seq, gen: gen, config: picked}
		st, err := cl.AgentGetStatus(ctx)
		if err != nil {
			out.err = err
			return out
		}
		out.agent, out.active = st.Agent, st.Config
		if out.config == "" {
			out.config = st.Config
		}
		if out.config == "" {
			return out
		}
		doc, err := cl.ConfigGetTasks(ctx, out.config)
		if err != nil {
			out.err = err
			return out
		}
		ts, err := hostdoc.ParseTasks([]byte(doc))
		if err != nil {
			out.parseErr = err.Error()
			return out
		}
		out.rows = make([]taskRow, len(ts.Tasks))
		offline := strings.EqualFold(st.Agent, "Offline")
		for i, t := range ts.Tasks {
			out.rows[i].Name = t.Name
			if offline {
				out.rows[i].Status.Status = "Offline"
				continue
			}
			ts, err := cl.TaskGetStatus(ctx, out.config, t.Name)
			if err != nil {
				if common.IsSessionError(err) {
					out.err = err
					return out
				}
				out.rows[i].Err = err.Error()
				continue
			}
			out.rows[i].Status = ts
		}
		return out
	}
}

// action pauses, resumes or resets one task or every task ("*"); a reset
// asks first, since it clears statistics and the log.
func (m *Model) action(verb, task string) tea.Cmd {
	if task == "" || m.config == "" {
		return nil
	}
	if m.c.ReadOnly {
		return func() tea.Msg {
			return common.FlashMsg{Text: "read-only mode: cannot " + verb + " tasks (restart without --read-only)", Error: true}
		}
	}
	config, ctx, cl := m.config, m.c.Ctx, m.c.Client
	what := "task " + task
	if task == "*" {
		what = fmt.Sprintf("all %d tasks", len(m.rows))
	}
	var call func(context.Context, *gateway.Client) error
	switch verb {
	case "pause":
		call = func(ctx context.Context, cl *gateway.Client) error { return cl.TaskPause(ctx, config, task) }
	case "resume":
		call = func(ctx context.Context, cl *gateway.Client) error { return cl.TaskResume(ctx, config, task) }
	default:
		call = func(ctx context.Context, cl *gateway.Client) error { return cl.TaskReset(ctx, config, task) }
	}
	past := map[string]string{"pause": "paused", "resume": "resumed", "reset": "reset"}[verb]
	run := func() tea.Msg {
		return doneMsg{op: verb + " " + what, ok: fmt.Sprintf("%s %s of %s", past, what, config), err: call(ctx, cl)}
	}
	if verb != "reset" {
		return run
	}
	body := fmt.Sprintf("Reset %s of %s? Their execution counts, error counts and logs are cleared. This cannot be undone.", what, config)
	if task != "*" {
		body = fmt.Sprintf("Reset %s of %s? Its execution count, error count and log are cleared. This cannot be undone.", what, config)
	}
	return func() tea.Msg {
		return common.ConfirmMsg{Title: "Reset " + what, Body: body, Action: "Reset", OnConfirm: run}
	}
}
