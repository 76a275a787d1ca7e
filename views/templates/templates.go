// Package templates is the Templates pane: the host's task templates, the
// selected one highlighted, and new or changed templates saved from
// $EDITOR or a local file after they validate.
package templates

import (
	"dpconsole/text/sanitize"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/fileio"
	"dpconsole/keymap"
	"dpconsole/views/common"
	"dpconsole/widgets/picker"
	"dpconsole/widgets/prompt"
	"dpconsole/widgets/rowdoc"
)

// invalidEdit keeps a template that did not validate or that the host
// refused, so it can be edited again instead of lost.
type invalidEdit struct {
	Data   []byte
	Reason string
	Origin string // the template it was opened from, "" for a new one
}

// Model is the Templates pane.
type Model struct {
	c *common.Common

	names    []string
	loaded   bool
	listErr  error
	listLoad common.Load
	hidden   bool // another pane is shown
	list     picker.Model
	want     string // the template to select after the next list

	doc rowdoc.Model[string] // the selected template

	prompt  prompt.Model
	invalid *invalidEdit
	retry   *invalidEdit // the refused template open again in $EDITOR
	saving  string       // the template being saved to a file
	origin  string       // the template open in $EDITOR, "" for a new one
	naming  string       // a new template's name being checked before the editor opens

	width, height int
}

// New builds the pane.
func New(c *common.Common) *Model {
	return &Model{c: c, prompt: prompt.ForConsole(c.Styles, c.Keys.Form), listLoad: common.NewLoad(c.Calls),
		doc: rowdoc.New[string](c),
		list: picker.New(c.Styles, picker.KeysFrom(c.Keys.Nav, false),
			picker.Column{Title: "Template", Width: 20, Flex: true})}
}

// Init lists the templates.
func (m *Model) Init() tea.Cmd { return m.reload() }

// Activate loads what a hidden pane did not: the list, or the selected
// template.
func (m *Model) Activate() tea.Cmd {
	m.hidden = false
	if m.listLoad.InFlight() || m.doc.InFlight() {
		return nil
	}
	if !m.loaded {
		return m.reload()
	}
	return m.loadDoc()
}

// Deactivate cancels the loads in flight while the pane is hidden;
// Activate loads again. Saves the operator started go on.
func (m *Model) Deactivate() {
	m.hidden = true
	m.listLoad.Cancel()
	m.doc.Cancel()
}

// Title names the pane.
func (m *Model) Title() string { return "Templates" }

// Capturing reports that the path prompt has the keys.
func (m *Model) Capturing() bool { return m.prompt.Active() }

// ConsumesEsc reports that Esc discards a refused template here rather
// than going back.
func (m *Model) ConsumesEsc() bool { return m.invalid != nil }

// SetSize lays the list above the document.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.prompt.SetWidth(width)
	m.layout()
}

func (m *Model) layout() {
	bottom := 0
	switch {
	case m.prompt.Active():
		bottom = lipgloss.Height(m.prompt.View())
	case m.invalid != nil:
		bottom = len(m.invalidLines()) + 1
	}
	listH, docH := common.SplitListDoc(m.height, len(m.names), bottom)
	m.list.SetSize(m.width, listH)
	m.doc.SetSize(m.width, docH)
}

func (m *Model) selected() string {
	if i := m.list.Cursor(); i >= 0 && i < len(m.names) {
		return m.names[i]
	}
	return ""
}

// Update handles keys and replies.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case listMsg:
		if !m.listLoad.Owns(msg.call) {
			return m, nil
		}
		if msg.err != nil {
			m.listErr = msg.err
			return m, common.FailSession("list templates", msg.err)
		}
		return m, m.setNames(msg.names)
	case docMsg:
		if !m.doc.Reply(msg.call, msg.name, msg.err) {
			return m, nil
		}
		if msg.err != nil {
			return m, common.FailSession("read template", msg.err)
		}
		return m, m.doc.SetDocument(msg.text)
	case doneMsg:
		return m, m.onDone(msg)
	case startMsg:
		return m, m.send(msg)
	case common.FreeMsg:
		return m, m.onFree(msg)
	case common.ExistsMsg:
		return m, m.c.OnExists(msg)
	case fileio.EditedMsg:
		return m, m.onEdited(msg)
	case fileio.LoadedMsg:
		return m, m.onLoaded(msg)
	case fileio.SavedMsg:
		if msg.Err != nil {
			return m, common.FlashError(msg.Err.Error())
		}
		return m, common.Flash(fmt.Sprintf("saved the template to %s", msg.Path))
	case common.SessionStartedMsg, common.HostChangedMsg:
		if m.hidden {
			m.loaded = false // Activate loads afresh
			return m, nil
		}
		return m, m.reload()
	}
	if m.prompt.Active() {
		return m, m.promptMsg(msg)
	}
	return m, m.doc.Update(msg)
}

