// Package doc shows one document the host sent (a tasks document, a
// preset, a template, a machine fingerprint) in a scrollable viewport,
// syntax-highlighted once per change, so View only slices what is already
// rendered. Small documents are highlighted at once; big ones show plain
// first and are highlighted in a tea.Cmd, which stops when the document
// is replaced. An XML document that is not well-formed is shown without
// colours (see highlight.Highlighter.Lines).
package doc

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/keymap"
	"dpconsole/text/highlight"
	"dpconsole/text/sanitize"
)

// SyncLimit is the largest document highlighted inside Update; bigger
// ones are highlighted in a command so typing never waits for chroma
// (16 KiB of well-formed XML costs chroma up to ~35 ms, of comments).
const SyncLimit = 16 << 10

// viewer tells the viewers apart, so a highlighted reply finds its own:
// New allocates one per viewer, and the copies a Bubble Tea parent makes
// of a Model keep pointing at it. It has a field because distinct
// zero-size allocations may share an address.
type viewer struct{ _ byte }

// renderedMsg carries a document highlighted in the background.
type renderedMsg struct {
	owner *viewer
	seq   uint64
	lines []string
}

// sideStep is how many columns a sideways scroll moves.
const sideStep = 8

// Model is a scrollable, highlighted document. Lines cut at the edge end
// in an ellipsis; left and right scroll sideways, and a status line shows
// the position whenever the document does not fit.
type Model struct {
	// StatusStyle styles the position line.
	StatusStyle lipgloss.Style

	vp    viewport.Model // the vertical position and the scroll keys
	left  key.Binding
	right key.Binding
	lines []string // the rendered lines, as Update set them
	width []int    // each line's width in cells, measured once
	wide  int      // the widest line
	x     int      // the first column shown
	w, h  int      // the area
	hl    *highlight.Highlighter
	lexer string // the default lexer
	owner *viewer
	// shownLexer is the lexer of the document shown.
	shownLexer string
	seq        uint64
	raw        string
	set        bool
	// stop cancels the background highlight under way, if any; copies of
	// the Model share it, as they share the viewer.
	stop context.CancelFunc
}

// New returns an empty viewer that highlights with hl as lexer ("xml",
// or "" to guess) and scrolls with km.
func New(hl *highlight.Highlighter, lexer string, km viewport.KeyMap) Model {
	vp := viewport.New(0, 0)
	left, right := km.Left, km.Right
	km.Left, km.Right = key.NewBinding(key.WithDisabled()), key.NewBinding(key.WithDisabled())
	vp.KeyMap = km
	return Model{vp: vp, left: left, right: right, hl: hl, lexer: lexer, owner: new(viewer)}
}

// SetLines shows lines already rendered (highlighted, sanitized) from the
// top; the caller keeps them unchanged.
func (m *Model) SetLines(lines []string) {
	m.raw, m.set, m.shownLexer = "", true, ""
	m.replaced()
	m.setContent(lines)
	m.vp.GotoTop()
	m.x = 0
}

// setContent takes rendered lines and measures them once, so View only
// slices.
func (m *Model) setContent(lines []string) {
	m.lines = lines
	m.width = make([]int, len(lines))
	m.wide = 0
	for i, l := range lines {
		m.width[i] = ansi.StringWidth(l)
		m.wide = max(m.wide, m.width[i])
	}
	m.vp.SetContent(strings.Repeat("\n", max(0, len(lines)-1)))
	m.fit()
}

// fit gives the viewport the rows left once the position line is placed,
// and keeps the column in range.
func (m *Model) fit() {
	rows := m.h
	if m.overflows() {
		rows--
	}
	m.vp.Width, m.vp.Height = m.w, max(0, rows)
	m.vp.SetYOffset(m.vp.YOffset)
	m.x = max(0, min(m.x, m.wide-m.w+1))
}

