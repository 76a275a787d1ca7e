// Package prompt is the one-line question the panes ask: a name, a file
// path. It owns a text input, checks the answer before handing it back,
// offers known names (Tab completes), and, for a file to save to, asks
// before overwriting a file that exists. It tells its pane what the answer
// was for.
package prompt

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/keymap"
	"dpconsole/text/sanitize"
	"dpconsole/text/wordwrap"
	"dpconsole/theme"
)

// Keys are the prompt's own bindings: the text input owns every other key
// while it has focus.
type Keys struct {
	Submit key.Binding
	Cancel key.Binding
}

// DefaultKeys returns Enter to submit and Esc to cancel.
func DefaultKeys() Keys {
	return Keys{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "submit")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// overwriteKey is the only key that overwrites an existing save path.
var overwriteKey = key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "overwrite"))

// Answer is what a submitted prompt hands back.
type Answer struct {
	Purpose string // what the pane opened the prompt for
	Value   string // the answer, trimmed of surrounding spaces
}

// state is where an open prompt is.
type state int

const (
	typing    state = iota
	checking        // a save path is being looked at (a command runs)
	overwrite       // the save path exists: asking y/N
	maxShown  = 6   // known names listed under the input

	// pristineHint says, in words a colourless capture keeps, that the
	// value shown is pre-filled and what keys do to it.
	pristineHint = "(pre-filled: enter keeps it, typing replaces it, ←/→ edit it)"
)

// Model is a prompt; the zero value is closed. Build it with New or
// ForConsole, which style it from the session's styles.
type Model struct {
	Keys       Keys
	LabelStyle lipgloss.Style
	ErrorStyle lipgloss.Style
	MutedStyle lipgloss.Style

	input    textinput.Model
	open     bool
	purpose  string
	label    string
	validate func(string) error
	err      string

	// A save path: answered only once the file is known not to exist or
	// the operator agreed to overwrite it.
	savePath bool
	state    state
	abs      string // the absolute path being asked about
	tok      *int   // tells this prompt's replies from another's
	known    []string
	groups   []Group // known, by where each name comes from

	// pristine is true while the pre-filled value is untouched: the first
	// printable key replaces it, as in a selected field; a cursor or edit
	// key keeps it for editing.
	pristine bool
	// plain is true when the theme shows no colour: a grey inline
	// completion would then read as typed text, so Tab completes from the
	// listed names instead.
	plain bool
	width int // the label and refusals wrap to it; 0: not wrapped
}

// New returns a closed prompt styled from s, the session's styles (never
// textinput's defaults, which are built on lipgloss's default renderer),
// with the default keys.
func New(s *theme.Styles) Model {
	in := textinput.New()
	in.Prompt = "> "
	in.CharLimit = 4096
	// A steady cursor: blinking redraws the screen twice a second, which
	// costs over SSH and makes screen captures differ.
	in.Cursor.SetMode(cursor.CursorStatic)
	in.KeyMap.AcceptSuggestion = key.NewBinding(key.WithKeys("tab"))
	s.Input(&in)
	return Model{Keys: DefaultKeys(), input: in, tok: new(int),
		LabelStyle: s.InputLabel, ErrorStyle: s.Error, MutedStyle: s.Muted, plain: s.Plain}
}

// Open asks label, pre-filled with value; validate (may be nil) checks
// the trimmed answer before it is handed back. A value built from a
// host's name is pre-filled as shown (sanitize.SanitizeLine): the input
// draws its value raw, and the answer is what the operator saw.
func (m *Model) Open(purpose, label, value string, validate func(string) error) tea.Cmd {
	value = sanitize.SanitizeLine(value)
	m.open, m.purpose, m.label, m.validate, m.err = true, purpose, label, validate, ""
	m.savePath, m.state, m.abs = false, typing, ""
	m.SetSuggestions(nil)
	m.input.SetValue(value)
	m.input.CursorEnd()
	m.pristine = value != ""
	return m.input.Focus()
}

// OpenSavePath asks for a local file to save to, pre-filled with value.
// The answer comes back only once the file is known not to exist, or the
// operator answered y to overwriting it (the default is No: any other
// key goes back to editing the path).
func (m *Model) OpenSavePath(purpose, label, value string) tea.Cmd {
	cmd := m.Open(purpose, label, value, nonEmptyPath)
	m.savePath = true
	return cmd
}

// SetSuggestions offers names for the open prompt: Tab completes the one
// shown in grey, up and down pick another, and the matching names are
// listed under the input. Duplicates and empty names are dropped.
func (m *Model) SetSuggestions(names []string) {
	m.SetSuggestionGroups(Group{Label: "known", Names: names})
}

// Close hides the prompt without an answer.
func (m *Model) Close() {
	m.open = false
	m.input.Blur()
	m.err, m.state = "", typing
}

// Active reports whether the prompt is open and owns the keys.
func (m *Model) Active() bool { return m.open }

// Purpose returns what the open prompt is for.
func (m *Model) Purpose() string { return m.purpose }

