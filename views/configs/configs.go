// Package configs is the Configurations pane: the host's configurations
// with the active one marked and each one's status, the selected one's
// tasks document highlighted, and the actions on them (create, delete,
// activate, edit the tasks in $EDITOR, new ID, IDs and scripts to and from
// local files).
package configs

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
	"dpconsole/views/pane"
	"dpconsole/widgets/picker"
	"dpconsole/widgets/prompt"
	"dpconsole/widgets/rowdoc"
)

// row is one configuration as listed.
type row struct {
	Name   string
	Status gateway.ConfigStatus
	Err    string // why its status could not be read
}

// The "which kind?" questions after s or l.
const (
	chooseSave pane.Choice = iota + 1
	chooseLoad
)

// Model is the Configurations pane.
type Model struct {
	pane.List[string] // the configurations by name, the selected one's tasks
	c                 *common.Common
	keys              keys

	rows   []row
	active string
	agent  string // the agent's state, "" when unknown

	// The list refreshes itself every Common.TaskRefresh while shown: a
	// tick carries the generation it was armed in, and Deactivate bumps
	// it so ticks of a hidden pane die out.
	gen       uint64
	cancelled bool // the operator cancelled the list fetch: no refresh until r
	// noTasks is whether the shown tasks document has no task: parsed once
	// when it arrives, as View runs after every message.
	noTasks bool
	hung    time.Duration // the list fetch in flight has had no answer this long

	stash   map[string]string   // values of a multi-step prompt
	retry   *pane.Draft         // the refused draft open again in the editor
	editing string              // the configuration open in the editor
	base    string              // the host's tasks when the editor opened on them
	used    map[string][]string // ID and script names used this session, by kind
	fetched []byte              // an ID or script read for saving to a file
	script  *scriptEdit         // the script open in the editor (scripts.go)
	// scriptOf tells the drafts of scripts from those of tasks.
	scriptOf map[*pane.Draft]*scriptEdit
	// pendingEdit is a configuration whose tasks open in the editor once
	// read (another pane asked, EditTasksMsg).
	pendingEdit string
	// selectNext is a configuration to select once the list is read
	// again (one just created).
	selectNext string
}

// New builds the pane.
func New(c *common.Common) *Model {
	m := &Model{c: c, keys: newKeys(c.Keys), stash: map[string]string{}, used: map[string][]string{},
		scriptOf: map[*pane.Draft]*scriptEdit{},
		List: pane.NewList[string](c,
			picker.Column{Title: "", Width: 1},
			picker.Column{Title: "Configuration", Width: 16, Flex: true},
			picker.Column{Title: "Status", Width: 8},
			picker.Column{Title: "Tasks", Width: 7})}
	m.Relayout, m.Reedit, m.LoadSelected, m.Open = m.Layout, m.reedit, m.loadDoc, m.openTasks
	m.Discarded = "edit discarded; the host keeps the tasks it had"
	m.Hooks = pane.Hooks{Msg: m.onMsg, Key: m.handleKey, Prompt: m.promptMsg, Choice: m.onChoice, Rest: m.Doc.Update}
	return m
}

// Init loads the list.
func (m *Model) Init() tea.Cmd { return m.reload(reloadWait) }

// Title names the pane.
func (m *Model) Title() string { return "Configurations" }

// Selected returns the selected configuration's name, or "".
func (m *Model) Selected() string {
	name, _ := m.List.Selected()
	return name
}

// reedit opens the editor on a refused draft again.
func (m *Model) reedit(d *pane.Draft) tea.Cmd {
	if cmd, ok := m.reeditScript(d); ok {
		return cmd
	}
	m.retry = d
	return m.edit(d.For, d.Data)
}

// Update handles keys and replies.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) { return m, m.Dispatch(msg) }

