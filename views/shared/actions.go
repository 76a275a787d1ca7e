package shared

import (
	"context"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/views/common"
	"dpconsole/views/pane"
	"dpconsole/widgets/prompt"
)

// previewBytes is how much of an ID the hex preview shows.
const previewBytes = 256

type (
	presetsMsg common.Reply[[]string]
	contentMsg struct {
		call uint64
		it   item
		data []byte
		err  error
	}
	// doneMsg ends an action; remember is added to the recent names.
	doneMsg struct {
		op, ok   string
		remember item
		call     uint64
		err      error
	}
)

func (m *Model) reload() tea.Cmd {
	return tea.Batch(common.Fetch(&m.Load, m.c, "loading the rule presets", false, (*gateway.Client).SharedGetPresetList,
		func(r common.Reply[[]string]) tea.Msg { return presetsMsg(r) }), m.probe())
}

// fetch reads one shared item.
func fetch(ctx context.Context, cl *gateway.Client, it item) ([]byte, error) {
	switch it.Kind {
	case kindID:
		return cl.SharedGetID(ctx, it.Name)
	case kindScript:
		s, err := cl.SharedGetScript(ctx, it.Name)
		return []byte(s), err
	}
	s, err := cl.SharedGetPreset(ctx, it.Name)
	return []byte(s), err
}

// loadSelected reads the selected item for the document area.
func (m *Model) loadSelected() tea.Cmd {
	it, ok := m.Selected()
	// A hidden pane reads nothing the operator would wait for (Esc would
	// cancel it instead of going back): Activate reads it when shown.
	if !ok || m.Hidden || (m.Doc.Shows(it) && !m.Doc.Loading) || m.refs[it].State == refMissing {
		return nil // a name the shared area lacks has nothing to read
	}
	ctx, call := m.Doc.Start("loading " + it.Kind + " " + it.Name)
	cl := m.c.Client
	return func() tea.Msg {
		data, err := fetch(ctx, cl, it)
		return contentMsg{call: call, it: it, data: data, err: err}
	}
}

// hexPreview words an ID: its size and a hex dump of its first bytes.
func hexPreview(data []byte) string {
	head := data[:min(len(data), previewBytes)]
	s := fmt.Sprintf("%d bytes (binary ID file)\n\n%s", len(data), hex.Dump(head))
	if len(data) > len(head) {
		s += fmt.Sprintf("… %d more bytes; s saves the whole ID to a file\n", len(data)-len(head))
	}
	return s
}

// Update handles keys and replies.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) { return m, m.Dispatch(msg) }

// onMsg takes the pane's own replies.
func (m *Model) onMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case presetsMsg:
		if ok, fail := m.Listed(msg.Call, "list presets", msg.Err); !ok {
			return fail, true
		}
		m.presets = msg.Value
		return m.rebuild(), true
	case contentMsg:
		if !m.Doc.Reply(msg.call, msg.it, msg.err) {
			return nil, true
		}
		m.content = msg.data
		if msg.err != nil {
			return common.FailSession("read "+msg.it.Kind, msg.err), true
		}
		if msg.it.Kind == kindID {
			return m.Doc.SetDocumentAs(hexPreview(msg.data), "text"), true
		}
		return m.Doc.SetDocument(string(msg.data)), true
	case doneMsg:
		m.c.Calls.End(msg.call)
		if msg.err != nil {
			return common.Fail(msg.op, msg.err), true
		}
		if msg.remember != (item{}) {
			m.found(msg.remember)
			m.remember(msg.remember)
			m.Doc.Forget() // read it again: it may have changed
		}
		return tea.Batch(common.Flash(msg.ok), m.rebuild()), true
	case fileReadMsg:
		return m.onFileRead(msg), true
	case fileio.EditedMsg:
		return m.onEdited(msg), true
	case refsMsg:
		m.onRefs(msg)
		return nil, true
	case probeMsg:
		return m.onProbe(msg), true
	case common.OpenSharedMsg:
		it := item{msg.Kind, msg.Name}
		for _, r := range m.Rows {
			if r == it {
				m.Select(it)
				return m.loadSelected(), true
			}
		}
		m.remember(it)
		return m.rebuild(), true
	case common.FreeMsg:
		return m.onFree(msg), true
	case fileio.MachinesMsg:
		return m.onMachines(msg), true
	case common.SessionStartedMsg, common.HostChangedMsg:
		m.Doc.Forget() // read the selected item again: it may have changed
		return m.Stale(&m.Loaded, m.reload), true
	}
	return nil, false
}

