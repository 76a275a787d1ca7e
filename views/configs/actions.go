package configs

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/views/common"
	"dpconsole/views/fileio"
	"dpconsole/views/prompt"
)

// Replies of the pane's commands.
type (
	tickMsg struct{ gen uint64 }
	listMsg struct {
		seq, gen uint64
		call     uint64
		keepDoc  bool // a periodic refresh: the document shown stays
		rows     []row
		active   string
		agent    string
		err      error
	}
	docMsg struct {
		seq    uint64
		call   uint64
		config string
		text   string
		err    error
	}
	// doneMsg ends an action: ok is the flash on success; failed keeps
	// the tasks the host refused so they can be edited again.
	doneMsg struct {
		op     string
		ok     string
		call   uint64
		err    error
		reload bool
		failed *invalidEdit
	}
	// startMsg runs an action once the operator confirmed it, so its
	// call starts only then.
	startMsg struct {
		op, ok string
		reload bool
		f      func(ctx context.Context, cl *gateway.Client) error
	}
)

const editTag = "configs.tasks"

func validName(kind string) func(string) error {
	return func(s string) error { return hostdoc.ValidName(kind, s) }
}

func nonEmpty(s string) error {
	if s == "" {
		return errors.New("type a file path, or press esc to cancel")
	}
	return nil
}

// loadDoc fetches the selected configuration's tasks document.
func (m *Model) loadDoc() tea.Cmd {
	name := m.Selected()
	if name == "" {
		return nil
	}
	m.loading = true
	m.c.Calls.Cancel(m.docCall)
	ctx, call := m.c.Calls.Begin("loading the tasks of " + name)
	seq, cl := m.docSeq.Next(), m.c.Client
	m.docCall = call
	return func() tea.Msg {
		text, err := cl.ConfigGetTasks(ctx, name)
		return docMsg{seq: seq, call: call, config: name, text: text, err: err}
	}
}

// run performs one host action, which the operator waits for, and
// reports it as doneMsg.
func (m *Model) run(op, ok string, reload bool, f func(ctx context.Context, cl *gateway.Client) error) tea.Cmd {
	ctx, call := m.c.Calls.Begin(op)
	cl := m.c.Client
	return func() tea.Msg {
		return doneMsg{op: op, ok: ok, reload: reload, call: call, err: f(ctx, cl)}
	}
}

// later is run for a confirm dialog: the call starts once confirmed.
func later(op, ok string, reload bool, f func(ctx context.Context, cl *gateway.Client) error) tea.Cmd {
	return func() tea.Msg { return startMsg{op: op, ok: ok, reload: reload, f: f} }
}

func (m *Model) onDone(msg doneMsg) tea.Cmd {
	m.c.Calls.End(msg.call)
	var cmds []tea.Cmd
	if msg.err != nil {
		if msg.failed != nil && !common.IsSessionError(msg.err) {
			msg.failed.Reason = "the host refused them: " + msg.err.Error()
			if common.IsCancelled(msg.err) {
				msg.failed.Reason = "the save was cancelled (the host may have saved them anyway)"
			}
			m.invalid = msg.failed
			m.layout()
			return nil
		}
		return common.Fail(msg.op, msg.err)
	}
	cmds = append(cmds, common.Flash(msg.ok))
	if msg.reload {
		cmds = append(cmds, m.reload(reloadQuiet), func() tea.Msg { return common.AgentChangedMsg{} })
	}
	return tea.Batch(cmds...)
}

func (m *Model) confirmDelete(name string) tea.Cmd {
	if name == "" {
		return nil
	}
	body := fmt.Sprintf("Delete configuration %q with its tasks, IDs, scripts, logs and status? This cannot be undone.", name)
	if name == m.active {
		body += "\nIt is the active configuration: the host will refuse until another one is activated."
	}
	del := later("delete configuration", "deleted configuration "+name, true,
		func(ctx context.Context, cl *gateway.Client) error { return cl.ConfigDelete(ctx, name) })
	return func() tea.Msg {
		return common.ConfirmMsg{Title: "Delete configuration", Body: body, Action: "Delete", OnConfirm: del}
	}
}

