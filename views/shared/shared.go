// Package shared is the Shared pane: what all configurations share. The
// host lists its rule presets; shared IDs and scripts have no list
// function in the protocol, so the operator opens them by name and the
// pane remembers the names used this session. It also creates shared IDs
// and moves IDs and scripts to and from local files.
package shared

import (
	"dpconsole/text/sanitize"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/keymap"
	"dpconsole/views/common"
	"dpconsole/widgets/picker"
	"dpconsole/widgets/prompt"
	"dpconsole/widgets/rowdoc"
)

// Kinds of shared items.
const (
	kindPreset = "preset"
	kindScript = "script"
	kindID     = "ID"
)

// item is one row: a preset the host lists, or a script or ID the
// operator named this session.
type item struct {
	Kind, Name string
}

// maxRecent bounds the names remembered this session.
const maxRecent = 20

// choice is a pending "which kind?" question.
type choice int

const (
	noChoice choice = iota
	chooseOpen
	chooseLoad
)

// Model is the Shared pane.
type Model struct {
	c *common.Common

	presets   []string
	recent    []item // newest first
	loaded    bool
	listErr   error
	listLoad  common.Load
	hidden    bool // another pane is shown
	list      picker.Model
	selectKey item // the row to select after the next rebuild

	doc     rowdoc.Model[item] // the selected item
	content []byte             // the raw bytes of the shown item, for saving

	prompt prompt.Model
	stash  map[string]string
	choice choice

	width, height int
}

// New builds the pane.
func New(c *common.Common) *Model {
	return &Model{c: c, prompt: prompt.ForConsole(c.Styles, c.Keys.Form), stash: map[string]string{},
		listLoad: common.NewLoad(c.Calls), doc: rowdoc.New[item](c),
		list: picker.New(c.Styles, picker.KeysFrom(c.Keys.Nav, false),
			picker.Column{Title: "Kind", Width: 6},
			picker.Column{Title: "Name", Width: 16, Flex: true})}
}

// Init lists the presets.
func (m *Model) Init() tea.Cmd { return m.reload() }

// Activate loads what a hidden pane did not: the presets, or the
// selected item.
func (m *Model) Activate() tea.Cmd {
	m.hidden = false
	if m.listLoad.InFlight() || m.doc.InFlight() {
		return nil
	}
	if !m.loaded {
		return m.reload()
	}
	return m.loadSelected()
}

// Deactivate cancels the loads in flight while the pane is hidden;
// Activate loads again. Actions the operator started go on.
func (m *Model) Deactivate() {
	m.hidden = true
	m.listLoad.Cancel()
	m.doc.Cancel()
}

// Title names the pane.
func (m *Model) Title() string { return "Shared" }

// Capturing reports that a prompt or question has the keys.
func (m *Model) Capturing() bool { return m.prompt.Active() || m.choice != noChoice }

// SetSize lays the list above the document.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.prompt.SetWidth(width)
	m.layout()
}

func (m *Model) items() []item {
	out := make([]item, 0, len(m.recent)+len(m.presets))
	out = append(out, m.recent...)
	for _, p := range m.presets {
		out = append(out, item{kindPreset, p})
	}
	return out
}

func (m *Model) selected() (item, bool) {
	items := m.items()
	if i := m.list.Cursor(); i >= 0 && i < len(items) {
		return items[i], true
	}
	return item{}, false
}

func (m *Model) layout() {
	bottom := 0
	switch {
	case m.prompt.Active():
		bottom = lipgloss.Height(m.prompt.View())
	case m.choice != noChoice:
		bottom = 1
	}
	listH, docH := common.SplitListDoc(m.height, len(m.items()), bottom)
	m.list.SetSize(m.width, listH)
	m.doc.SetSize(m.width, docH)
}

// rebuild refreshes the rows and selects selectKey when it is listed.
func (m *Model) rebuild() tea.Cmd {
	before, _ := m.selected()
	if m.selectKey != (item{}) {
		before, m.selectKey = m.selectKey, item{}
	}
	items := m.items()
	rows := make([]table.Row, len(items))
	for i, it := range items {
		rows[i] = table.Row{it.Kind, sanitize.SanitizeLine(it.Name)}
	}
	m.list.SetRows(rows)
	for i, it := range items {
		if it == before {
			m.list.SetCursor(i)
		}
	}
	m.layout()
	return m.loadSelected()
}

