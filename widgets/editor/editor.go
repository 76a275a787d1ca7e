// Package editor is the console's built-in text editor: a bubbles
// textarea over a document (a tasks document, a template, a script) that
// answers like the external editor does, with a fileio.EditedMsg. SSH
// sessions use it because $EDITOR on the server is a shell escape (vim's
// :!sh); local operators may choose it with "editor: builtin".
package editor

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/text/wordwrap"
	"dpconsole/theme"
	"dpconsole/views/common"
)

// Keys are the editor's own keys; every other key types.
type Keys struct {
	Save   key.Binding
	Cancel key.Binding
}

// DefaultKeys saves with Ctrl+S and cancels with Esc (twice when there
// are unsaved changes).
func DefaultKeys() Keys {
	return Keys{
		Save:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// Model edits one document. It is done once the operator saves or
// cancels; Result then holds the answer for the view that asked.
type Model struct {
	ta     textarea.Model
	styles *theme.Styles
	keys   Keys
	orig   string // the document as given, handed back when it was not edited
	// shown is orig as the text area holds it (tabs as spaces, CRLF as
	// LF): an edit is a difference from it, not from orig.
	shown string
	crlf  bool // orig's lines end in CRLF, and an edited document's will too
	xml   bool // check the document as XML before handing it back

	width, height int
	note          string // the status line: a refused check, a warning
	noteErr       bool
	forceSave     bool // the shown check failed: the next save hands it back anyway
	cancelArmed   bool // unsaved changes: the next Esc cancels
	done          bool
	result        fileio.EditedMsg
}

// New opens data for editing; suffix ".xml" checks the document as XML
// (common.CheckXML) when the operator saves. Styles come from the
// session's renderer, never lipgloss's default one.
func New(styles *theme.Styles, suffix string, data []byte) *Model {
	ta := textarea.New()
	r := styles.Renderer
	plain := textarea.Style{Base: r.NewStyle(), CursorLine: r.NewStyle(), CursorLineNumber: styles.Text,
		EndOfBuffer: styles.Muted, LineNumber: styles.Muted, Placeholder: styles.Muted, Prompt: styles.Muted, Text: r.NewStyle()}
	ta.FocusedStyle, ta.BlurredStyle = plain, plain
	ta.Cursor.Style = r.NewStyle().Reverse(true)
	ta.Cursor.TextStyle = r.NewStyle()
	// A blinking cursor redraws twice a second: bytes for nothing over SSH.
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.CharLimit = 0
	ta.MaxHeight = 0
	ta.MaxWidth = 0
	ta.ShowLineNumbers = true
	// A CR would be a line break of its own in the text area: a CRLF
	// document is edited with LF and saved with CRLF again.
	// Only a document whose every line ends so; one of mixed ends, once
	// edited, is saved with LF throughout (the diff shows it).
	crlf := strings.Count(string(data), "\r\n") > 0 && strings.Count(string(data), "\r\n") == strings.Count(string(data), "\n")
	ta.SetValue(strings.ReplaceAll(string(data), "\r\n", "\n"))
	ta.Focus()
	// SetValue leaves the cursor at the end; a document is read from the top.
	for ta.Line() > 0 {
		ta.CursorUp()
	}
	ta.CursorStart()
	return &Model{ta: ta, styles: styles, keys: DefaultKeys(), orig: string(data), shown: ta.Value(), crlf: crlf, xml: suffix == ".xml"}
}

// Done reports whether the operator saved or cancelled.
func (m *Model) Done() bool { return m.done }

// Result is the answer for the view that asked: the document and whether
// it changed (Changed false on cancel, with the original document).
func (m *Model) Result() fileio.EditedMsg { return m.result }

// Value is the text being edited.
func (m *Model) Value() string { return m.ta.Value() }

// Init does nothing: the cursor does not blink.
func (m *Model) Init() tea.Cmd { return nil }

// Update types, saves or cancels.
func (m *Model) Update(msg tea.Msg) (common.View, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		var cmd tea.Cmd
		m.ta, cmd = m.ta.Update(msg)
		return m, cmd
	}
	switch {
	case key.Matches(k, m.keys.Save):
		m.save()
		return m, nil
	case key.Matches(k, m.keys.Cancel):
		if m.edited() && !m.cancelArmed {
			m.cancelArmed = true
			m.setNote("unsaved changes: esc again to discard them, ctrl+s to save", true)
			return m, nil
		}
		m.finish(fileio.EditedMsg{Data: []byte(m.orig), Changed: false})
		return m, nil
	}
	m.cancelArmed = false
	m.forceSave = false
	if m.note != "" {
		m.setNote("", false)
	}
	var cmd tea.Cmd
	m.ta, cmd = m.ta.Update(msg)
	return m, cmd
}

// save hands the document back. An XML document is checked first: a
// refusal is shown here so it can be fixed in place, and a second save
// hands it back anyway (the pane keeps it as a draft, as after $EDITOR).
func (m *Model) save() {
	if !m.edited() {
		m.finish(fileio.EditedMsg{Data: []byte(m.orig), Changed: false})
		return
	}
	text := m.ta.Value()
	if m.crlf {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	if m.xml && !m.forceSave {
		if err := common.CheckXML("the document", []byte(text)); err != nil {
			m.forceSave = true
			m.setNote(err.Error()+" (ctrl+s again to hand it back as it is)", true)
			return
		}
	}
	m.finish(fileio.EditedMsg{Data: []byte(text), Changed: text != m.orig})
}

// edited reports whether the operator changed the text.
func (m *Model) edited() bool { return m.ta.Value() != m.shown }

func (m *Model) finish(r fileio.EditedMsg) {
	m.done, m.result = true, r
	m.ta.Blur()
}

func (m *Model) setNote(s string, isErr bool) {
	m.note, m.noteErr = s, isErr
	m.SetSize(m.width, m.height) // a note of several lines takes them from the text
}

// maxNoteLines bounds the status line: a refusal wraps rather than lose
// its end, up to this many lines.
const maxNoteLines = 4

// statusLines is the status under the text: the note, wrapped, or the
// cursor's line and whether the text changed.
func (m *Model) statusLines() []string {
	if m.note == "" {
		status := fmt.Sprintf("line %d/%d", m.ta.Line()+1, m.ta.LineCount())
		if m.edited() {
			status += " · modified"
		}
		return []string{status}
	}
	// Never more than a third of a short editor: the text stays in view.
	return wordwrap.Limit(strings.ReplaceAll(m.note, "\n", " "), max(1, m.width), max(1, min(maxNoteLines, m.height/3)))
}

// SetSize gives the editor the body: the text area and its status line.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.ta.SetWidth(max(1, width))
	m.ta.SetHeight(max(1, height-len(m.statusLines())))
}

// View draws the text and the status line under it.
func (m *Model) View() string {
	st := m.styles.StatusBar
	if m.note != "" && m.noteErr {
		st = m.styles.Error
	}
	lines := m.statusLines()
	for i, l := range lines {
		lines[i] = st.MaxWidth(max(1, m.width)).Render(l)
	}
	return m.ta.View() + "\n" + strings.Join(lines, "\n")
}

// ShortHelp names the editor's keys.
func (m *Model) ShortHelp() []key.Binding { return []key.Binding{m.keys.Save, m.keys.Cancel} }

// FullHelp names the editor's keys in one column.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// CaptureHelp is what the footer shows while the editor has the keys.
func (m *Model) CaptureHelp() []key.Binding { return m.ShortHelp() }

// Title names the editor.
func (m *Model) Title() string { return "Editor" }

// Capturing is always true: every key but save and cancel types.
func (m *Model) Capturing() bool { return true }