func (m *Model) setNames(names []string) tea.Cmd {
	before := m.selected()
	if m.want != "" {
		before, m.want = m.want, ""
	}
	m.loaded, m.listErr, m.names = true, nil, names
	rows := make([]table.Row, len(names))
	for i, n := range names {
		rows[i] = table.Row{sanitize.SanitizeLine(n)}
	}
	m.list.SetRows(rows)
	for i, n := range names {
		if n == before {
			m.list.SetCursor(i)
		}
	}
	m.layout()
	m.doc.Forget() // read the selected one again: it may have changed
	return m.loadDoc()
}

// View renders the pane.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(fmt.Sprintf("Task templates (%d)", len(m.names))) + "\n")
	switch status := common.ListStatus(s, m.loaded, m.listErr, "the templates", "loading templates…"); {
	case status != "":
		b.WriteString(status)
	case len(m.names) == 0:
		b.WriteString(s.Empty.Render("no templates yet — press n to write one or l to load one from a file"))
	default:
		name := m.selected()
		b.WriteString(m.list.View() + "\n")
		b.WriteString(common.Heading(s, "── template "+name+" ", m.width) + "\n")
		switch {
		case m.doc.For != name && m.doc.Loading:
			b.WriteString(s.Empty.Render("loading…"))
		case m.doc.For == name && common.IsCancelled(m.doc.Err):
			b.WriteString(s.Empty.Render("loading cancelled — press r to try again"))
		case m.doc.For == name && m.doc.Err != nil:
			b.WriteString(s.Error.Render("cannot read the template: " + m.doc.Err.Error()))
		default:
			b.WriteString(m.doc.View())
		}
	}
	switch {
	case m.prompt.Active():
		b.WriteString("\n" + m.prompt.View())
	case m.invalid != nil:
		for _, l := range m.invalidLines() {
			b.WriteString("\n" + s.Error.Render(l))
		}
		b.WriteString("\n" + s.Muted.Render("e edit again · esc discard"))
	}
	return b.String()
}

// invalidLines words why the template was not saved, wrapped to the
// pane's width so the whole reason can be read.
func (m *Model) invalidLines() []string {
	return common.Wrap(sanitize.Sanitize("template not saved: "+m.invalid.Reason), m.width, common.ReasonLines)
}

// ShortHelp lists the keys for the footer.
func (m *Model) ShortHelp() []key.Binding {
	km := m.c.Keys
	switch {
	case m.prompt.Active():
		return m.prompt.Help()
	case m.invalid != nil:
		return []key.Binding{km.Item.Edit, km.Nav.Back}
	}
	return []key.Binding{km.Item.New, km.Item.Edit, km.Item.LoadFromFile, km.Item.SaveToFile, km.Global.Refresh}
}

// FullHelp lists every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.c.Keys
	return [][]key.Binding{
		{keymap.Relabel(km.Nav.Up, "previous template"), keymap.Relabel(km.Nav.Down, "next template"), km.Global.Refresh},
		{keymap.Relabel(km.Nav.PageUp, "scroll template up"), keymap.Relabel(km.Nav.PageDown, "scroll template down")},
		{keymap.Relabel(km.Item.New, "new template (asks its name)"),
			keymap.Relabel(km.Item.Edit, "edit (same name: replaced without asking; another existing name asks)"),
			keymap.Relabel(km.Item.LoadFromFile, "load from file (asks before replacing)"), km.Item.SaveToFile},
	}
}

// CaptureHelp lists the keys of the open prompt or question for the
// footer (its suggestions, or y/N before overwriting a file).
func (m *Model) CaptureHelp() []key.Binding { return m.ShortHelp() }
