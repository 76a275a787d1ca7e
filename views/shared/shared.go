// Package shared is the Shared pane: what all configurations share. The
// host lists its rule presets; shared IDs and scripts have no list
// function in the protocol, so the operator opens them by name and the
// pane remembers the names used this session. It also creates shared IDs
// and moves IDs and scripts to and from local files.
package shared

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/keymap"
	"dpconsole/text/sanitize"
	"dpconsole/views/common"
	"dpconsole/views/pane"
	"dpconsole/widgets/picker"
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

// The "which kind?" questions.
const (
	chooseOpen pane.Choice = iota + 1
	chooseLoad
)

// Model is the Shared pane.
type Model struct {
	pane.List[item]
	c *common.Common

	presets []string
	recent  []item       // newest first
	content []byte       // the raw bytes of the shown item, for saving
	loaded  *fileReadMsg // a file read to load, while its name is asked
	stash   map[string]string
	editing *editing // the shared script open in the editor (scripts.go)

	// What the probe found (probe.go): the shared names the tasks use.
	refOrder  []item
	refs      map[item]ref
	probeCall uint64
	drafted   *editing // the script a kept draft is of
}

// New builds the pane.
func New(c *common.Common) *Model {
	m := &Model{c: c, stash: map[string]string{}, List: pane.NewList[item](c,
		picker.Column{Title: "Kind", Width: 6},
		picker.Column{Title: "Name", Width: 16, Flex: true},
		picker.Column{Title: "Shared", Width: 7},
		picker.Column{Title: "Used by", Width: 8, Flex: true})}
	m.Relayout, m.LoadSelected, m.Reedit = m.Layout, m.loadSelected, m.reedit
	m.Discarded = "edit discarded; the host keeps the script it had"
	m.Hooks = pane.Hooks{Msg: m.onMsg, Key: m.handleKey, Prompt: m.promptMsg, Choice: m.onChoice, Rest: m.Doc.Update}
	return m
}

// Init lists the presets.
func (m *Model) Init() tea.Cmd { return m.reload() }

// Activate loads what a hidden pane did not: the presets, or the
// selected item.
func (m *Model) Activate() tea.Cmd { return m.List.Activate(m.reload, m.loadSelected) }

// Title names the pane.
func (m *Model) Title() string { return "Shared" }

func (m *Model) items() []item {
	out := make([]item, 0, len(m.recent)+len(m.refOrder)+len(m.presets))
	out = append(out, m.recent...)
	for _, it := range m.refOrder {
		if !slices.Contains(m.recent, it) {
			out = append(out, it)
		}
	}
	for _, p := range m.presets {
		out = append(out, item{kindPreset, p})
	}
	return out
}

// rebuild refreshes the rows, keeping the selection.
func (m *Model) rebuild() tea.Cmd {
	m.SetRows(m.items(), func(it item) table.Row {
		return table.Row{it.Kind, sanitize.SanitizeLine(it.Name), m.sharedCell(it), sanitize.SanitizeLine(m.usersCell(it))}
	})
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
	m.SelectNext(it)
}

// View renders the pane.
func (m *Model) View() string {
	s := m.c.Styles
	name := "Shared: presets, scripts and IDs"
	refs := fmt.Sprintf("%d in tasks", len(m.refOrder))
	if n := m.missing(); n > 0 {
		refs += fmt.Sprintf(" (%d not shared)", n)
	}
	parts := []string{common.Count(len(m.presets), "preset"), refs, fmt.Sprintf("%d opened", len(m.recent))}
	if m.Picker.Filtered() {
		parts = append([]string{"showing " + m.CountText()}, parts...)
	}
	// The title fits the width: the last counts give way first.
	for len(parts) > 1 && lipgloss.Width(name+"  "+strings.Join(parts, " · ")) > m.Width {
		parts = parts[:len(parts)-1]
	}
	title := s.Title.Render(name) + s.Muted.Render("  "+strings.Join(parts, " · "))
	heading := "" // no row selected (the filter line says none matches): a plain rule
	if it, ok := m.Selected(); ok {
		heading = "── " + it.Kind + " " + it.Name + " "
	}
	it, _ := m.Selected()
	body := m.DocBody(pane.DocWords{Loading: "loading…", Cancelled: "loading cancelled — press r to try again",
		Failed: "cannot read " + it.Kind + " " + it.Name, Empty: it.Kind + " " + it.Name + " is empty"}, len(m.content) == 0)
	if r := m.refs[it]; r.State == refMissing {
		text := fmt.Sprintf("not in the shared area: the tasks of %s name it, so they find it in their configuration or not at all (v in Configurations checks); %s loads a shared one from a file",
			strings.Join(r.Users, ", "), m.c.Keys.Item.LoadFromFile.Help().Key)
		body = s.Empty.Render(strings.Join(common.Wrap(sanitize.Sanitize(text), m.Width, common.ReasonLines), "\n"))
	}
	return m.ListView(title, common.ListStatus(s, m.Loaded, m.ListErr, "the presets", "loading presets…"),
		"no presets on this host — press "+m.c.Keys.Item.Open.Help().Key+" to open a shared script or ID by name",
		heading, body)
}

// ShortHelp lists the keys for the footer.
func (m *Model) ShortHelp() []key.Binding {
	km := m.c.Keys
	return m.List.ShortHelp(km.Item.Open, km.Item.SaveToFile, km.Item.LoadFromFile, km.Item.NewID)
}

// FullHelp lists every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.c.Keys
	return [][]key.Binding{
		{keymap.Relabel(km.Nav.Up, "previous item"), keymap.Relabel(km.Nav.Down, "next item"), km.Global.Refresh},
		{keymap.Relabel(km.Nav.PageUp, "scroll document up"), keymap.Relabel(km.Nav.PageDown, "scroll document down")},
		{km.Item.Open, km.Item.SaveToFile, km.Item.LoadFromFile, km.Item.NewID},
		{keymap.Relabel(km.Item.Edit, "edit the shared script"), km.Table.Filter,
			keymap.Relabel(km.Table.Copy, "copy the document (an ID: its name)")},
	}
}

// CaptureHelp lists the keys of the open prompt or question for the
// footer (its suggestions, or y/N before overwriting a file).
func (m *Model) CaptureHelp() []key.Binding { return m.ShortHelp() }
