// Package confirm is the console's yes/no dialog: it says what will happen,
// offers [Cancel] and the action, and starts on Cancel so a stray Enter
// never runs a destructive action.
package confirm

import (
	"strings"

	"dpconsole/keymap"
	"dpconsole/theme"
	"dpconsole/views/common"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Result says how the dialog ended.
type Result int

// How a dialog ends.
const (
	Open      Result = iota // still asking
	Cancelled               // the operator declined
	Confirmed               // the operator chose the action
)

// Model is one open dialog.
type Model struct {
	keys   keymap.DialogKeys
	styles *theme.Styles
	ask    common.ConfirmMsg
	focus  int // 0 = Cancel, 1 = the action
	result Result
	width  int
	height int
}

// New opens a dialog for ask, focused on Cancel.
func New(styles *theme.Styles, keys keymap.DialogKeys, ask common.ConfirmMsg) *Model {
	if ask.Action == "" {
		ask.Action = "OK"
	}
	return &Model{keys: keys, styles: styles, ask: ask}
}

// Result reports whether the dialog is still open, cancelled or confirmed.
func (m *Model) Result() Result { return m.result }

// Focused reports whether the action button (not Cancel) has focus.
func (m *Model) Focused() bool { return m.focus == 1 }

// Init does nothing: the dialog waits for a key.
func (m *Model) Init() tea.Cmd { return nil }

// Update moves the focus and ends the dialog. When the operator confirms,
// the command returned is the ask's OnConfirm.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok || m.result != Open {
		return m, nil
	}
	switch {
	case key.Matches(km, m.keys.Cancel):
		m.result = Cancelled
	case key.Matches(km, m.keys.Confirm):
		m.result = Confirmed
	case key.Matches(km, m.keys.Switch):
		m.focus = 1 - m.focus
	case key.Matches(km, m.keys.Choose):
		if m.focus == 1 {
			m.result = Confirmed
		} else {
			m.result = Cancelled
		}
	}
	if m.result == Confirmed {
		return m, m.ask.OnConfirm
	}
	return m, nil
}

// SetSize tells the dialog the space it is centred in.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// Title names the dialog.
func (m *Model) Title() string { return m.ask.Title }

// Capturing is true: an open dialog takes every key.
func (m *Model) Capturing() bool { return true }

// ShortHelp lists the dialog's keys, the confirm key worded as the
// dialog's own action button ("y reset"), so footer and dialog agree.
func (m *Model) ShortHelp() []key.Binding {
	confirm := keymap.Relabel(m.keys.Confirm, strings.ToLower(m.ask.Action))
	return []key.Binding{confirm, m.keys.Cancel, m.keys.Switch, m.keys.Choose}
}

// FullHelp lists the dialog's keys in one group.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// View renders the dialog box, centred in its space when it has one.
func (m *Model) View() string {
	s := m.styles
	inner := 56
	if m.width > 0 {
		inner = min(inner, max(20, m.width-4-s.Dialog.GetHorizontalFrameSize()))
	}
	cancel, action := "[ Cancel ]", "[ "+m.ask.Action+" ]"
	cStyle, aStyle := s.ButtonActive, s.Button
	if m.focus == 1 {
		cStyle, aStyle = s.Button, s.ButtonDanger
	}
	if s.Plain {
		// Styling is invisible: mark the focused button with arrows.
		if m.focus == 0 {
			cancel = "> Cancel <"
		} else {
			action = "> " + m.ask.Action + " <"
		}
	}
	buttons := lipgloss.JoinHorizontal(lipgloss.Top, cStyle.Render(cancel), "  ", aStyle.Render(action))
	body := s.Text.Width(inner).Render(m.ask.Body)
	hint := s.Muted.Render(hintOf(m.keys.Switch) + " switch · " + hintOf(m.keys.Choose) + " choose · " +
		hintOf(m.keys.Confirm) + " " + strings.ToLower(m.ask.Action) + " · " + hintOf(m.keys.Cancel) + " cancel")
	box := s.Dialog.Render(strings.Join([]string{
		s.DialogTitle.Render(m.ask.Title), "", body, "", buttons, "", hint,
	}, "\n"))
	if m.width == 0 || m.height == 0 {
		return box
	}
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, box)
}

func hintOf(b key.Binding) string { return b.Help().Key }
