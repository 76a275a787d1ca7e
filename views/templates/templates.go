// Package templates is the Templates pane: the host's task templates, the
// selected one highlighted, and new or changed templates saved from
// $EDITOR or a local file after they validate.
package templates

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/views/common"
	"dpconsole/views/doc"
	"dpconsole/views/fileio"
	"dpconsole/views/highlight"
	"dpconsole/views/picker"
	"dpconsole/views/prompt"
)

// invalidEdit keeps a template that did not validate or that the host
// refused, so it can be edited again instead of lost.
type invalidEdit struct {
	Data   []byte
	Reason string
}

// Model is the Templates pane.
type Model struct {
	c *common.Common

	names    []string
	loaded   bool
	listErr  error
	listSeq  common.Seq
	listCall uint64
	hidden   bool // another pane is shown
	list     picker.Model
	want     string // the template to select after the next list

	doc     doc.Model
	docFor  string
	docErr  error
	docSeq  common.Seq
	docCall uint64
	loading bool

	prompt  prompt.Model
	invalid *invalidEdit
	retry   *invalidEdit // the refused template open again in $EDITOR
	saving  string       // the template being saved to a file

	width, height int
}

// New builds the pane.
func New(c *common.Common) *Model {
	m := &Model{c: c, prompt: prompt.New()}
	m.list = picker.New(c.Styles, picker.KeysFrom(c.Keys.Nav, false),
		picker.Column{Title: "Template", Width: 20, Flex: true})
	m.doc = doc.New(highlight.ForStyles(c.Styles), "xml", doc.KeysFrom(c.Keys.Nav, false))
	m.prompt.SetStyles(c.Styles)
	m.prompt.Keys = prompt.Keys{Submit: c.Keys.Form.Submit, Cancel: c.Keys.Form.Cancel}
	return m
}

// Init lists the templates.
func (m *Model) Init() tea.Cmd { return m.reload() }

// Activate loads what a hidden pane did not: the list, or the selected
// template.
func (m *Model) Activate() tea.Cmd {
	m.hidden = false
	if m.listCall != 0 || m.docCall != 0 {
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
	if m.listCall != 0 {
		m.c.Calls.Cancel(m.listCall)
		m.listCall = 0
		m.listSeq.Next()
	}
	if m.docCall != 0 {
		m.c.Calls.Cancel(m.docCall)
		m.docCall = 0
		m.docSeq.Next()
		m.loading = false
	}
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
	listH := min(len(m.names), max(3, m.height/3)) + 1
	m.list.SetSize(m.width, listH)
	bottom := 0
	switch {
	case m.prompt.Active():
		bottom = lipgloss.Height(m.prompt.View())
	case m.invalid != nil:
		bottom = len(m.invalidLines()) + 1
	}
	m.doc.SetSize(m.width, max(0, m.height-listH-3-bottom))
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
		m.c.Calls.End(msg.call)
		if !m.listSeq.Latest(msg.seq) {
			return m, nil
		}
		m.listCall = 0
		if msg.err != nil {
			m.listErr = msg.err
			if common.IsSessionError(msg.err) {
				return m, common.Fail("list templates", msg.err)
			}
			return m, nil
		}
		return m, m.setNames(msg.names)
	case docMsg:
		m.c.Calls.End(msg.call)
		if !m.docSeq.Latest(msg.seq) {
			return m, nil
		}
		m.docCall = 0
		m.loading, m.docFor, m.docErr = false, msg.name, msg.err
		if msg.err != nil {
			m.doc.Clear()
			if common.IsSessionError(msg.err) {
				return m, common.Fail("read template", msg.err)
			}
			return m, nil
		}
		return m, m.doc.SetDocument(msg.text)
	case doneMsg:
		return m, m.onDone(msg)
	case fileio.EditedMsg:
		if msg.Tag != editTag {
			return m, nil
		}
		return m, m.onEdited(msg)
	case fileio.LoadedMsg:
		if msg.Tag != loadTag {
			return m, nil
		}
		return m, m.onLoaded(msg)
	case fileio.SavedMsg:
		if msg.Tag != saveTag {
			return m, nil
		}
		if msg.Err != nil {
			return m, func() tea.Msg { return common.FlashMsg{Text: msg.Err.Error(), Error: true} }
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
		rows[i] = table.Row{highlight.SanitizeLine(n)}
	}
	m.list.SetRows(rows)
	for i, n := range names {
		if n == before {
			m.list.SetCursor(i)
		}
	}
	m.layout()
	m.docFor = "" // read the selected one again: it may have changed
	return m.loadDoc()
}

// View renders the pane.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(fmt.Sprintf("Task templates (%d)", len(m.names))) + "\n")
	switch {
	case common.IsCancelled(m.listErr) && !m.loaded:
		b.WriteString(s.Empty.Render("loading cancelled — press r to try again"))
	case m.listErr != nil && !m.loaded:
		b.WriteString(s.Error.Render("cannot list the templates: "+m.listErr.Error()) + "\n" + s.Muted.Render("press r to retry"))
	case !m.loaded:
		b.WriteString(s.Empty.Render("loading templates…"))
	case len(m.names) == 0:
		b.WriteString(s.Empty.Render("no templates yet — press n to write one or l to load one from a file"))
	default:
		name := m.selected()
		b.WriteString(m.list.View() + "\n")
		h := "── template " + name + " "
		b.WriteString(s.PaneTitle.Render(h+strings.Repeat("─", max(0, m.width-lipgloss.Width(h)))) + "\n")
		switch {
		case m.docFor != name && m.loading:
			b.WriteString(s.Empty.Render("loading…"))
		case m.docFor == name && common.IsCancelled(m.docErr):
			b.WriteString(s.Empty.Render("loading cancelled — press r to try again"))
		case m.docFor == name && m.docErr != nil:
			b.WriteString(s.Error.Render("cannot read the template: " + m.docErr.Error()))
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
	return common.Wrap(highlight.Sanitize("template not saved: "+m.invalid.Reason), m.width, common.ReasonLines)
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
		{km.Nav.Up, km.Nav.Down, km.Nav.PageUp, km.Nav.PageDown, km.Global.Refresh},
		{km.Item.New, km.Item.Edit, km.Item.LoadFromFile, km.Item.SaveToFile},
	}
}

// CaptureHelp lists the keys of the open prompt or question for the
// footer (its suggestions, or y/N before overwriting a file).
func (m *Model) CaptureHelp() []key.Binding { return m.ShortHelp() }
