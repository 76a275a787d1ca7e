package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/keymap"
	"dpconsole/text/sanitize"
	"dpconsole/text/wordwrap"
	"dpconsole/views/common"
)

// How long footer messages stay: a note goes after flashFor, an error
// after errorFor or at the operator's next key, whichever comes first.
// The help overlay keeps the last historyLen messages in full.
const (
	flashFor     = 5 * time.Second
	errorFor     = 10 * time.Second
	statusLines  = 3 // a long message wraps over at most this many lines
	historyLen   = 10
	historyShown = 5
)

// flashClearMsg ends a flash; a newer flash has a newer generation.
type flashClearMsg struct{ gen uint64 }

// message is one footer message, kept for the help overlay.
type message struct {
	at   time.Time
	text string
	err  bool
}

// setFlash shows text in the footer and remembers it; a tick tagged with
// the flash's generation clears it, unless a newer one replaced it.
func (m *Model) setFlash(text string, isErr bool) tea.Cmd {
	// Flashes quote the host (errors, names): shown, never obeyed.
	text = sanitize.SanitizeLine(text)
	m.flash, m.flashErr = text, isErr
	m.flashGen++
	m.history = append(m.history, message{at: m.c.Now(), text: text, err: isErr})
	if len(m.history) > historyLen {
		m.history = m.history[len(m.history)-historyLen:]
	}
	gen, d := m.flashGen, flashFor
	if isErr {
		d = errorFor
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return flashClearMsg{gen: gen} })
}

// clearFlash removes the footer message now (the help overlay keeps it).
func (m *Model) clearFlash() {
	m.flash, m.flashErr = "", false
	m.flashGen++
}

// footerView is the status lines (the spinner while the operator waits
// for a call, and the flash, wrapped over up to statusLines lines) and
// the one-line help of the focused view.
func (m *Model) footerView() string {
	return m.statusView() + "\n" + m.helpLine()
}

// statusView wraps the busy line and the flash at the width; a message
// longer than statusLines lines ends in an ellipsis (the help overlay has
// it in full). It is always at least one line, so the panes do not jump.
func (m *Model) statusView() string {
	s := m.c.Styles
	w := max(1, m.width)
	var lines []string
	if busy := m.busyView(); busy != "" {
		lines = append(lines, truncate(s.Renderer, busy, w))
	}
	if m.flash != "" {
		st := s.Success
		if m.flashErr {
			st = s.Error
		}
		room := max(1, statusLines-len(lines))
		for _, l := range wordwrap.Limit(m.flash, w, room) {
			lines = append(lines, st.Render(l))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n")
}

// busyView is the spinner and the name of the newest call the operator
// waits for, e.g. "⠋ loading tasks… (esc cancels)". The login screen and
// the palette show their own spinner, so it is shown over the panes only.
func (m *Model) busyView() string {
	op, since := m.c.Calls.Busy()
	if op == "" || !m.loggedIn || m.palette.Open() {
		return ""
	}
	text := op + "…"
	if since >= time.Second {
		text += " " + since.Truncate(time.Second).String()
	}
	return m.spinner.View() + " " + m.c.Styles.Muted.Render(text+" ("+m.c.Keys.Nav.Back.Help().Key+" cancels)")
}

// helpLine is the focused view's most important keys, then the palette
// and quit keys, always ending with the help key. While a pane's text
// input has the keys, it shows only the input's keys (enter, esc …).
func (m *Model) helpLine() string {
	v := m.focused()
	if v == nil {
		return ""
	}
	if !m.loggedIn || m.confirm != nil || m.palette.Open() {
		return m.fitHelp(v.ShortHelp(), nil)
	}
	if v.Capturing() {
		if ch, ok := v.(common.CaptureHelper); ok {
			return m.fitHelp(ch.CaptureHelp(), nil)
		}
		f := m.c.Keys.Form
		return m.fitHelp([]key.Binding{f.Submit, f.Cancel}, nil)
	}
	g := m.c.Keys.Global
	quit := keymap.Relabel(g.Quit, "quit")
	if len(m.c.Gateways) > 0 {
		quit = keymap.Relabel(g.Quit, "fleet") // the Fleet pane's q quits
	}
	if len(m.stack) > 0 || m.nested() {
		quit = keymap.Relabel(g.Quit, "back")
	}
	bindings := append(m.withSafeKeys(v, v.ShortHelp()), g.Palette, quit)
	help := g.Help
	return m.fitHelp(bindings, &help)
}

// fitHelp renders as many bindings as fit the width, in order, then an
// ellipsis when some were left out, then tail (if any) which always shows.
// (bubbles' help adds an item that overflows when the ellipsis would not
// fit either, so the fitting is done here.)
func (m *Model) fitHelp(bindings []key.Binding, tail *key.Binding) string {
	h := m.help
	h.Width = 0
	limit := m.width - 1
	var end []key.Binding
	if tail != nil {
		end = []key.Binding{*tail}
	}
	if all := h.ShortHelpView(append(append([]key.Binding(nil), bindings...), end...)); lipgloss.Width(all) <= limit {
		return all
	}
	sep := h.Styles.ShortSeparator.Inline(true).Render(h.ShortSeparator)
	more := h.Styles.Ellipsis.Inline(true).Render(h.Ellipsis)
	suffix := " " + more
	if tail != nil {
		suffix = sep + more + sep + h.ShortHelpView(end)
	}
	var shown []key.Binding
	out := ""
	for _, b := range bindings {
		next := h.ShortHelpView(append(shown, b))
		if lipgloss.Width(next+suffix) > limit {
			break
		}
		shown, out = append(shown, b), next
	}
	if out == "" {
		return truncate(m.c.Styles.Renderer, strings.TrimPrefix(suffix, sep), m.width)
	}
	return truncate(m.c.Styles.Renderer, out+suffix, m.width)
}