func (m *Model) confirmActivate(name string) tea.Cmd {
	if name == "" {
		return nil
	}
	if name == m.active {
		return common.Flash(name + " is already the active configuration")
	}
	body := fmt.Sprintf("Make %q the active configuration? The agent stops running the tasks of %q and runs the tasks of %q instead.",
		name, m.active, name)
	act := later("activate configuration", "activated "+name, true,
		func(ctx context.Context, cl *gateway.Client) error { return cl.ConfigActivate(ctx, name) })
	return func() tea.Msg {
		return common.ConfirmMsg{Title: "Activate configuration", Body: body, Action: "Activate", OnConfirm: act}
	}
}

// onAnswer continues the flow a prompt belonged to.
func (m *Model) onAnswer(a prompt.Answer) tea.Cmd {
	st := m.stash
	switch a.Purpose {
	case "create":
		name := a.Value
		return m.run("create configuration", "created configuration "+name, true,
			func(ctx context.Context, cl *gateway.Client) error { return cl.ConfigCreate(ctx, name) })
	case "newid":
		return m.newID(st["config"], a.Value)
	case "save-name":
		st["name"] = a.Value
		return m.openPrompt("save-path", fmt.Sprintf("Save %s %s to file:", st["kind"], a.Value), "./"+a.Value, nonEmpty)
	case "save-path":
		return m.saveToFile(st["config"], st["kind"], st["name"], a.Value)
	case "load-path":
		st["path"] = a.Value
		return m.openPrompt("load-name", fmt.Sprintf("Save it in %s as %s named:", st["config"], st["kind"]),
			filepath.Base(a.Value), validName(st["kind"]))
	case "load-name":
		return m.loadFromFile(st["config"], st["kind"], a.Value, st["path"])
	}
	return nil
}

func (m *Model) newID(config, id string) tea.Cmd {
	bind := m.bindHost
	ok := fmt.Sprintf("created ID %s in %s", id, config)
	return m.run("new ID", ok, false, func(ctx context.Context, cl *gateway.Client) error {
		var prints []string
		if bind {
			doc, err := cl.HostGetMachine(ctx)
			if err != nil {
				return err
			}
			prints = append(prints, doc)
		}
		return cl.ConfigNewID(ctx, config, id, prints...)
	})
}

func (m *Model) saveToFile(config, kind, name, path string) tea.Cmd {
	ok := fmt.Sprintf("saved %s %s of %s to %s", kind, name, config, path)
	return m.run("save "+kind+" to file", ok, false, func(ctx context.Context, cl *gateway.Client) error {
		var data []byte
		if kind == "ID" {
			b, err := cl.ConfigGetID(ctx, config, name)
			if err != nil {
				return err
			}
			data = b
		} else {
			s, err := cl.ConfigGetScript(ctx, config, name)
			if err != nil {
				return err
			}
			data = []byte(s)
		}
		abs, err := fileio.Expand(path)
		if err != nil {
			return err
		}
		return fileio.WriteAtomic(abs, data, 0o600)
	})
}

func (m *Model) loadFromFile(config, kind, name, path string) tea.Cmd {
	ok := fmt.Sprintf("loaded %s into %s as %s", path, config, name)
	return m.run("load "+kind+" from file", ok, false, func(ctx context.Context, cl *gateway.Client) error {
		abs, err := fileio.Expand(path)
		if err != nil {
			return err
		}
		data, err := fileio.ReadBounded(abs, fileio.MaxLoad)
		if err != nil {
			return err
		}
		if kind == "ID" {
			return cl.ConfigSaveID(ctx, config, name, data)
		}
		if !utf8.Valid(data) {
			return fmt.Errorf("%s is not UTF-8 text; a script must be text", abs)
		}
		return cl.ConfigSaveScript(ctx, config, name, string(data))
	})
}