// handleKey acts on the pane's keys (Dispatch gave the prompt and a
// pending question theirs first).
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	km := m.c.Keys
	switch {
	case key.Matches(k, km.Global.Refresh):
		m.Doc.Forget()
		return m.reload()
	case key.Matches(k, km.Item.Open):
		m.Ask(chooseOpen, "Open a shared item by name:")
		return nil
	case key.Matches(k, km.Item.Edit):
		return m.c.Mutating("edit shared scripts", m.startEdit)
	case key.Matches(k, km.Table.Copy):
		return m.copySelected()
	case key.Matches(k, km.Item.LoadFromFile):
		return m.c.Mutating("save a shared item", func() tea.Cmd {
			m.Ask(chooseLoad, "Load a file as a shared item:")
			return nil
		})
	case key.Matches(k, km.Item.NewID):
		return m.c.Mutating("create a shared ID", func() tea.Cmd {
			return m.OpenPrompt("newid", "New shared ID, name:", "", common.ValidName(kindID))
		})
	case key.Matches(k, km.Item.SaveToFile):
		it, ok := m.Selected()
		if !ok {
			return nil
		}
		m.stash["kind"], m.stash["name"] = it.Kind, it.Name
		def := "./" + fileio.SafeName(it.Name)
		if it.Kind == kindPreset {
			def += ".xml"
		}
		return m.OpenSavePath("save-path", fmt.Sprintf("Save %s %s to file:", it.Kind, it.Name), def)
	}
	return m.Move(k, m.loadSelected)
}

// promptMsg passes msg to the open prompt and continues the flow its
// answer belongs to.
func (m *Model) promptMsg(msg tea.Msg) tea.Cmd {
	ans, cmd := m.PromptMsg(msg)
	if ans != nil {
		return m.onAnswer(*ans)
	}
	return cmd
}

func (m *Model) onChoice(k tea.KeyMsg) tea.Cmd {
	c, kind := m.Answer(k)
	if kind == "" {
		return nil // any other key, Esc included, cancels
	}
	m.stash["kind"] = kind
	if c == chooseOpen {
		cmd := m.OpenPrompt("open-name", fmt.Sprintf("Open which shared %s? Name (e.g. %s):", kind, example(kind)), "", common.ValidName(kind))
		m.Suggest(m.names(kind))
		return tea.Batch(cmd, m.suggestRefs(kind))
	}
	return m.OpenPrompt("load-path", fmt.Sprintf("Load a shared %s from file:", kind), "", prompt.NonEmptyPath)
}

func example(kind string) string {
	if kind == kindID {
		return "shared-ops.iic"
	}
	return "verify.xml"
}

// call runs f as a call the operator waits for (the shell's spinner
// shows op, Esc cancels it); f's doneMsg is stamped with the call's id.
func (m *Model) call(op string, f func(ctx context.Context, cl *gateway.Client) doneMsg) tea.Cmd {
	ctx, id := m.c.Calls.Begin(op)
	cl := m.c.Client
	return func() tea.Msg {
		msg := f(ctx, cl)
		msg.call = id
		return msg
	}
}

func (m *Model) onAnswer(a prompt.Answer) tea.Cmd {
	st := m.stash
	switch a.Purpose {
	case "open-name":
		// Opening is a read: remember the name only when the host has it.
		it := item{st["kind"], a.Value}
		return m.call("opening shared "+it.Kind+" "+it.Name, func(ctx context.Context, cl *gateway.Client) doneMsg {
			if _, err := fetch(ctx, cl, it); err != nil {
				return doneMsg{op: "open shared " + it.Kind + " " + it.Name, err: err}
			}
			return doneMsg{ok: "opened shared " + it.Kind + " " + it.Name, remember: it}
		})
	case "newid":
		// Check the name is free first: an existing one is refused
		// before the operator looks for fingerprint files.
		id := a.Value
		st["id"] = id
		return m.c.CheckFree("checking whether shared ID "+id+" exists", id,
			func(ctx context.Context, cl *gateway.Client) error { _, err := cl.SharedGetID(ctx, id); return err })
	case "newid-prints":
		return fileio.LoadMachines(a.Value)
	case "save-path":
		it, path := item{st["kind"], st["name"]}, a.Value
		return m.call("saving "+it.Kind+" "+it.Name+" to a file", func(ctx context.Context, cl *gateway.Client) doneMsg {
			op := "save " + it.Kind + " to file"
			data, err := fetch(ctx, cl, it)
			if err != nil {
				return doneMsg{op: op, err: err}
			}
			abs, err := fileio.Expand(path)
			if err == nil {
				err = fileio.WriteAtomic(abs, data, 0o600)
			}
			return doneMsg{op: op, ok: fmt.Sprintf("saved %s %s to %s", it.Kind, it.Name, abs), err: err}
		})
	case "load-path":
		// The file is read, and a script checked, before its name is
		// asked: a wrong path is said at once, where it can be fixed.
		return m.loadFromFile(item{Kind: st["kind"]}, a.Value)
	case "load-name":
		read := m.loaded
		m.loaded = nil
		if read == nil {
			return nil
		}
		read.it.Name = a.Value
		return m.onFileRead(*read)
	}
	return nil
}

