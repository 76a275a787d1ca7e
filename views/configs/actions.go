package configs

import (
	"context"
	"fmt"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/views/common"
	"dpconsole/views/pane"
	"dpconsole/widgets/prompt"
)

// Replies of the pane's commands.
type (
	tickMsg struct{ gen uint64 }
	listMsg struct {
		gen     uint64
		call    uint64
		keepDoc bool // a periodic refresh: the document shown stays
		rows    []row
		active  string
		agent   string
		err     error
	}
	// doneMsg ends an action: ok is the flash on success; failed keeps
	// the tasks the host refused so they can be edited again.
	doneMsg struct {
		used   used
		op     string
		ok     string
		call   uint64
		err    error
		reload bool
		failed *pane.Draft
	}
	// startMsg runs an action once the operator confirmed it, so its
	// call starts only then.
	startMsg struct {
		op, ok string
		reload bool
		used   used
		f      func(ctx context.Context, cl *gateway.Client) error
	}
)

// used is a name an action uses, remembered for the name prompts once the
// action succeeds.
type used struct{ config, kind, name string }

// fetchedMsg carries an ID or script read from the host before the
// operator is asked where to save it.
type fetchedMsg struct {
	call               uint64
	config, kind, name string
	data               []byte
	err                error
}

// loadDoc fetches the selected configuration's tasks document.
func (m *Model) loadDoc() tea.Cmd {
	name := m.Selected()
	if name == "" || m.Hidden { // hidden: Activate reads it
		return nil
	}
	return m.Doc.Fetch(m.c.Client, name, "loading the tasks of "+name, func(ctx context.Context, cl *gateway.Client) (string, error) {
		return cl.ConfigGetTasks(ctx, name)
	})
}

