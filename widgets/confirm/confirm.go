// Package confirm is the console's yes/no dialog: it says what will happen,
// offers [Cancel] and the action, and starts on Cancel so a stray Enter
// never runs a destructive action.
package confirm

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/keymap"
	"dpconsole/text/sanitize"
	"dpconsole/theme"
	"dpconsole/views/common"
	"dpconsole/widgets/mouse"
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
	focus  int // index into buttons(); 0 = Cancel
	result Result
	width  int
	height int

	diff  []string // the diff's lines, sanitised and coloured
	head  []string // the body pinned above a diff that scrolls, if any
	lines []string // what scrolls: the body, then the diff unless pinned
	fixed int      // the height of the dialog without lines
	top   int      // the first diff line shown
	first int      // the diff's first changed line, shown from the start
	tight bool     // too short for everything: the box drops its blank rows

	zones *mouse.Zones // nil: the mouse is off
	zid   string       // the prefix of the buttons' zones
}

// New opens a dialog for ask, focused on Cancel. The title and body
// quote the host's names: they are shown as sanitize shows them, before
// the dialog is laid out, so what is measured is what is drawn.
func New(styles *theme.Styles, keys keymap.DialogKeys, ask common.ConfirmMsg) *Model {
	if ask.Action == "" {
		ask.Action = "OK"
	}
	ask.Title, ask.Body = sanitize.SanitizeLine(ask.Title), sanitize.Sanitize(ask.Body)
	ask.Action, ask.Other = sanitize.SanitizeLine(ask.Action), sanitize.SanitizeLine(ask.Other)
	m := &Model{keys: keys, styles: styles, ask: ask}
	if ask.Diff != "" {
		m.diff = colourDiff(styles, ask.Diff)
		m.first = firstChange(ask.Diff)
	}
	m.layOut()
	return m
}

// colourDiff splits a unified diff into lines shown, not obeyed (the
// lines quote the host's documents), coloured by kind.
func colourDiff(s *theme.Styles, diff string) []string {
	lines := strings.Split(strings.TrimRight(diff, "\n"), "\n")
	for i, l := range lines {
		l = sanitize.SanitizeLine(l)
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
			lines[i] = s.Title.Render(l)
		case strings.HasPrefix(l, "@@"):
			lines[i] = s.Muted.Render(l)
		case strings.HasPrefix(l, "+"):
			lines[i] = s.Success.Render(l)
		case strings.HasPrefix(l, "-"):
			lines[i] = s.Error.Render(l)
		default:
			lines[i] = s.Text.Render(l)
		}
	}
	return lines
}

// firstChange returns the index of a diff's first changed line: the
// first + or - line after the first @@ (before it, --- and +++ name the
// two versions).
func firstChange(diff string) int {
	hunk := false
	for i, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "@@"):
			hunk = true
		case hunk && (strings.HasPrefix(l, "+") || strings.HasPrefix(l, "-")):
			return i
		}
	}
	return 0
}

// Result reports whether the dialog is still open, cancelled or confirmed.
func (m *Model) Result() Result { return m.result }

// Focused reports whether the action button (not Cancel) has focus.
func (m *Model) Focused() bool { return m.focus == len(m.buttons())-1 }

// buttons are the labels in order: Cancel, the other choice if any, the
// action; a report has its action alone.
func (m *Model) buttons() []string {
	if m.ask.Report {
		return []string{m.ask.Action}
	}
	if m.ask.Other != "" {
		return []string{"Cancel", m.ask.Other, m.ask.Action}
	}
	return []string{"Cancel", m.ask.Action}
}

// Init does nothing: the dialog waits for a key.
func (m *Model) Init() tea.Cmd { return nil }