// SetWidth fits the input into width cells.
func (m *Model) SetWidth(width int) {
	m.width = width
	m.input.Width = max(1, width-lipgloss.Width(m.input.Prompt)-1)
}

// Update handles a message while the prompt is open. It returns a non-nil
// Answer when the operator submitted a valid value (for a save path: one
// that may be written), and cancelled when the operator gave up. Panes
// must pass it every message while it is open, not only keys: the check
// of a save path answers with a message.
func (m *Model) Update(msg tea.Msg) (ans *Answer, cancelled bool, cmd tea.Cmd) {
	if !m.open {
		return nil, false, nil
	}
	if c, ok := msg.(checkedMsg); ok {
		return m.onChecked(c), false, nil
	}
	k, isKey := msg.(tea.KeyMsg)
	if !isKey {
		m.input, cmd = m.input.Update(msg)
		return nil, false, cmd
	}
	switch m.state {
	case checking:
		if key.Matches(k, m.Keys.Cancel) {
			m.state = typing
		}
		return nil, false, nil
	case overwrite:
		if key.Matches(k, overwriteKey) {
			return m.answer(), false, nil
		}
		m.state, m.err = typing, "not overwritten: change the path, or press enter then y to overwrite"
		return nil, false, nil
	}
	switch {
	case key.Matches(k, m.Keys.Cancel):
		m.Close()
		return nil, true, nil
	case key.Matches(k, m.Keys.Submit):
		v := strings.TrimSpace(m.input.Value())
		if m.validate != nil {
			if err := m.validate(v); err != nil {
				m.err = err.Error()
				return nil, false, nil
			}
		}
		if m.savePath {
			m.state, m.err = checking, ""
			return nil, false, check(m.tok, v)
		}
		return m.answer(), false, nil
	}
	m.err = ""
	if m.pristine {
		m.pristine = false
		if (k.Type == tea.KeyRunes || k.Type == tea.KeySpace) && !k.Alt {
			m.input.SetValue("") // typing replaces the pre-filled value
		}
	}
	if m.plain && key.Matches(k, m.input.KeyMap.AcceptSuggestion) {
		m.complete()
		return nil, false, nil
	}
	m.input, cmd = m.input.Update(msg)
	return nil, false, cmd
}

func (m *Model) answer() *Answer {
	a := &Answer{Purpose: m.purpose, Value: strings.TrimSpace(m.input.Value())}
	m.Close()
	return a
}

// View renders the label, the input, the known names and any refusal or
// question, or "" when closed.
func (m *Model) View() string {
	if !m.open {
		return ""
	}
	var s string
	for _, l := range wrap(m.label, m.width) {
		s += m.LabelStyle.Render(l) + "\n"
	}
	s += m.input.View()
	switch {
	case m.state == checking:
		s += wrapped(m.MutedStyle, "checking "+m.abs+"…", m.width)
	case m.state == overwrite:
		s += wrapped(m.ErrorStyle, m.abs+" exists. Overwrite it? y yes · N/enter/esc no", m.width)
	case m.err != "":
		s += wrapped(m.ErrorStyle, m.err, m.width)
	case m.pristine:
		s += wrapped(m.MutedStyle, pristineHint, m.width)
	case len(m.known) > 0:
		s += wrapped(m.MutedStyle, m.hint(), m.width)
	}
	return s
}

// Help returns the bindings to show while the prompt is open.
func (m *Model) Help() []key.Binding {
	switch m.state {
	case overwrite:
		return []key.Binding{
			overwriteKey,
			key.NewBinding(key.WithKeys("n"), key.WithHelp("n/enter/esc", "keep the file")),
		}
	case checking:
		return []key.Binding{m.Keys.Cancel}
	}
	if len(m.known) > 0 {
		return []key.Binding{m.Keys.Submit, key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")), m.Keys.Cancel}
	}
	return []key.Binding{m.Keys.Submit, m.Keys.Cancel}
}

// ForConsole returns a closed prompt styled from the console's theme that
// submits and cancels with the console's form keys.
func ForConsole(s *theme.Styles, form keymap.FormKeys) Model {
	m := New(s)
	m.Keys = Keys{Submit: form.Submit, Cancel: form.Cancel}
	return m
}

// wrapped renders text in style on lines of its own under the input,
// wrapped to width so nothing is cut at the pane's edge.
func wrapped(style lipgloss.Style, text string, width int) string {
	var s string
	for _, l := range wrap(text, width) {
		s += "\n" + style.Render(l)
	}
	return s
}

// wrap breaks text into lines of at most width cells, at spaces where it
// can, so a long label or refusal is read whole instead of cut at the
// pane's edge; width 0 keeps it on one line. Labels, refusals and known
// names quote the host's names: their control characters are shown, and
// measured as shown, before the text is wrapped.
func wrap(text string, width int) []string {
	text = sanitize.Sanitize(text)
	if width <= 0 {
		return []string{text}
	}
	return wordwrap.Lines(text, width)
}