// names returns the names of kind opened or saved this session, newest
// first, for the name prompts to suggest.
func (m *Model) names(kind string) []string {
	var out []string
	for _, r := range m.recent {
		if r.Kind == kind {
			out = append(out, r.Name)
		}
	}
	return out
}

// remember puts it first in the recent names.
func (m *Model) remember(it item) {
	out := []item{it}
	for _, r := range m.recent {
		if r != it && len(out) < maxRecent {
			out = append(out, r)
		}
	}
	m.recent = out
	m.selectKey = it
}

// View renders the pane.
func (m *Model) View() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Shared: rule presets, scripts and IDs"))
	b.WriteString(s.Muted.Render(fmt.Sprintf("  %d presets · %d opened this session", len(m.presets), len(m.recent))) + "\n")
	switch status := common.ListStatus(s, m.loaded, m.listErr, "the presets", "loading presets…"); {
	case status != "":
		b.WriteString(status)
	case len(m.items()) == 0:
		b.WriteString(s.Empty.Render("no presets on this host — press " + m.c.Keys.Item.Open.Help().Key + " to open a shared script or ID by name"))
	default:
		b.WriteString(m.list.View() + "\n")
		b.WriteString(m.heading() + "\n")
		b.WriteString(m.body())
	}
	if bottom := m.bottomView(); bottom != "" {
		b.WriteString("\n" + bottom)
	}
	return b.String()
}

func (m *Model) heading() string {
	h := "── "
	if it, ok := m.selected(); ok {
		h += it.Kind + " " + it.Name + " "
	}
	return common.Heading(m.c.Styles, h, m.width)
}

func (m *Model) body() string {
	s := m.c.Styles
	it, ok := m.selected()
	switch {
	case !ok:
		return ""
	case m.doc.For != it && m.doc.Loading:
		return s.Empty.Render("loading…")
	case m.doc.For == it && common.IsCancelled(m.doc.Err):
		return s.Empty.Render("loading cancelled — press r to try again")
	case m.doc.For == it && m.doc.Err != nil:
		return s.Error.Render(fmt.Sprintf("cannot read %s %s: %v", it.Kind, it.Name, m.doc.Err))
	case m.doc.For == it && len(m.content) == 0:
		return s.Empty.Render(it.Kind + " " + it.Name + " is empty")
	}
	return m.doc.View()
}

func (m *Model) bottomView() string {
	s := m.c.Styles
	switch {
	case m.prompt.Active():
		return m.prompt.View()
	case m.choice == chooseOpen:
		return s.InputLabel.Render("Open a shared item by name: " + common.ChooseHint(m.c.Keys))
	case m.choice == chooseLoad:
		return s.InputLabel.Render("Load a file as a shared item: " + common.ChooseHint(m.c.Keys))
	}
	return ""
}

// ShortHelp lists the keys for the footer.
func (m *Model) ShortHelp() []key.Binding {
	km := m.c.Keys
	switch {
	case m.prompt.Active():
		return m.prompt.Help()
	case m.choice != noChoice:
		return []key.Binding{km.Choose.ID, km.Choose.Script, km.Form.Cancel}
	}
	return []key.Binding{km.Item.Open, km.Item.SaveToFile, km.Item.LoadFromFile, km.Item.NewID}
}

// FullHelp lists every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.c.Keys
	return [][]key.Binding{
		{keymap.Relabel(km.Nav.Up, "previous item"), keymap.Relabel(km.Nav.Down, "next item"), km.Global.Refresh},
		{keymap.Relabel(km.Nav.PageUp, "scroll document up"), keymap.Relabel(km.Nav.PageDown, "scroll document down")},
		{km.Item.Open, km.Item.SaveToFile, km.Item.LoadFromFile, km.Item.NewID},
	}
}

// CaptureHelp lists the keys of the open prompt or question for the
// footer (its suggestions, or y/N before overwriting a file).
func (m *Model) CaptureHelp() []key.Binding { return m.ShortHelp() }