// Update moves the focus, scrolls the diff and ends the dialog. The
// command returned is the chosen button's: OnConfirm, OnOther or
// OnCancel.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	if mm, ok := msg.(tea.MouseMsg); ok && m.result == Open {
		return m, m.mouse(mm)
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok || m.result != Open {
		return m, nil
	}
	n := len(m.buttons())
	switch {
	case key.Matches(km, m.keys.Cancel):
		return m, m.choose(0)
	case key.Matches(km, m.keys.Confirm):
		return m, m.choose(n - 1)
	case key.Matches(km, m.keys.Switch):
		d := 1
		if s := km.String(); s == "left" || s == "shift+tab" || s == "h" {
			d = n - 1
		}
		m.focus = (m.focus + d) % n
	case key.Matches(km, m.keys.Choose):
		return m, m.choose(m.focus)
	case key.Matches(km, m.keys.Up):
		m.scroll(-1)
	case key.Matches(km, m.keys.Down):
		m.scroll(1)
	case key.Matches(km, m.keys.PageUp):
		m.scroll(-m.room())
	case key.Matches(km, m.keys.PageDn):
		m.scroll(m.room())
	}
	return m, nil
}

// choose ends the dialog with button i; a report closes whichever key
// ends it.
func (m *Model) choose(i int) tea.Cmd {
	n := len(m.buttons())
	switch {
	case m.ask.Report:
		m.result = Confirmed
		return m.ask.OnConfirm
	case i == 0:
		m.result = Cancelled
		return m.ask.OnCancel
	case i == n-1:
		m.result = Confirmed
		return m.ask.OnConfirm
	}
	m.result = Confirmed
	return m.ask.OnOther
}

func (m *Model) scroll(d int) {
	m.top = max(0, min(m.top+d, len(m.content())-m.room()))
}

// content is what scrolls, laid out at the size the dialog was given.
func (m *Model) content() []string { return m.lines }

// layOut wraps the body to the text width (a long name breaks rather
// than runs past the edge) and puts the diff under it; SetSize calls it,
// so View only slices. Above a diff the body stays in sight (it says what
// the change does and warns, "every run will fail") while the diff
// scrolls, as long as a few of the diff's lines fit beside it; a body
// taller than that scrolls with the diff, from the body's first line.
// A dialog whose content does not fit drops the box's blank padding
// rows: at 80x24 they are the rows the diff's change needs.
func (m *Model) layOut() {
	s, inner := m.styles, m.inner()
	var body []string
	for _, l := range strings.Split(ansi.Wrap(m.ask.Body, inner, " "), "\n") {
		body = append(body, s.Text.Render(ansi.Truncate(l, inner, "…")))
	}
	var diff []string
	if len(m.diff) > 0 {
		diff = make([]string, len(m.diff))
		for i, l := range m.diff {
			diff[i] = ansi.Truncate(l, inner, "…")
		}
		body = append(body, "")
	}
	m.tight = false
	avail := func() int { return m.height - lipgloss.Height(m.box(nil, nil)) }
	if m.height > 0 && len(body)+len(diff) > avail() {
		m.tight = true
	}
	m.head, m.lines = nil, body
	if len(diff) > 0 {
		// The diff's window: its change, a line or two around it, and
		// the line saying where the window is.
		const least = 4
		if m.height <= 0 || len(body)+len(diff) <= avail() || len(body)+min(len(diff), least)+1 <= avail() {
			m.head, m.lines = body, diff
		} else {
			m.lines = append(body, diff...)
		}
	}
	m.fixed = lipgloss.Height(m.box(m.head, nil))
}

// room is how many content lines fit beside what is always shown: the
// frame, the title, the buttons, the hint, the scroll line and the blank
// lines between. The buttons never scroll out of sight.
func (m *Model) room() int {
	n := len(m.lines)
	if m.height <= 0 {
		return min(n, 20)
	}
	avail := m.height - m.fixed
	switch {
	case n <= avail:
		return n
	case avail >= 2:
		return avail - 1 // one line says where the window is
	}
	return max(0, avail) // too small to say more: the buttons come first
}

// windowed reports whether a line under the content says where the
// window is.
func (m *Model) windowed() bool {
	return len(m.lines) > m.room() && m.height-m.fixed >= 2
}