// onFree asks for the new shared ID's fingerprint files once its name
// is known to be free, or asks for the name again.
func (m *Model) onFree(msg common.FreeMsg) tea.Cmd {
	if fail := m.c.EndFree(msg); fail != nil {
		return fail
	}
	if msg.Name != m.stash["id"] || m.Prompt.Active() {
		return nil // another flow started meanwhile
	}
	if msg.Exists {
		return m.Reprompt("newid", "New shared ID, name:", msg.Name, common.ValidName(kindID), "shared ID "+msg.Name+" already exists")
	}
	return m.OpenPrompt("newid-prints", fmt.Sprintf("Bind shared ID %s to fingerprint files (optional, space-separated <Machine> documents; empty binds this host):", msg.Name),
		"", nil)
}

// onMachines creates the shared ID once its fingerprint files were read,
// or asks for them again with the reason.
func (m *Model) onMachines(msg fileio.MachinesMsg) tea.Cmd {
	name := m.stash["id"]
	if msg.Err != nil {
		return m.Reprompt("newid-prints", fmt.Sprintf("Bind shared ID %s to fingerprint files (optional; empty binds this host):", name), msg.Field, nil, msg.Err.Error())
	}
	ok := "created shared ID " + name + " bound to this host"
	if len(msg.Docs) > 0 {
		ok = fmt.Sprintf("created shared ID %s bound to %s", name, common.Count(len(msg.Docs), "fingerprint"))
	}
	docs := msg.Docs
	return m.call("creating shared ID "+name, func(ctx context.Context, cl *gateway.Client) doneMsg {
		err := cl.SharedNewID(ctx, name, docs...)
		return doneMsg{op: "new shared ID", ok: ok, remember: item{kindID, name}, err: err}
	})
}

// loadFromFile reads a local file to save as the shared item it;
// fileReadMsg goes on.
func (m *Model) loadFromFile(it item, path string) tea.Cmd {
	return func() tea.Msg {
		abs, data, err := fileio.ReadItem(path, it.Kind != kindID)
		if abs == "" {
			abs = path // asked again as it was typed
		}
		return fileReadMsg{it: it, path: abs, data: data, err: err}
	}
}

// fileReadMsg is a local file read for loadFromFile.
type fileReadMsg struct {
	it   item
	path string
	data []byte
	err  error
}

// onFileRead saves the file as the shared item through the guard: what
// it replaces is shown first (sizes and digests for an ID) and read again
// right before the save (docs/protocol.md §13).
func (m *Model) onFileRead(msg fileReadMsg) tea.Cmd {
	it, data := msg.it, msg.data
	var bad string
	switch {
	case msg.err != nil:
		bad = msg.err.Error()
	case it.Kind != kindID:
		if err := common.CheckXML("the file "+msg.path, data); err != nil {
			bad = err.Error() + "; a script must be an XML document"
		}
	}
	if it.Name == "" { // read for the path prompt: ask the name, or the path again
		label := fmt.Sprintf("Load a shared %s from file:", it.Kind)
		if bad != "" {
			return m.Reprompt("load-path", label, msg.path, prompt.NonEmptyPath, bad)
		}
		m.loaded = &msg
		cmd := m.OpenPrompt("load-name", fmt.Sprintf("Save it as the shared %s named:", it.Kind),
			filepath.Base(msg.path), common.ValidName(it.Kind))
		m.Suggest(m.names(it.Kind))
		return cmd
	}
	if bad != "" {
		return common.FlashError(bad)
	}
	ok := fmt.Sprintf("saved %s as shared %s %s", msg.path, it.Kind, it.Name)
	return pane.Save(m.c, &pane.Guard{
		What: "shared " + it.Kind + " " + it.Name, FromHost: true, Mine: data, Binary: it.Kind == kindID,
		Note: "Every configuration whose tasks name it gets the new one.",
		Get:  func(ctx context.Context, cl *gateway.Client) ([]byte, error) { return fetch(ctx, cl, it) },
		Put: func(ctx context.Context, cl *gateway.Client) error {
			if it.Kind == kindID {
				return cl.SharedSaveID(ctx, it.Name, data)
			}
			return cl.SharedSaveScript(ctx, it.Name, string(data))
		},
		Keep: func(reason string) tea.Cmd {
			return common.Flash("shared " + it.Kind + " " + it.Name + " not saved: " + reason)
		},
		Done: func(err error) tea.Msg {
			return doneMsg{op: "load shared " + it.Kind + " from file", ok: ok, remember: it, err: err}
		},
	})
}
