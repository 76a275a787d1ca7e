// Package templates is the Templates pane: the host's task templates, the
// selected one highlighted, and new or changed templates saved from
// $EDITOR or a local file after they validate.
package templates

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/keymap"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
	"dpconsole/views/pane"
	"dpconsole/widgets/picker"
	"dpconsole/widgets/rowdoc"
)

// Model is the Templates pane.
type Model struct {
	pane.List[string]
	c *common.Common

	// lastConfig is the configuration last selected in any pane: an
	// apply's prompt starts from it.
	lastConfig string
	retry      *pane.Draft // the refused template open again in the editor
	saving     string      // the template being saved to a file
	origin     string      // the template open in the editor, "" for a new one
	base       string      // the host's version of origin when the editor opened
	fresh      bool        // the editor holds a new template's skeleton
	naming     string      // a new template's name being checked before the editor opens
	apply      *applying   // the template being applied to a configuration (apply.go)
}

// New builds the pane.
func New(c *common.Common) *Model {
	m := &Model{c: c, List: pane.NewList[string](c, picker.Column{Title: "Template", Width: 20, Flex: true})}
	m.Relayout, m.Reedit, m.Discarded = m.Layout, m.reedit, "template edit discarded"
	m.LoadSelected = m.loadDoc
	m.Hooks = pane.Hooks{Msg: m.onMsg, Key: m.handleKey, Prompt: m.promptMsg, Rest: m.Doc.Update}
	return m
}

// Init lists the templates.
func (m *Model) Init() tea.Cmd { return m.reload() }

// Activate loads what a hidden pane did not: the list, or the selected
// template.
func (m *Model) Activate() tea.Cmd { return m.List.Activate(m.reload, m.loadDoc) }

// Title names the pane.
func (m *Model) Title() string { return "Templates" }

func (m *Model) selected() string {
	name, _ := m.Selected()
	return name
}

// Update handles keys and replies.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) { return m, m.Dispatch(msg) }

// onMsg takes the pane's own replies.
func (m *Model) onMsg(msg tea.Msg) (tea.Cmd, bool) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case common.ConfigSelectedMsg:
		m.lastConfig = msg.Config // where a template is applied, unless told otherwise
		return nil, false
	case listMsg:
		ok, fail := m.Listed(msg.Call, "list templates", msg.Err)
		if !ok {
			return fail, true
		}
		m.SetRows(msg.Value, func(n string) table.Row { return table.Row{sanitize.SanitizeLine(n)} })
		m.Doc.Forget() // read the selected one again: it may have changed
		cmd = m.loadDoc()
	case rowdoc.Loaded[string]:
		cmd = m.Doc.Answer(msg, "read template")
	case doneMsg:
		cmd = m.onDone(msg)
	case common.FreeMsg:
		cmd = m.onFree(msg)
	case fileio.EditedMsg:
		cmd = m.onEdited(msg)
	case fileio.LoadedMsg:
		cmd = m.onLoaded(msg)
	case fileio.SavedMsg:
		cmd = pane.Saved(msg, "the template")
	case configsMsg:
		m.onConfigs(msg)
	case targetMsg:
		cmd = m.onTarget(msg)
	case appliedMsg:
		cmd = m.onApplied(msg)
	case common.SessionStartedMsg, common.HostChangedMsg:
		cmd = m.Stale(&m.Loaded, m.reload)
	default:
		return nil, false
	}
	return cmd, true
}

// View renders the pane.
func (m *Model) View() string {
	s := m.c.Styles
	heading := "── template " + m.selected() + " "
	if m.Picker.Len() == 0 {
		heading = "" // no row selected (the filter line says none matches): a plain rule
	}
	return m.ListView(s.Title.Render(fmt.Sprintf("Task templates (%s)", m.CountText())),
		common.ListStatus(s, m.Loaded, m.ListErr, "the templates", "loading templates…"),
		"no templates yet — press n to write one or l to load one from a file",
		heading,
		m.DocBody(pane.DocWords{Loading: "loading…", Cancelled: "loading cancelled — press r to try again",
			Failed: "cannot read the template"}, false))
}

// ShortHelp lists the keys for the footer.
func (m *Model) ShortHelp() []key.Binding {
	km := m.c.Keys
	return m.List.ShortHelp(km.Item.New, km.Item.Edit, km.Item.Apply, km.Item.LoadFromFile, km.Item.SaveToFile, km.Global.Refresh)
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
		{keymap.Relabel(km.Item.Apply, "apply to a configuration (adds its task)"), km.Table.Filter,
			keymap.Relabel(km.Table.Copy, "copy the template")},
	}
}

// CaptureHelp lists the keys of the open prompt or question for the
// footer (its suggestions, or y/N before overwriting a file).
func (m *Model) CaptureHelp() []key.Binding { return m.ShortHelp() }