// runUsed performs one host action, which the operator waits for, and
// reports it as doneMsg. The name u records is remembered once the action
// succeeds.
func (m *Model) runUsed(op, ok string, reload bool, u used, f func(ctx context.Context, cl *gateway.Client) error) tea.Cmd {
	ctx, call := m.c.Calls.Begin(op)
	cl := m.c.Client
	return func() tea.Msg {
		return doneMsg{op: op, ok: ok, reload: reload, used: u, call: call, err: f(ctx, cl)}
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
			m.Keep(msg.failed)
			return nil
		}
		return common.Fail(msg.op, msg.err)
	}
	switch {
	case msg.used.name != "":
		m.remember(msg.used.config, msg.used.kind, msg.used.name)
	case msg.used.config != "":
		m.selectNext = msg.used.config // a configuration just created: select it once listed
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
	if name == m.active {
		// The host refuses to delete the active configuration: say so
		// instead of offering an action that fails.
		return common.FlashError(name + " is active: activate another configuration first")
	}
	body := fmt.Sprintf("Delete configuration %q with its tasks, IDs, scripts, logs and status? This cannot be undone.", name)
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

// promptMsg passes msg to the open prompt and continues the flow its
// answer belongs to.
func (m *Model) promptMsg(msg tea.Msg) tea.Cmd {
	ans, cancelled, cmd := m.Prompt.Update(msg)
	switch {
	case cancelled:
		clear(m.stash)
		m.fetched = nil
		m.Layout()
		return nil
	case ans != nil:
		m.Layout()
		return m.onAnswer(*ans)
	}
	m.Layout() // the prompt may have grown a line (a refusal, a question)
	return cmd
}

// onAnswer continues the flow a prompt belonged to.
func (m *Model) onAnswer(a prompt.Answer) tea.Cmd {
	st := m.stash
	switch a.Purpose {
	case "create":
		name := a.Value
		return m.runUsed("create configuration", "created configuration "+name, true, used{config: name},
			func(ctx context.Context, cl *gateway.Client) error { return cl.ConfigCreate(ctx, name) })
	case "newid":
		// Check the name is free first: an existing one is refused
		// before the operator looks for fingerprint files.
		config, id := st["config"], a.Value
		st["id"] = id
		return m.c.CheckFree(fmt.Sprintf("checking whether ID %s exists in %s", id, config), id,
			func(ctx context.Context, cl *gateway.Client) error { return get(ctx, cl, config, "ID", id) })
	case "newid-prints":
		return fileio.LoadMachines(a.Value)
	case "script-name":
		return m.readScript(st["config"], a.Value)
	case "save-name":
		// Read it first: a name the host does not have fails here, before
		// the operator types a path.
		return m.fetchForSave(st["config"], st["kind"], a.Value)
	case "save-path":
		data := m.fetched
		m.fetched = nil
		return fileio.Save(a.Value, data)
	case "load-path":
		st["path"] = a.Value
		cmd := m.OpenPrompt("load-name", fmt.Sprintf("Save it in %s as %s named:", st["config"], article(st["kind"])),
			filepath.Base(a.Value), common.ValidName(st["kind"]))
		return tea.Batch(cmd, m.suggest(st["config"], st["kind"]))
	case "load-name":
		return m.loadFromFile(st["config"], st["kind"], a.Value, st["path"])
	}
	return nil
}

// fetchForSave reads an ID or script of config; onFetched then asks where
// to save it.
func (m *Model) fetchForSave(config, kind, name string) tea.Cmd {
	ctx, call := m.c.Calls.Begin("reading " + kind + " " + name + " of " + config)
	cl := m.c.Client
	return func() tea.Msg {
		out := fetchedMsg{call: call, config: config, kind: kind, name: name}
		if kind == "ID" {
			out.data, out.err = cl.ConfigGetID(ctx, config, name)
		} else {
			var s string
			s, out.err = cl.ConfigGetScript(ctx, config, name)
			out.data = []byte(s)
		}
		return out
	}
}

func (m *Model) onFetched(msg fetchedMsg) tea.Cmd {
	m.c.Calls.End(msg.call)
	if msg.err != nil {
		return common.Fail(fmt.Sprintf("read %s %s of %s", msg.kind, msg.name, msg.config), msg.err)
	}
	m.remember(msg.config, msg.kind, msg.name)
	m.fetched = msg.data
	return m.OpenSavePath("save-path", fmt.Sprintf("Save %s %s of %s (%d bytes) to file:", msg.kind, msg.name, msg.config, len(msg.data)),
		"./"+fileio.SafeName(msg.name))
}

// onFree asks for the new ID's fingerprint files once its name is known
// to be free, or asks for the name again.
func (m *Model) onFree(msg common.FreeMsg) tea.Cmd {
	if fail := m.c.EndFree(msg); fail != nil {
		clear(m.stash)
		return fail
	}
	config := m.stash["config"]
	if config == "" || msg.Name != m.stash["id"] {
		return nil // the flow was cancelled meanwhile
	}
	if msg.Exists {
		return m.Reprompt("newid", fmt.Sprintf("New ID in %s, name:", config), msg.Name, common.ValidName("ID"), fmt.Sprintf("ID %s already exists in %s", msg.Name, config))
	}
	return m.OpenPrompt("newid-prints", fmt.Sprintf("Bind ID %s to fingerprint files (optional, space-separated <Machine> documents; empty binds this host):", msg.Name),
		"", nil)
}

// onMachines creates the ID once its fingerprint files were read, or asks
// for them again with the reason.
func (m *Model) onMachines(msg fileio.MachinesMsg) tea.Cmd {
	config, id := m.stash["config"], m.stash["id"]
	if msg.Err != nil {
		return m.Reprompt("newid-prints", fmt.Sprintf("Bind ID %s to fingerprint files (optional; empty binds this host):", id), msg.Field, nil, msg.Err.Error())
	}
	ok := fmt.Sprintf("created ID %s in %s bound to this host", id, config)
	if len(msg.Docs) > 0 {
		ok = fmt.Sprintf("created ID %s in %s bound to %s", id, config, common.Count(len(msg.Docs), "fingerprint"))
	}
	docs := msg.Docs
	return m.runUsed("new ID", ok, false, used{config, "ID", id}, func(ctx context.Context, cl *gateway.Client) error {
		return cl.ConfigNewID(ctx, config, id, docs...)
	})
}

// loadFromFile reads a local file to save as an ID or script of config;
// fileReadMsg goes on.
func (m *Model) loadFromFile(config, kind, name, path string) tea.Cmd {
	return func() tea.Msg {
		abs, data, err := fileio.ReadItem(path, kind != "ID")
		return fileReadMsg{config: config, kind: kind, name: name, path: abs, data: data, err: err}
	}
}

// fileReadMsg is a local file read for loadFromFile.
type fileReadMsg struct {
	config, kind, name, path string
	data                     []byte
	err                      error
}

// onFileRead saves the file's content through the guard: what it
// replaces is read first and shown as a diff (sizes and digests for an
// ID), and read again right before the save.
func (m *Model) onFileRead(msg fileReadMsg) tea.Cmd {
	config, kind, name, data := msg.config, msg.kind, msg.name, msg.data
	if msg.err != nil {
		return common.FlashError(msg.err.Error())
	}
	if kind != "ID" {
		if err := common.CheckXML("the file "+msg.path, data); err != nil {
			return common.FlashError(err.Error() + "; a script must be an XML document")
		}
	}
	ok := fmt.Sprintf("loaded %s into %s as %s", msg.path, config, name)
	return pane.Save(m.c, &pane.Guard{
		What: kind + " " + name + " of " + config, FromHost: true, Mine: data, Binary: kind == "ID",
		Note: "Tasks that use it get the new one.",
		Get: func(ctx context.Context, cl *gateway.Client) ([]byte, error) {
			if kind == "ID" {
				return cl.ConfigGetID(ctx, config, name)
			}
			s, err := cl.ConfigGetScript(ctx, config, name)
			return []byte(s), err
		},
		Put: func(ctx context.Context, cl *gateway.Client) error {
			if kind == "ID" {
				return cl.ConfigSaveID(ctx, config, name, data)
			}
			return cl.ConfigSaveScript(ctx, config, name, string(data))
		},
		Keep: func(reason string) tea.Cmd { return common.Flash(kind + " " + name + " not saved: " + reason) },
		Done: func(err error) tea.Msg {
			return doneMsg{op: "load " + kind + " from file", ok: ok, used: used{config, kind, name}, err: err}
		},
	})
}

// get reads an ID or script of config, for a check that it exists.
func get(ctx context.Context, cl *gateway.Client, config, kind, name string) error {
	if kind == "ID" {
		_, err := cl.ConfigGetID(ctx, config, name)
		return err
	}
	_, err := cl.ConfigGetScript(ctx, config, name)
	return err
}
