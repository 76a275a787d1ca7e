package configs

import (
	"context"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/views/common"
	"dpconsole/views/pane"
)

// skeleton starts a configuration that has no tasks yet.
const skeleton = `<Tasks>
  <Task name="example" enabled="true">
    <Description>Describe what this task protects</Description>
    <Schedule every="30s"/>
    <Action type="protect" source="/data/inbox" target="/data/protected"/>
  </Task>
</Tasks>
`

// startEdit reads the selected configuration's tasks from the host, so the
// editor opens on what the host has now, not on a preview that may be
// old; editReadyMsg opens the editor.
func (m *Model) startEdit(name string) tea.Cmd {
	if name == "" {
		return nil
	}
	ctx, call := m.c.Calls.Begin("reading the tasks of " + name + " to edit")
	cl := m.c.Client
	return func() tea.Msg {
		text, err := cl.ConfigGetTasks(ctx, name)
		return editReadyMsg{call: call, config: name, text: text, err: err}
	}
}

// editReadyMsg is the host's tasks document, read for the editor.
type editReadyMsg struct {
	call         uint64
	config, text string
	err          error
}

// onEditReady opens the editor on the host's tasks (a skeleton when there
// are none) and remembers them as the base the save checks against.
func (m *Model) onEditReady(msg editReadyMsg) tea.Cmd {
	m.c.Calls.End(msg.call)
	if msg.err != nil {
		return common.Fail("read the tasks of "+msg.config, msg.err)
	}
	m.base = msg.text // what the host had: the save checks it still has it
	text := msg.text
	if isEmptyTasks(text) {
		text = skeleton
	}
	return m.edit(msg.config, []byte(text))
}

// isEmptyTasks reports whether a tasks document has no task, so the
// editor can start from an example instead.
func isEmptyTasks(text string) bool {
	ts, err := hostdoc.ParseTasks([]byte(text))
	return err == nil && len(ts.Tasks) == 0
}

// edit suspends the console for $EDITOR on data; the reply is a
// fileio.EditedMsg, for the configuration remembered here.
func (m *Model) edit(config string, data []byte) tea.Cmd {
	m.editing = config
	return m.c.Edit(".xml", data)
}

// onEdited validates what came back from the editor and saves it through
// the guard: the host's version is read first, a change someone else made
// meanwhile is shown before anything is saved, and the save itself shows
// its diff in a dialog that defaults to Cancel.
func (m *Model) onEdited(msg fileio.EditedMsg) tea.Cmd {
	config, retry := m.editing, m.retry
	m.retry = nil
	msg.Data = pane.StripNote(msg.Data)
	if msg.Err != nil {
		if retry != nil {
			m.Keep(retry) // the draft is kept: e edits it again
		}
		return common.FlashError("edit of " + config + " tasks: " + msg.Err.Error())
	}
	if !msg.Changed && retry != nil {
		if _, problems, err := hostdoc.CheckTasks(retry.Data); err != nil || len(problems) > 0 {
			// Unchanged since it was refused as invalid: keep it and say
			// so, rather than drop it as "unchanged".
			m.Keep(retry)
			return common.FlashError("the draft is still not saved: " + retry.Reason + " — e to edit again, esc twice to discard")
		}
		// A valid draft that was not saved (cancelled, or the host moved):
		// saving it as it is is what the operator asks for now.
		msg.Data, msg.Changed = retry.Data, true
	}
	if !msg.Changed {
		return common.Flash("tasks of " + config + " unchanged; nothing saved")
	}
	draft := func(reason string) *pane.Draft {
		return &pane.Draft{For: config, What: "tasks of " + config, Data: msg.Data, Reason: reason}
	}
	ts, problems, err := hostdoc.CheckTasks(msg.Data)
	switch {
	case err != nil:
		m.Keep(draft(err.Error()))
		return nil
	case len(problems) > 0:
		words := make([]string, len(problems))
		for i, p := range problems {
			words[i] = p.String()
		}
		m.Keep(draft(strings.Join(words, "; ")))
		return nil
	}
	text := string(msg.Data)
	base := m.base
	return pane.Save(m.c, &pane.Guard{
		What: "tasks of " + config, Base: []byte(base), Mine: msg.Data,
		Gone: "Configuration " + config + " was deleted on the host, and its tasks cannot be saved without it: create it again (n), then e.",
		Get: func(ctx context.Context, cl *gateway.Client) ([]byte, error) {
			s, err := cl.ConfigGetTasks(ctx, config)
			return []byte(s), err
		},
		Put:   func(ctx context.Context, cl *gateway.Client) error { return cl.ConfigSaveTasks(ctx, config, text) },
		Check: func(ctx context.Context, cl *gateway.Client) []string { return missingRefs(ctx, cl, config, ts) },
		Reedit: func(g *pane.Guard, change string) tea.Cmd {
			m.base = string(g.Base)
			m.retry = draft("the host's version changed while you were editing")
			return m.edit(config, pane.WithHostChange(g.Mine, change))
		},
		Keep: func(reason string) tea.Cmd { m.Keep(draft(reason)); return nil },
		Done: func(err error) tea.Msg {
			return doneMsg{op: "save tasks", ok: fmt.Sprintf("saved %s of %s", plural(len(ts.Tasks), "task"), config),
				err: err, reload: true, failed: draft("")}
		},
	})
}

// plural words a count of things: "1 task", "2 tasks".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
