// Package configs is the Configurations pane: the host's configurations
// with the active one marked and each one's status, the selected one's
// tasks document highlighted, and the actions on them (create, delete,
// activate, edit the tasks in $EDITOR, new ID, IDs and scripts to and from
// local files).
package configs

import (
	"context"
	"dpconsole/text/sanitize"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/views/common"
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

// invalidEdit holds tasks the operator edited that did not validate or
// that the host refused, so they can be edited again instead of lost.
type invalidEdit struct {
	Config string
	Data   []byte
	Reason string
}

// choice is a pending "which kind?" question after s or l.
type choice int

const (
	noChoice choice = iota
	chooseSave
	chooseLoad
)

// Model is the Configurations pane.
type Model struct {
	c    *common.Common
	keys keys

	list    picker.Model
	rows    []row
	active  string
	agent   string // the agent's state, "" when unknown
	loaded  bool
	listErr error

	// The list refreshes itself every Common.TaskRefresh while shown: a
	// tick carries the generation it was armed in, and Deactivate bumps
	// it so ticks of a hidden pane die out.
	listLoad  common.Load // the list fetch in flight
	gen       uint64
	shown     bool
	cancelled bool // the operator cancelled the list fetch: no refresh until r

	doc rowdoc.Model[string] // the selected configuration's tasks

	prompt  prompt.Model
	stash   map[string]string // values of a multi-step prompt
	choice  choice
	invalid *invalidEdit
	retry   *invalidEdit        // the refused draft open again in $EDITOR
	editing string              // the configuration open in $EDITOR
	used    map[string][]string // ID and script names used this session, by kind
	fetched []byte              // an ID or script read for saving to a file
	// selectNext is a configuration to select once the list is read
	// again (one just created).
	selectNext string

	width, height int
}

// New builds the pane.
func New(c *common.Common) *Model {
	return &Model{c: c, keys: newKeys(c.Keys), prompt: prompt.ForConsole(c.Styles, c.Keys.Form),
		stash: map[string]string{}, shown: true, used: map[string][]string{},
		listLoad: common.NewLoad(c.Calls), doc: rowdoc.New[string](c),
		list: picker.New(c.Styles, picker.KeysFrom(c.Keys.Nav, false),
			picker.Column{Title: "", Width: 1},
			picker.Column{Title: "Configuration", Width: 16, Flex: true},
			picker.Column{Title: "Status", Width: 8},
			picker.Column{Title: "Tasks", Width: 7})}
}

// Init loads the list.
func (m *Model) Init() tea.Cmd { return m.reload(reloadWait) }

// ConsumesEsc reports that Esc discards a refused edit here rather than
// going back.
func (m *Model) ConsumesEsc() bool { return m.invalid != nil }

// Title names the pane.
func (m *Model) Title() string { return "Configurations" }

// Capturing reports that a prompt has the keys.
func (m *Model) Capturing() bool { return m.prompt.Active() || m.choice != noChoice }

// Selected returns the selected configuration's name, or "".
func (m *Model) Selected() string {
	if i := m.list.Cursor(); i >= 0 && i < len(m.rows) {
		return m.rows[i].Name
	}
	return ""
}

// SetSize lays the list above the document.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.prompt.SetWidth(width)
	m.layout()
}

func (m *Model) layout() {
	listH, docH := common.SplitListDoc(m.height, len(m.rows), m.bottomHeight())
	m.list.SetSize(m.width, listH)
	m.doc.SetSize(m.width, docH)
}

func (m *Model) bottomHeight() int {
	if v := m.prompt.View(); v != "" {
		return lipgloss.Height(v)
	}
	if m.invalid != nil {
		return len(m.invalidLines()) + 1
	}
	if m.choice != noChoice {
		return 1
	}
	return 0
}