// inner is the width of the dialog's text.
func (m *Model) inner() int {
	inner := 56
	if len(m.diff) > 0 {
		inner = 100 // a diff wants the width of its lines
	}
	if m.width > 0 {
		inner = min(inner, max(10, m.width-4-m.styles.Dialog.GetHorizontalFrameSize()))
	}
	return inner
}

// hint is the keys line under the buttons.
func (m *Model) hint() string {
	if m.ask.Report {
		return hintOf(m.keys.Choose) + "/" + hintOf(m.keys.Cancel) + " close"
	}
	return hintOf(m.keys.Switch) + " switch · " + hintOf(m.keys.Choose) + " choose · " +
		hintOf(m.keys.Confirm) + " " + strings.ToLower(m.ask.Action) + " · " + hintOf(m.keys.Cancel) + " cancel"
}

// SetSize tells the dialog the space it is centred in.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.layOut()
	if room := m.room(); len(m.head) > 0 && m.top == 0 && m.first >= room {
		// Open on the diff's first change when it would be out of sight,
		// with up to 3 lines above it; the body above stays in sight.
		m.top = m.first - min(3, (room-1)/2)
	}
	m.scroll(0)
}

// Title names the dialog.
func (m *Model) Title() string { return m.ask.Title }

// Capturing is true: an open dialog takes every key.
func (m *Model) Capturing() bool { return true }

// ShortHelp lists the dialog's keys, the confirm key worded as the
// dialog's own action button ("y reset"), so footer and dialog agree.
func (m *Model) ShortHelp() []key.Binding {
	confirm := keymap.Relabel(m.keys.Confirm, strings.ToLower(m.ask.Action))
	keys := []key.Binding{confirm, m.keys.Cancel, m.keys.Switch, m.keys.Choose}
	if m.ask.Report {
		keys = []key.Binding{keymap.Relabel(m.keys.Choose, "close"), keymap.Relabel(m.keys.Cancel, "close")}
	}
	if len(m.diff) > 0 || m.windowed() {
		keys = append(keys, m.keys.Down, m.keys.Up)
	}
	return keys
}

// FullHelp lists the dialog's keys in one group.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// View renders the dialog box, centred in its space when it has one.
func (m *Model) View() string {
	room := m.room()
	end := min(len(m.lines), m.top+room)
	shown := m.lines[m.top:end]
	if m.windowed() {
		shown = append(append([]string(nil), shown...), m.styles.Muted.Render(ansi.Truncate(fmt.Sprintf("lines %d–%d of %d · %s scroll",
			m.top+1, end, len(m.lines), hintOf(m.keys.Down)+"/"+hintOf(m.keys.Up)), m.inner(), "…")))
	}
	box := m.box(m.head, shown)
	if m.width == 0 || m.height == 0 {
		return box
	}
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, box)
}

// box is the dialog around the pinned lines head and the content lines
// shown.
func (m *Model) box(head, shown []string) string {
	s, inner := m.styles, m.inner()
	labels := m.buttons()
	rendered := make([]string, len(labels))
	for i, label := range labels {
		text, st := "[ "+label+" ]", s.Button
		if i == m.focus {
			st = s.ButtonActive
			if i == len(labels)-1 && !m.ask.Report {
				st = s.ButtonDanger
			}
			if s.Plain {
				// Styling is invisible: mark the focused button with arrows.
				text = "> " + label + " <"
			}
		}
		rendered[i] = m.zones.Mark(m.buttonZone(i), st.Render(text))
	}
	parts := []string{s.DialogTitle.Render(ansi.Truncate(m.ask.Title, inner, "…")), ""}
	parts = append(parts, head...)
	parts = append(parts, shown...)
	parts = append(parts, "", ansi.Truncate(strings.Join(rendered, "  "), inner, ""), "", s.Muted.Width(inner).Render(m.hint()))
	frame := s.Dialog
	if m.tight {
		frame = frame.PaddingTop(0).PaddingBottom(0)
	}
	return frame.Render(strings.Join(parts, "\n"))
}

func hintOf(b key.Binding) string { return b.Help().Key }
