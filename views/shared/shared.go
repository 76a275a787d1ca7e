// Package shared is the Shared pane: what all configurations share. The
// host lists its rule presets; shared IDs and scripts have no list
// function in the protocol, so the operator opens them by name and the
// pane remembers the names used this session. It also creates shared IDs
// and moves IDs and scripts to and from local files.
package shared

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/views/common"
	"dpconsole/views/doc"
	"dpconsole/views/highlight"
	"dpconsole/views/picker"
	"dpconsole/views/prompt"
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
	c    *common.Common
	keys keys

	presets   []string
	recent    []item // newest first
	loaded    bool
	listErr   error
	listSeq   common.Seq
	listCall  uint64
	hidden    bool // another pane is shown
	list      picker.Model
	selectKey item // the row to select after the next rebuild

	doc        doc.Model
	shown      item   // what the document area shows
	contentErr error  // why the selected item could not be read
	content    []byte // the raw bytes of the shown item, for saving
	docSeq     common.Seq
	docCall    uint64
	loading    bool

	prompt   prompt.Model
	stash    map[string]string
	choice   choice
	bindHost bool

	width, height int
}

// New builds the pane.
func New(c *common.Common) *Model {
	m := &Model{c: c, keys: newKeys(), prompt: prompt.New(), stash: map[string]string{}}
	m.list = picker.New(c.Styles, picker.KeysFrom(c.Keys.Nav, false),
		picker.Column{Title: "Kind", Width: 6},
		picker.Column{Title: "Name", Width: 16, Flex: true})
	m.doc = doc.New(highlight.ForStyles(c.Styles), "xml", doc.KeysFrom(c.Keys.Nav, false))
	m.prompt.SetStyles(c.Styles)
	m.prompt.Keys = prompt.Keys{Submit: c.Keys.Form.Submit, Cancel: c.Keys.Form.Cancel}
	return m
}

// Init lists the presets.
func (m *Model) Init() tea.Cmd { return m.reload() }

// Activate loads what a hidden pane did not: the presets, or the
// selected item.
func (m *Model) Activate() tea.Cmd {
	m.hidden = false
	if m.listCall != 0 || m.docCall != 0 {
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
	listH := min(len(m.items()), max(3, m.height/3)) + 1
	m.list.SetSize(m.width, listH)
	bottom := 0
	switch {
	case m.prompt.Active():
		bottom = lipgloss.Height(m.prompt.View())
	case m.choice != noChoice:
		bottom = 1
	}
	m.doc.SetSize(m.width, max(0, m.height-listH-3-bottom))
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
		rows[i] = table.Row{it.Kind, highlight.SanitizeLine(it.Name)}
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
	switch {
	case common.IsCancelled(m.listErr) && !m.loaded:
		b.WriteString(s.Empty.Render("loading cancelled — press r to try again"))
	case m.listErr != nil && !m.loaded:
		b.WriteString(s.Error.Render("cannot list the presets: "+m.listErr.Error()) + "\n" + s.Muted.Render("press r to retry"))
	case !m.loaded:
		b.WriteString(s.Empty.Render("loading presets…"))
	case len(m.items()) == 0:
		b.WriteString(s.Empty.Render("no presets on this host — press o to open a shared script or ID by name"))
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
	return m.c.Styles.PaneTitle.Render(h + strings.Repeat("─", max(0, m.width-lipgloss.Width(h))))
}

func (m *Model) body() string {
	s := m.c.Styles
	it, ok := m.selected()
	switch {
	case !ok:
		return ""
	case m.shown != it && m.loading:
		return s.Empty.Render("loading…")
	case m.shown == it && common.IsCancelled(m.contentErr):
		return s.Empty.Render("loading cancelled — press r to try again")
	case m.shown == it && m.contentErr != nil:
		return s.Error.Render(fmt.Sprintf("cannot read %s %s: %v", it.Kind, it.Name, m.contentErr))
	case m.shown == it && len(m.content) == 0:
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
		return s.InputLabel.Render("Open a shared item by name: i an ID · c a script · esc cancel")
	case m.choice == chooseLoad:
		return s.InputLabel.Render("Load a file as a shared item: i an ID · c a script · esc cancel")
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
		return []key.Binding{m.keys.ChooseID, m.keys.ChooseScript, km.Form.Cancel}
	}
	return []key.Binding{m.keys.Open, km.Item.SaveToFile, km.Item.LoadFromFile, km.Item.NewID, m.keys.BindHost}
}

// FullHelp lists every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.c.Keys
	return [][]key.Binding{
		{km.Nav.Up, km.Nav.Down, km.Nav.PageUp, km.Nav.PageDown, km.Global.Refresh},
		{m.keys.Open, km.Item.SaveToFile, km.Item.LoadFromFile, km.Item.NewID, m.keys.BindHost},
	}
}

// CaptureHelp lists the keys of the open prompt or question for the
// footer (its suggestions, or y/N before overwriting a file).
func (m *Model) CaptureHelp() []key.Binding { return m.ShortHelp() }
