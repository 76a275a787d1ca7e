package configs

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
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

// startEdit opens the selected configuration's tasks in $EDITOR; the
// document must be loaded first so the operator edits what the host has.
func (m *Model) startEdit(name string) tea.Cmd {
	if name == "" {
		return nil
	}
	if !m.Doc.Shows(name) || m.Doc.Loading {
		return common.Flash("the tasks of " + name + " are not loaded yet; press t to load them, then e")
	}
	text := m.Doc.Document()
	if isEmptyTasks(text) {
		text = skeleton
	}
	return m.edit(name, []byte(text))
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
	return fileio.Edit(m.c.Caps.Editor, ".xml", data)
}

// onEdited validates what came back from the editor and saves it.
func (m *Model) onEdited(msg fileio.EditedMsg) tea.Cmd {
	config, retry := m.editing, m.retry
	m.retry = nil
	if msg.Err != nil {
		if retry != nil {
			m.Keep(retry) // the draft is kept: e edits it again
		}
		return common.FlashError("edit of " + config + " tasks: " + msg.Err.Error())
	}
	if !msg.Changed && retry != nil {
		// Unchanged since the refusal: keep the draft and say so, rather
		// than drop it as "unchanged".
		m.Keep(retry)
		return common.FlashError("the draft is still invalid: " + retry.Reason + " — e to edit again, esc to discard")
	}
	if !msg.Changed {
		return common.Flash("tasks of " + config + " unchanged; nothing saved")
	}
	ts, err := hostdoc.ParseTasks(msg.Data)
	if err != nil {
		m.Keep(&pane.Draft{For: config, What: "tasks of " + config, Data: msg.Data, Reason: err.Error()})
		return nil
	}
	text := string(msg.Data)
	failed := &pane.Draft{For: config, What: "tasks of " + config, Data: msg.Data}
	ctx, call := m.c.Calls.Begin("saving the tasks of " + config)
	cl := m.c.Client
	return func() tea.Msg {
		err := cl.ConfigSaveTasks(ctx, config, text)
		return doneMsg{op: "save tasks", ok: fmt.Sprintf("saved %s of %s", plural(len(ts.Tasks), "task"), config),
			call: call, err: err, reload: true, failed: failed}
	}
}

// validate checks the shown tasks document locally, without the editor.
func (m *Model) validate(name string) tea.Cmd {
	if name == "" || !m.Doc.Shows(name) {
		return common.Flash("the tasks of " + name + " are not loaded yet; press t first")
	}
	ts, err := hostdoc.ParseTasks([]byte(m.Doc.Document()))
	if err != nil {
		return common.FlashError(err.Error())
	}
	return common.Flash(fmt.Sprintf("tasks of %s are valid: %s", name, plural(len(ts.Tasks), "task")))
}

// plural words a count of things: "1 task", "2 tasks".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
