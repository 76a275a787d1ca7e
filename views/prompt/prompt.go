// Package prompt is the one-line question the panes ask: a name, a file
// path. It owns a text input, checks the answer before handing it back,
// and tells its pane what the answer was for.
package prompt

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
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

// Answer is what a submitted prompt hands back.
type Answer struct {
	Purpose string // what the pane opened the prompt for
	Value   string // the answer, trimmed of surrounding spaces
}

// Model is a prompt; the zero value is closed. Set the styles once.
type Model struct {
	Keys       Keys
	LabelStyle lipgloss.Style
	ErrorStyle lipgloss.Style

	input    textinput.Model
	open     bool
	purpose  string
	label    string
	validate func(string) error
	err      string
}

// New returns a closed prompt with the default keys.
func New() Model {
	in := textinput.New()
	in.Prompt = "> "
	in.CharLimit = 4096
	// A steady cursor: blinking redraws the screen twice a second, which
	// costs over SSH and makes screen captures differ.
	in.Cursor.SetMode(cursor.CursorStatic)
	return Model{Keys: DefaultKeys(), input: in}
}

// Open asks label, pre-filled with value; validate (may be nil) checks
// the trimmed answer before it is handed back.
func (m *Model) Open(purpose, label, value string, validate func(string) error) tea.Cmd {
	m.open, m.purpose, m.label, m.validate, m.err = true, purpose, label, validate, ""
	m.input.SetValue(value)
	m.input.CursorEnd()
	return m.input.Focus()
}

// Close hides the prompt without an answer.
func (m *Model) Close() {
	m.open = false
	m.input.Blur()
	m.err = ""
}

// Active reports whether the prompt is open and owns the keys.
func (m *Model) Active() bool { return m.open }

// Purpose returns what the open prompt is for.
func (m *Model) Purpose() string { return m.purpose }

// SetWidth fits the input into width cells.
func (m *Model) SetWidth(width int) {
	m.input.Width = max(1, width-lipgloss.Width(m.input.Prompt)-1)
}

// Update handles a message while the prompt is open. It returns a non-nil
// Answer when the operator submitted a valid value, and cancelled when the
// operator gave up.
func (m *Model) Update(msg tea.Msg) (ans *Answer, cancelled bool, cmd tea.Cmd) {
	if !m.open {
		return nil, false, nil
	}
	if k, ok := msg.(tea.KeyMsg); ok {
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
			a := &Answer{Purpose: m.purpose, Value: v}
			m.Close()
			return a, false, nil
		}
		m.err = ""
	}
	m.input, cmd = m.input.Update(msg)
	return nil, false, cmd
}

// View renders the label, the input and any refusal, or "" when closed.
func (m *Model) View() string {
	if !m.open {
		return ""
	}
	s := m.LabelStyle.Render(m.label) + "\n" + m.input.View()
	if m.err != "" {
		s += "\n" + m.ErrorStyle.Render(m.err)
	}
	return s
}

// Help returns the bindings to show while the prompt is open.
func (m *Model) Help() []key.Binding { return []key.Binding{m.Keys.Submit, m.Keys.Cancel} }
