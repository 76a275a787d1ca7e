// Package doc shows one document the host sent (a tasks document, a
// preset, a template, a machine fingerprint) in a scrollable viewport,
// syntax-highlighted once per change, so View only slices what is already
// rendered. Small documents are highlighted at once; big ones show plain
// first and are highlighted in a tea.Cmd.
package doc

import (
	"strings"
	"sync/atomic"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/keymap"
	"dpconsole/views/highlight"
)

// SyncLimit is the largest document highlighted inside Update; bigger
// ones are highlighted in a command so typing never waits for chroma.
const SyncLimit = 64 << 10

// ids tells the viewers apart, so a highlighted reply finds its own.
var ids atomic.Uint64

// renderedMsg carries a document highlighted in the background.
type renderedMsg struct {
	owner, seq uint64
	lines      []string
}

// Model is a scrollable, highlighted document.
type Model struct {
	vp    viewport.Model
	hl    *highlight.Highlighter
	lexer string // the default lexer
	id    uint64
	// shownLexer is the lexer of the document shown.
	shownLexer string
	seq        uint64
	raw        string
	set        bool
}

// New returns an empty viewer that highlights with hl as lexer ("xml",
// or "" to guess) and scrolls with km.
func New(hl *highlight.Highlighter, lexer string, km viewport.KeyMap) Model {
	vp := viewport.New(0, 0)
	vp.KeyMap = km
	vp.SetHorizontalStep(8)
	return Model{vp: vp, hl: hl, lexer: lexer, id: ids.Add(1)}
}

// SetDocument shows text from the top. It returns a command when the
// document is big enough to be highlighted in the background.
func (m *Model) SetDocument(text string) tea.Cmd { return m.SetDocumentAs(text, m.lexer) }

// SetDocumentAs is SetDocument with another lexer for this document only
// ("text" shows it plain, sanitized).
func (m *Model) SetDocumentAs(text, lexer string) tea.Cmd {
	if m.set && text == m.raw && lexer == m.shownLexer {
		return nil
	}
	m.raw, m.set, m.shownLexer = text, true, lexer
	m.seq++
	text = strings.TrimRight(text, "\n")
	defer m.vp.GotoTop()
	if len(text) <= SyncLimit {
		m.vp.SetContent(strings.Join(m.hl.Lines(text, lexer), "\n"))
		return nil
	}
	m.vp.SetContent(highlight.Sanitize(text))
	owner, seq, hl := m.id, m.seq, m.hl
	return func() tea.Msg { return renderedMsg{owner: owner, seq: seq, lines: hl.Lines(text, lexer)} }
}

// Document returns the text shown.
func (m *Model) Document() string { return m.raw }

// Loaded reports whether a document was set since the last Clear.
func (m *Model) Loaded() bool { return m.set }

// Clear empties the viewer.
func (m *Model) Clear() {
	m.raw, m.set = "", false
	m.seq++
	m.vp.SetContent("")
}

// SetSize fits the viewer into width x height cells.
func (m *Model) SetSize(width, height int) {
	m.vp.Width, m.vp.Height = max(0, width), max(0, height)
	m.vp.SetYOffset(m.vp.YOffset) // clamp to the new height
}

// Update takes highlighted documents and scrolls.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if r, ok := msg.(renderedMsg); ok {
		if r.owner == m.id && r.seq == m.seq {
			y := m.vp.YOffset
			m.vp.SetContent(strings.Join(r.lines, "\n"))
			m.vp.SetYOffset(y)
		}
		return nil
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	return cmd
}

// Lines returns how many lines the document has.
func (m *Model) Lines() int { return m.vp.TotalLineCount() }

// View renders the visible part.
func (m *Model) View() string { return m.vp.View() }

// KeysFrom maps the console's navigation keys onto the viewer; with lines
// false only the page keys (and left/right) scroll it, so up and down stay
// with a list above it.
func KeysFrom(n keymap.NavKeys, lines bool) viewport.KeyMap {
	off := key.NewBinding(key.WithDisabled())
	km := viewport.KeyMap{PageUp: n.PageUp, PageDown: n.PageDown, Up: off, Down: off,
		HalfPageUp: off, HalfPageDown: off,
		Left:  key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "scroll left")),
		Right: key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "scroll right"))}
	if lines {
		km.Up, km.Down = n.Up, n.Down
	}
	return km
}
