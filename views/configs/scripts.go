package configs

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/views/common"
	"dpconsole/views/pane"
)

// scriptSkeleton starts a script the configuration does not have yet.
const scriptSkeleton = "<Script>\n</Script>\n"

// scriptEdit is a configuration's script open in the editor: saved back
// through the guard (docs/protocol.md §13) once it is an XML document.
type scriptEdit struct {
	config, name string
	base         []byte // the host's version when the editor opened; nil: new
}

// scriptDraft marks a kept draft as a script's, so e opens it again as
// one (the pane's other drafts are tasks documents).
const scriptDraft = "script "

// scriptReadMsg is a script read for the editor.
type scriptReadMsg struct {
	call         uint64
	config, name string
	data         string
	err          error
}

// askScript asks which of config's scripts to edit, offering those its
// tasks name that the host has.
func (m *Model) askScript(config string) tea.Cmd {
	if config == "" {
		return nil
	}
	m.stash["config"], m.stash["kind"] = config, "script"
	cmd := m.OpenPrompt("script-name", "Edit which script of "+config+"? Name (a new name starts one):", "", common.ValidName("script"))
	return tea.Batch(cmd, m.suggest(config, "script"))
}

// readScript reads the script to edit.
func (m *Model) readScript(config, name string) tea.Cmd {
	ctx, call := m.c.Calls.Begin("reading script " + name + " of " + config)
	cl := m.c.Client
	return func() tea.Msg {
		data, err := cl.ConfigGetScript(ctx, config, name)
		return scriptReadMsg{call: call, config: config, name: name, data: data, err: err}
	}
}

// onScriptRead opens the editor on the script, or on a skeleton for a
// new one.
func (m *Model) onScriptRead(msg scriptReadMsg) tea.Cmd {
	m.c.Calls.End(msg.call)
	e := &scriptEdit{config: msg.config, name: msg.name}
	text := []byte(msg.data)
	switch {
	case errors.Is(msg.err, gateway.ErrNotFound):
		text = []byte(scriptSkeleton)
	case msg.err != nil:
		return common.Fail("read script "+msg.name, msg.err)
	default:
		e.base = text
	}
	return m.editScript(e, text)
}

func (m *Model) editScript(e *scriptEdit, data []byte) tea.Cmd {
	m.script = e
	return m.c.Edit(".xml", data)
}

// onScriptEdited checks the edited script is XML and saves it through
// the guard; a script that is not saved is kept as a draft.
func (m *Model) onScriptEdited(msg fileio.EditedMsg) tea.Cmd {
	e := m.script
	m.script = nil
	what := "script " + e.name + " of " + e.config
	data := pane.StripNote(msg.Data)
	draft := func(reason string) *pane.Draft {
		d := &pane.Draft{For: e.config, What: scriptDraft + e.name + " of " + e.config, Data: data, Reason: reason}
		m.scriptOf[d] = e
		return d
	}
	switch {
	case msg.Err != nil:
		return common.FlashError("edit of " + what + ": " + msg.Err.Error())
	case !msg.Changed && e.base != nil:
		return common.Flash(what + " unchanged; nothing saved")
	}
	if err := common.CheckXML(what, data); err != nil {
		m.Keep(draft(err.Error()))
		return nil
	}
	text, failed := string(data), draft("") // failed: the draft kept if the host refuses it
	return pane.Save(m.c, &pane.Guard{
		What: what, Base: e.base, Mine: data,
		Note: "Every task of " + e.config + " that names it runs the new one.",
		Get: func(ctx context.Context, cl *gateway.Client) ([]byte, error) {
			s, err := cl.ConfigGetScript(ctx, e.config, e.name)
			return []byte(s), err
		},
		Put: func(ctx context.Context, cl *gateway.Client) error {
			return cl.ConfigSaveScript(ctx, e.config, e.name, text)
		},
		Reedit: func(g *pane.Guard, change string) tea.Cmd {
			return m.editScript(&scriptEdit{config: e.config, name: e.name, base: g.Base}, pane.WithHostChange(g.Mine, change))
		},
		Keep: func(reason string) tea.Cmd {
			m.Keep(draft(reason))
			return nil
		},
		Done: func(err error) tea.Msg {
			return doneMsg{op: "save script", ok: fmt.Sprintf("saved %s (%s)", what, common.Count(len(data), "byte")),
				err: err, used: used{config: e.config, kind: "script", name: e.name}, failed: failed}
		},
	})
}

// reeditScript opens a kept script draft again; ok is false for a draft
// of the tasks.
func (m *Model) reeditScript(d *pane.Draft) (tea.Cmd, bool) {
	e, ok := m.scriptOf[d]
	if !ok || !strings.HasPrefix(d.What, scriptDraft) {
		return nil, false
	}
	clear(m.scriptOf) // one draft is kept at a time
	return m.editScript(e, d.Data), true
}

// editTasksOf opens config's tasks in the editor for another pane (the
// task detail's edit): at once when they are shown, else once read.
func (m *Model) editTasksOf(config string) tea.Cmd {
	return m.c.Mutating("edit tasks", func() tea.Cmd {
		m.pendingEdit = config
		if !m.Loaded {
			m.SelectNext(config) // the list's read selects it, then reads its tasks
			return nil
		}
		m.Select(config)
		if m.Selected() != config {
			m.pendingEdit = ""
			return common.FlashError("no configuration " + config)
		}
		if m.Doc.Shows(config) && !m.Doc.Loading {
			return m.editPending()
		}
		return m.loadDoc()
	})
}

// editPending opens the tasks another pane asked to edit once they are
// the document shown.
func (m *Model) editPending() tea.Cmd {
	config := m.pendingEdit
	if config == "" || !m.Doc.Shows(config) || m.Doc.Loading {
		return nil
	}
	m.pendingEdit = ""
	if m.Doc.Err != nil {
		return nil // the document's error is shown instead
	}
	return m.startEdit(config)
}
