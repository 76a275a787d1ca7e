package editor

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Opening a document in the built-in editor and saving it untouched
// hands back the same bytes: tab indentation, CRLF line ends, a document
// without a final newline and other characters a host's document holds.
func TestUntouchedDocumentRoundTrips(t *testing.T) {
	for _, doc := range []string{
		"<Tasks>\n\t<Task name=\"a\">\n\t\t<Schedule every=\"5s\"/>\n\t</Task>\n</Tasks>\n",
		"<Tasks>\r\n  <Task name=\"a\"/>\r\n</Tasks>\r\n",
		"<Tasks>\n  <!-- \u202e note \u200b -->\n</Tasks>",
		"<Tasks>\n  <Description>caf\u00e9 \u6f22\u5b57</Description>\n</Tasks>\n",
	} {
		m := New(testStyles(t), ".xml", []byte(doc))
		m.SetSize(80, 20)
		if v := m.View(); !strings.Contains(v, "line 1/") || strings.Contains(v, "modified") {
			t.Errorf("opened %q: the status says it is modified:\n%s", doc, v)
		}
		m.Update(tea.KeyMsg{Type: tea.KeyEsc}) // untouched: esc cancels at once
		if !m.Done() {
			t.Errorf("opened %q untouched, esc asked about unsaved changes", doc)
		}
		m = New(testStyles(t), ".xml", []byte(doc))
		m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
		if r := m.Result(); r.Changed || string(r.Data) != doc {
			t.Errorf("saved untouched: Changed=%v, %q, want %q", r.Changed, r.Data, doc)
		}
	}
}

// An edited CRLF document is saved with CRLF line ends, not a blank line
// after every line.
func TestEditedCRLFDocumentKeepsItsLineEnds(t *testing.T) {
	m := New(testStyles(t), ".xml", []byte("<Tasks>\r\n</Tasks>\r\n"))
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(" ")})
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	if r := m.Result(); !r.Changed || string(r.Data) != " <Tasks>\r\n</Tasks>\r\n" {
		t.Errorf("Changed=%v, %q", r.Changed, r.Data)
	}
}

// TestRefusalWrapsInTheStatus: a refusal longer than the width wraps
// under the text (up to four lines, taken from the text) instead of
// losing its end, and the editor keeps its height.
func TestRefusalWrapsInTheStatus(t *testing.T) {
	m := New(testStyles(t), ".xml", []byte("<Tasks>\n</Tasks>\n"))
	m.SetSize(60, 12)
	m.Update(tea.KeyMsg{Type: tea.KeyEnd})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("zz<")})
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	v := m.View()
	lines := strings.Split(v, "\n")
	if len(lines) != 12 {
		t.Fatalf("%d lines, want 12:\n%s", len(lines), v)
	}
	flat := strings.Join(strings.Fields(strings.Join(lines[len(lines)-4:], " ")), " ")
	if !strings.Contains(flat, "(ctrl+s again to hand it back as it is)") {
		t.Fatalf("the refusal lost its end:\n%s", v)
	}
}