// onMsg takes the pane's own replies.
func (m *Model) onMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case listMsg:
		return m.onList(msg), true
	case tickMsg:
		if msg.gen != m.gen || m.Hidden || m.Load.InFlight() {
			return nil, true // stale, hidden, or a fetch is on its way (its reply re-arms)
		}
		return m.reload(reloadRefresh), true
	case startMsg:
		return m.runUsed(msg.op, msg.ok, msg.reload, msg.used, msg.f), true
	case rowdoc.Loaded[string]:
		cmd := m.Doc.Answer(msg, "read tasks")
		text := m.Doc.Document()
		m.noTasks = strings.TrimSpace(text) == "" || isEmptyTasks(text)
		return tea.Batch(cmd, m.editPending()), true
	case common.EditTasksMsg:
		return m.editTasksOf(msg.Config), true
	case common.EditScriptMsg:
		m.Select(msg.Config)
		return m.c.Mutating("edit scripts", func() tea.Cmd {
			m.stash["config"] = msg.Config
			return m.readScript(msg.Config, msg.Name)
		}), true
	case doneMsg:
		return m.onDone(msg), true
	case editReadyMsg:
		return m.onEditReady(msg), true
	case validatedMsg:
		return m.onValidated(msg), true
	case fileReadMsg:
		return m.onFileRead(msg), true
	case fileio.EditedMsg:
		if m.script != nil {
			return m.onScriptEdited(msg), true
		}
		return m.onEdited(msg), true
	case scriptReadMsg:
		return m.onScriptRead(msg), true
	case common.ConfigSelectedMsg:
		m.Select(msg.Config)
		return nil, true
	case common.HungCheck:
		var next tea.Cmd
		m.hung, next = m.Load.Hung(msg, common.HungAfter(m.interval()))
		return next, true
	case fetchedMsg:
		return m.onFetched(msg), true
	case verifiedMsg:
		m.onVerified(msg)
		return nil, true
	case common.ExistsMsg:
		return m.c.OnExists(msg), true
	case common.FreeMsg:
		return m.onFree(msg), true
	case fileio.MachinesMsg:
		return m.onMachines(msg), true
	case fileio.SavedMsg:
		return pane.Saved(msg, "the "+m.stash["kind"]), true
	case common.SessionStartedMsg:
		return m.reload(reloadQuiet), true
	case common.HostChangedMsg:
		// Changed from the palette: read the list and the document again
		// now, or when the pane is shown next.
		m.Doc.Forget()
		if m.Hidden {
			return nil, true
		}
		return m.reload(reloadQuiet), true
	}
	return nil, false
}

// openTasks shows the selected configuration's tasks (Enter, or a click
// on the selected row).
func (m *Model) openTasks() tea.Cmd {
	name := m.Selected()
	if name == "" {
		return nil
	}
	return tea.Batch(
		func() tea.Msg { return common.ConfigSelectedMsg{Config: name} },
		func() tea.Msg { return common.OpenTasksMsg{Config: name} })
}

// handleKey acts on the pane's keys (Dispatch gave the prompt, a pending
// question and a kept draft theirs first).
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	km := m.c.Keys
	name := m.Selected()
	switch {
	case key.Matches(k, km.Global.Refresh):
		return m.reload(reloadWait)
	case key.Matches(k, km.Nav.Enter):
		return m.openTasks()
	case key.Matches(k, km.Item.New):
		return m.c.Mutating("create a configuration", func() tea.Cmd {
			return m.OpenPrompt("create", "New configuration name:", "", common.ValidName("configuration"))
		})
	case key.Matches(k, km.Item.Delete):
		return m.c.Mutating("delete a configuration", func() tea.Cmd { return m.confirmDelete(name) })
	case key.Matches(k, km.Config.Activate):
		return m.c.Mutating("activate a configuration", func() tea.Cmd { return m.confirmActivate(name) })
	case key.Matches(k, km.Item.Edit):
		return m.c.Mutating("edit tasks", func() tea.Cmd { return m.startEdit(name) })
	case key.Matches(k, km.Table.Copy):
		if name == "" {
			return nil
		}
		return m.c.Copy("the name "+name, []byte(name))
	case key.Matches(k, km.Config.Script):
		return m.c.Mutating("edit scripts", func() tea.Cmd { return m.askScript(name) })
	case key.Matches(k, km.Config.Validate):
		return m.validate(name)
	case key.Matches(k, km.Config.ViewTasks):
		return m.loadDoc()
	case key.Matches(k, km.Item.NewID):
		return m.c.Mutating("create an ID", func() tea.Cmd {
			if name == "" {
				return nil
			}
			m.stash["config"] = name
			return m.OpenPrompt("newid", fmt.Sprintf("New ID in %s, name:", name), "", common.ValidName("ID"))
		})
	case key.Matches(k, km.Item.SaveToFile):
		if name != "" {
			// The flow acts on the configuration selected now, whatever
			// a refresh does to the list meanwhile.
			m.stash["config"] = name
			m.Ask(chooseSave, "Save from "+name+" to a file:")
		}
		return nil
	case key.Matches(k, km.Item.LoadFromFile):
		if name != "" {
			return m.c.Mutating("load a file into the configuration", func() tea.Cmd {
				m.stash["config"] = name
				m.Ask(chooseLoad, "Load a file into "+name+":")
				return nil
			})
		}
		return nil
	}
	if name != "" && m.Loaded {
		return m.Move(k, m.loadDoc)
	}
	return nil
}

