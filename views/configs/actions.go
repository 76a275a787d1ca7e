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
	listMsg struct {
		seq    uint64
		rows   []row
		active string
		agent  string
		err    error
	}
	docMsg struct {
		seq    uint64
		config string
		text   string
		err    error
	}
	// doneMsg ends an action: ok is the flash on success; failed keeps
	// the tasks the host refused so they can be edited again.
	doneMsg struct {
		op     string
		ok     string
		err    error
		reload bool
		failed *invalidEdit
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

// reload lists the configurations with their statuses and the agent's
// active one, in one command so the table changes all at once.
func (m *Model) reload() tea.Cmd {
	seq, ctx, cl := m.listSeq.Next(), m.c.Ctx, m.c.Client
	return func() tea.Msg {
		names, err := cl.ConfigGetList(ctx)
		if err != nil {
			return listMsg{seq: seq, err: err}
		}
		rows := make([]row, len(names))
		for i, n := range names {
			rows[i].Name = n
			st, err := cl.ConfigGetStatus(ctx, n)
			if err != nil {
				if common.IsSessionError(err) {
					return listMsg{seq: seq, err: err}
				}
				rows[i].Err = err.Error()
				continue
			}
			rows[i].Status = st
		}
		out := listMsg{seq: seq, rows: rows}
		if as, err := cl.AgentGetStatus(ctx); err == nil {
			out.active, out.agent = as.Config, as.Agent
		}
		return out
	}
}

// loadDoc fetches the selected configuration's tasks document.
func (m *Model) loadDoc() tea.Cmd {
	name := m.Selected()
	if name == "" {
		return nil
	}
	m.loading = true
	seq, ctx, cl := m.docSeq.Next(), m.c.Ctx, m.c.Client
	return func() tea.Msg {
		text, err := cl.ConfigGetTasks(ctx, name)
		return docMsg{seq: seq, config: name, text: text, err: err}
	}
}

// run performs one host action and reports it as doneMsg.
func (m *Model) run(op, ok string, reload bool, f func(ctx context.Context, cl *gateway.Client) error) tea.Cmd {
	ctx, cl := m.c.Ctx, m.c.Client
	return func() tea.Msg {
		return doneMsg{op: op, ok: ok, reload: reload, err: f(ctx, cl)}
	}
}

func (m *Model) onDone(msg doneMsg) tea.Cmd {
	var cmds []tea.Cmd
	if msg.err != nil {
		if msg.failed != nil && !common.IsSessionError(msg.err) {
			msg.failed.Reason = "the host refused them: " + msg.err.Error()
			m.invalid = msg.failed
			m.layout()
			return nil
		}
		return common.Fail(msg.op, msg.err)
	}
	cmds = append(cmds, common.Flash(msg.ok))
	if msg.reload {
		cmds = append(cmds, m.reload(), func() tea.Msg { return common.AgentChangedMsg{} })
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
	del := m.run("delete configuration", "deleted configuration "+name, true,
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
	act := m.run("activate configuration", "activated "+name, true,
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