// Update handles keys and replies.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case listMsg:
		return m, m.onList(msg)
	case tickMsg:
		if msg.gen != m.gen || !m.shown || m.listLoad.InFlight() {
			return m, nil // stale, hidden, or a fetch is on its way (its reply re-arms)
		}
		return m, m.reload(reloadRefresh)
	case startMsg:
		return m, m.runUsed(msg.op, msg.ok, msg.reload, msg.used, msg.f)
	case docMsg:
		if !m.doc.Reply(msg.call, msg.config, msg.err) {
			return m, nil
		}
		if msg.err != nil {
			return m, common.FailSession("read tasks", msg.err)
		}
		return m, m.doc.SetDocument(msg.text)
	case doneMsg:
		return m, m.onDone(msg)
	case fileio.EditedMsg:
		return m, m.onEdited(msg)
	case common.ConfigSelectedMsg:
		m.selectName(msg.Config)
		return m, nil
	case fetchedMsg:
		return m, m.onFetched(msg)
	case verifiedMsg:
		m.onVerified(msg)
		return m, nil
	case common.ExistsMsg:
		return m, m.c.OnExists(msg)
	case common.FreeMsg:
		return m, m.onFree(msg)
	case fileio.MachinesMsg:
		return m, m.onMachines(msg)
	case fileio.SavedMsg:
		if msg.Err != nil {
			return m, common.FlashError(msg.Err.Error())
		}
		return m, common.Flash(fmt.Sprintf("saved %s (%d bytes)", msg.Path, msg.Bytes))
	case common.SessionStartedMsg:
		return m, m.reload(reloadQuiet)
	case common.HostChangedMsg:
		// Changed from the palette: read the list and the document again
		// now, or when the pane is shown next.
		m.doc.Forget()
		if !m.shown {
			return m, nil
		}
		return m, m.reload(reloadQuiet)
	}
	if m.prompt.Active() {
		return m, m.promptMsg(msg)
	}
	return m, m.doc.Update(msg)
}

func (m *Model) selectName(name string) {
	for i, r := range m.rows {
		if r.Name == name {
			m.list.SetCursor(i)
			return
		}
	}
}

// handleKey routes a key to the open prompt, a pending choice, the
// invalid-edit question, or the pane's actions.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	km := m.c.Keys
	if m.prompt.Active() {
		return m.promptMsg(k)
	}
	if m.choice != noChoice {
		return m.onChoice(k)
	}
	if m.invalid != nil {
		switch {
		case key.Matches(k, km.Item.Edit):
			inv := m.invalid
			m.invalid, m.retry = nil, inv
			m.layout()
			return m.edit(inv.Config, inv.Data)
		case key.Matches(k, km.Nav.Back):
			m.invalid = nil
			m.layout()
			return common.Flash("edit discarded; the host keeps the tasks it had")
		}
	}
	name := m.Selected()
	switch {
	case key.Matches(k, km.Global.Refresh):
		return m.reload(reloadWait)
	case key.Matches(k, km.Nav.Enter):
		if name == "" {
			return nil
		}
		return tea.Batch(
			func() tea.Msg { return common.ConfigSelectedMsg{Config: name} },
			func() tea.Msg { return common.OpenTasksMsg{Config: name} })
	case key.Matches(k, km.Item.New):
		return m.c.Mutating("create a configuration", func() tea.Cmd {
			return m.prompt.Open("create", "New configuration name:", "", common.ValidName("configuration"))
		})
	case key.Matches(k, km.Item.Delete):
		return m.c.Mutating("delete a configuration", func() tea.Cmd { return m.confirmDelete(name) })
	case key.Matches(k, km.Config.Activate):
		return m.c.Mutating("activate a configuration", func() tea.Cmd { return m.confirmActivate(name) })
	case key.Matches(k, km.Item.Edit):
		return m.c.Mutating("edit tasks", func() tea.Cmd { return m.startEdit(name) })
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
			return m.openPrompt("newid", fmt.Sprintf("New ID in %s, name:", name), "", common.ValidName("ID"))
		})
	case key.Matches(k, km.Item.SaveToFile):
		if name != "" {
			// The flow acts on the configuration selected now, whatever
			// a refresh does to the list meanwhile.
			m.choice, m.stash["config"] = chooseSave, name
			m.layout()
		}
		return nil
	case key.Matches(k, km.Item.LoadFromFile):
		if name != "" {
			return m.c.Mutating("load a file into the configuration", func() tea.Cmd {
				m.choice, m.stash["config"] = chooseLoad, name
				m.layout()
				return nil
			})
		}
		return nil
	}
	if name != "" && m.loaded {
		before := m.list.Cursor()
		cmd := m.list.Update(k)
		if m.list.Cursor() != before {
			return tea.Batch(cmd, m.loadDoc())
		}
		return tea.Batch(cmd, m.doc.Update(k))
	}
	return nil
}

func (m *Model) openPrompt(purpose, label, value string, validate func(string) error) tea.Cmd {
	cmd := m.prompt.Open(purpose, label, value, validate)
	m.layout()
	return cmd
}