// overflows reports whether the document is taller or wider than the
// area, so the position line is shown (only in an area of 3 rows or more).
func (m *Model) overflows() bool {
	return m.h >= 3 && (len(m.lines) > m.h || m.wide > m.w || m.x > 0)
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
	m.replaced()
	text = strings.TrimRight(text, "\n")
	defer m.vp.GotoTop()
	m.x = 0
	if len(text) <= SyncLimit {
		m.setContent(m.hl.Lines(text, lexer))
		return nil
	}
	m.setContent(strings.Split(sanitize.Sanitize(text), "\n"))
	ctx, stop := context.WithCancel(context.Background())
	m.stop = stop
	owner, seq, hl := m.owner, m.seq, m.hl
	return func() tea.Msg {
		defer stop()
		lines, err := hl.LinesContext(ctx, text, lexer)
		if err != nil {
			return nil // replaced meanwhile: nobody waits for it
		}
		return renderedMsg{owner: owner, seq: seq, lines: lines}
	}
}

// replaced marks the document shown as new: a highlight of the one before
// is stopped, and its reply, if already sent, ignored.
func (m *Model) replaced() {
	m.seq++
	if m.stop != nil {
		m.stop()
		m.stop = nil
	}
}

// ReplaceDocument is SetDocument for a newer version of the document
// shown (a refresh): the scroll position stays where it was, as far as
// the new text reaches.
func (m *Model) ReplaceDocument(text string) tea.Cmd {
	y, x := m.vp.YOffset, m.x
	cmd := m.SetDocument(text)
	m.vp.SetYOffset(y)
	m.x = x
	return cmd
}

// Document returns the text shown.
func (m *Model) Document() string { return m.raw }

// Loaded reports whether a document was set since the last Clear.
func (m *Model) Loaded() bool { return m.set }

// Clear empties the viewer.
func (m *Model) Clear() {
	m.raw, m.set = "", false
	m.replaced()
	m.x = 0
	m.setContent(nil)
}

// SetSize fits the viewer into width x height cells.
func (m *Model) SetSize(width, height int) {
	m.w, m.h = max(0, width), max(0, height)
	m.fit()
}

// Update takes highlighted documents and scrolls.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if r, ok := msg.(renderedMsg); ok {
		if r.owner == m.owner && r.seq == m.seq {
			m.stop = nil
			y := m.vp.YOffset
			m.setContent(r.lines)
			m.vp.SetYOffset(y)
		}
		return nil
	}
	if mm, ok := msg.(tea.MouseMsg); ok && mm.Action == tea.MouseActionPress {
		// The wheel sideways moves as left and right do; the viewport
		// would move a column of its own that View does not use.
		switch mm.Button {
		case tea.MouseButtonWheelLeft:
			m.x = max(0, m.x-sideStep)
			m.fit()
			return nil
		case tea.MouseButtonWheelRight:
			m.x = max(0, min(m.x+sideStep, m.wide-m.w+1))
			m.fit()
			return nil
		}
	}
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, m.left):
			m.x = max(0, m.x-sideStep)
			m.fit()
			return nil
		case key.Matches(k, m.right):
			m.x = max(0, min(m.x+sideStep, m.wide-m.w+1))
			m.fit()
			return nil
		}
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	return cmd
}

// Lines returns how many lines the document has.
func (m *Model) Lines() int { return len(m.lines) }

// Top returns the first line shown, from 0.
func (m *Model) Top() int { return m.vp.YOffset }

// Column returns the first column shown, from 0.
func (m *Model) Column() int { return m.x }

// View renders the visible part: the cached lines sliced to the area,
// with an ellipsis where a line is cut and the position line when the
// document does not fit.
func (m *Model) View() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	top := max(0, m.vp.YOffset)
	end := min(len(m.lines), top+m.vp.Height)
	out := make([]string, 0, m.h)
	for i := top; i < end; i++ {
		out = append(out, cutLine(m.lines[i], m.width[i], m.x, m.w))
	}
	for len(out) < m.vp.Height {
		out = append(out, "")
	}
	if m.overflows() {
		side := ""
		if m.left.Enabled() && m.right.Enabled() {
			side = m.left.Help().Key + "/" + m.right.Help().Key
		}
		pos := position(top, end-top, len(m.lines), m.x, m.w, m.wide, side)
		out = append(out, m.StatusStyle.Render(ansi.Truncate(pos, m.w, ellipsis)))
	}
	return strings.Join(out, "\n")
}

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