func (m *Model) onChoice(k tea.KeyMsg) tea.Cmd {
	c, kind := m.Answer(k)
	if kind == "" {
		return nil // any other key (Esc included) cancels
	}
	config := m.stash["config"]
	m.stash["kind"] = kind
	if c == chooseSave {
		cmd := m.OpenPrompt("save-name", fmt.Sprintf("Save which %s of %s to a file? Name:", kind, config), "", common.ValidName(kind))
		return tea.Batch(cmd, m.suggest(config, kind))
	}
	return m.OpenPrompt("load-path", fmt.Sprintf("Load %s into %s from file:", article(kind), config), "", prompt.NonEmptyPath)
}

// article words a kind with its indefinite article.
func article(kind string) string {
	if kind == "ID" {
		return "an ID"
	}
	return "a " + kind
}

// View renders the pane.
func (m *Model) View() string {
	s := m.c.Styles
	title := s.Title.Render(fmt.Sprintf("Configurations (%s)", m.CountText()))
	if m.active != "" {
		title += s.Muted.Render("  active: ") + sanitize.SanitizeLine(m.active)
	}
	if m.agent != "" {
		title += s.Muted.Render("  agent: ") + s.StatusStyle(m.agent).Render(sanitize.SanitizeLine(m.agent))
	}
	if m.cancelled && m.Loaded {
		title += "  " + s.Warning.Render("refresh cancelled — r refreshes")
	}
	if m.hung > 0 && m.Loaded {
		title += "  " + s.StatusBad.Render(fmt.Sprintf("last known — no answer for %s", m.hung.Truncate(time.Second)))
	}
	listErr := m.ListErr
	if m.cancelled {
		listErr = context.Canceled
	}
	heading := "── tasks of " + m.Selected() + " "
	if m.Picker.Len() == 0 {
		heading = "" // no row selected (the filter line says none matches): a plain rule
	}
	return m.ListView(title, common.ListStatus(s, m.Loaded, listErr, "configurations", "loading configurations…"),
		"no configurations yet — press n to create one",
		heading,
		m.DocBody(pane.DocWords{Loading: "loading tasks…", Cancelled: "loading cancelled — press t to load the tasks",
			Failed: "cannot read the tasks", Empty: "no tasks yet — e edits the tasks document"},
			m.noTasks))
}

// ShortHelp lists the keys for the footer.
func (m *Model) ShortHelp() []key.Binding {
	km := m.c.Keys
	return m.List.ShortHelp(km.Nav.Enter, km.Item.New, km.Item.Delete, km.Config.Activate, km.Item.Edit, km.Item.NewID)
}

// FullHelp lists every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.c.Keys
	return [][]key.Binding{
		{m.keys.ListUp, m.keys.ListDown, km.Nav.Enter, km.Global.Refresh},
		{m.keys.DocPageUp, m.keys.DocPageDown, km.Config.ViewTasks},
		{km.Item.New, km.Item.Delete, km.Config.Activate, km.Item.Edit, km.Config.Validate},
		{km.Item.NewID, km.Item.SaveToFile, km.Item.LoadFromFile},
		{keymap.Relabel(km.Config.Script, "edit a script (by name)"), km.Table.Filter, keymap.Relabel(km.Table.Copy, "copy the name")},
	}
}

// CaptureHelp lists the keys of the open prompt or question for the
// footer (its suggestions, or y/N before overwriting a file).
func (m *Model) CaptureHelp() []key.Binding { return m.ShortHelp() }
