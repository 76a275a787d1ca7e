package doc

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/widgets/mouse/mousetest"
)

// The wheel scrolls a document down and up, by lines and sideways by
// columns, never past its ends.
func TestWheelScrolls(t *testing.T) {
	m := newDoc()
	m.SetSize(20, 6)
	var b strings.Builder
	for i := range 30 {
		b.WriteString("<line n=\"" + strings.Repeat("x", i) + "\"/>\n")
	}
	m.SetDocumentAs(b.String(), "text")
	m.Update(mousetest.Wheel(0, 0, true))
	if m.Top() != 3 {
		t.Fatalf("one notch down: top %d, want 3", m.Top())
	}
	first := strings.Split(m.View(), "\n")[0]
	if !strings.HasPrefix(first, "<line n=\"xxx\"") {
		t.Fatalf("after the wheel the first line is %q", first)
	}
	m.Update(mousetest.Wheel(0, 0, false))
	m.Update(mousetest.Wheel(0, 0, false))
	if m.Top() != 0 {
		t.Fatalf("back up past the top: top %d", m.Top())
	}
	m.Update(tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelRight})
	if m.Column() != sideStep {
		t.Fatalf("the wheel right: column %d, want %d", m.Column(), sideStep)
	}
	m.Update(tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelLeft})
	if m.Column() != 0 {
		t.Fatalf("the wheel left: column %d", m.Column())
	}
}