func (m *Model) onChoice(k tea.KeyMsg) tea.Cmd {
	c := m.choice
	m.choice = noChoice
	m.layout()
	kind := m.c.Keys.Choose.Kind(k)
	if kind == "" {
		return nil // any other key (Esc included) cancels
	}
	config := m.stash["config"]
	m.stash["kind"] = kind
	if c == chooseSave {
		cmd := m.openPrompt("save-name", fmt.Sprintf("Save which %s of %s to a file? Name:", kind, config), "", common.ValidName(kind))
		return tea.Batch(cmd, m.suggest(config, kind))
	}
	return m.openPrompt("load-path", fmt.Sprintf("Load %s into %s from file:", article(kind), config), "", prompt.NonEmptyPath)
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
	var b strings.Builder
	title := s.Title.Render(fmt.Sprintf("Configurations (%d)", len(m.rows)))
	if m.active != "" {
		title += s.Muted.Render("  active: ") + m.active
	}
	if m.agent != "" {
		title += s.Muted.Render("  agent: ") + s.StatusStyle(m.agent).Render(m.agent)
	}
	if m.cancelled && m.loaded {
		title += "  " + s.Warning.Render("refresh cancelled — r refreshes")
	}
	b.WriteString(title + "\n")
	listErr := m.listErr
	if m.cancelled {
		listErr = context.Canceled
	}
	switch status := common.ListStatus(s, m.loaded, listErr, "configurations", "loading configurations…"); {
	case status != "":
		b.WriteString(status)
	case len(m.rows) == 0:
		b.WriteString(s.Empty.Render("no configurations yet — press n to create one"))
	default:
		b.WriteString(m.list.View() + "\n")
		b.WriteString(m.docHeading() + "\n")
		b.WriteString(m.docBody())
	}
	if bottom := m.bottomView(); bottom != "" {
		b.WriteString("\n" + bottom)
	}
	return b.String()
}

func (m *Model) docHeading() string {
	return common.Heading(m.c.Styles, "── tasks of "+m.Selected()+" ", m.width)
}

func (m *Model) docBody() string {
	s := m.c.Styles
	name := m.Selected()
	switch {
	case m.doc.For != name && m.doc.Loading:
		return s.Empty.Render("loading tasks…")
	case m.doc.For == name && common.IsCancelled(m.doc.Err):
		return s.Empty.Render("loading cancelled — press t to load the tasks")
	case m.doc.For == name && m.doc.Err != nil:
		lines := common.Wrap(sanitize.Sanitize("cannot read the tasks: "+m.doc.Err.Error()), m.width, common.ReasonLines)
		for i, l := range lines {
			lines[i] = s.Error.Render(l)
		}
		return strings.Join(lines, "\n")
	case m.doc.For == name && (strings.TrimSpace(m.doc.Document()) == "" || isEmptyTasks(m.doc.Document())):
		return s.Empty.Render("no tasks yet — e edits the tasks document")
	}
	return m.doc.View()
}

func (m *Model) bottomView() string {
	s := m.c.Styles
	switch {
	case m.prompt.Active():
		return m.prompt.View()
	case m.choice == chooseSave:
		return s.InputLabel.Render("Save from " + m.stash["config"] + " to a file: " + common.ChooseHint(m.c.Keys))
	case m.choice == chooseLoad:
		return s.InputLabel.Render("Load a file into " + m.stash["config"] + ": " + common.ChooseHint(m.c.Keys))
	case m.invalid != nil:
		lines := m.invalidLines()
		for i, l := range lines {
			lines[i] = s.Error.Render(l)
		}
		return strings.Join(lines, "\n") + "\n" + s.Muted.Render("e edit again · esc discard the edit")
	}
	return ""
}

// invalidLines words why the edited tasks were not saved, wrapped to the
// pane's width so the whole reason can be read.
func (m *Model) invalidLines() []string {
	text := fmt.Sprintf("tasks of %s not saved: %s", m.invalid.Config, m.invalid.Reason)
	return common.Wrap(sanitize.Sanitize(text), m.width, common.ReasonLines)
}

// ShortHelp lists the keys for the footer.
func (m *Model) ShortHelp() []key.Binding {
	km := m.c.Keys
	if m.prompt.Active() {
		return m.prompt.Help()
	}
	if m.choice != noChoice {
		return []key.Binding{km.Choose.ID, km.Choose.Script, km.Form.Cancel}
	}
	if m.invalid != nil {
		return []key.Binding{km.Item.Edit, km.Nav.Back}
	}
	return []key.Binding{km.Nav.Enter, km.Item.New, km.Item.Delete, km.Config.Activate, km.Item.Edit, km.Item.NewID}
}

// FullHelp lists every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.c.Keys
	return [][]key.Binding{
		{m.keys.ListUp, m.keys.ListDown, km.Nav.Enter, km.Global.Refresh},
		{m.keys.DocPageUp, m.keys.DocPageDown, km.Config.ViewTasks},
		{km.Item.New, km.Item.Delete, km.Config.Activate, km.Item.Edit, km.Config.Validate},
		{km.Item.NewID, km.Item.SaveToFile, km.Item.LoadFromFile},
	}
}

// CaptureHelp lists the keys of the open prompt or question for the
// footer (its suggestions, or y/N before overwriting a file).
func (m *Model) CaptureHelp() []key.Binding { return m.ShortHelp() }
