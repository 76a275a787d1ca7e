package doc

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// A cut line ends in an ellipsis, left/right scroll
// sideways, and the position line shows the lines and the column.
func TestCutLinesAndSidewaysScroll(t *testing.T) {
	m := newDoc()
	m.SetSize(40, 4)
	m.SetDocumentAs("short\n"+strings.Repeat("abcdefghij", 5)+"\nthird\nfourth", "text")
	v := m.View()
	lines := strings.Split(v, "\n")
	if len(lines) != 4 || lines[1] != strings.Repeat("abcdefghij", 3)+"abcdefghi…" || !strings.Contains(lines[3], "lines 1–3 of 4 ↓ more · col 1 of 50") {
		t.Fatalf("view:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRight})
	lines = strings.Split(m.View(), "\n")
	if m.Column() != 8 || lines[0] != "" || lines[1] != "…j"+strings.Repeat("abcdefghij", 3)+"abcdefg…" || !strings.Contains(lines[3], "col 9 of 50") {
		t.Fatalf("after right: col %d\n%s", m.Column(), m.View())
	}
	for range 10 {
		m.Update(tea.KeyMsg{Type: tea.KeyRight})
	}
	if m.Column() != 11 || !strings.HasSuffix(strings.Split(m.View(), "\n")[1], "bcdefghij") {
		t.Fatalf("right stops at the end: col %d\n%s", m.Column(), m.View())
	}
	m.Update(tea.KeyMsg{Type: tea.KeyLeft})
	m.Update(tea.KeyMsg{Type: tea.KeyLeft})
	m.Update(tea.KeyMsg{Type: tea.KeyLeft})
	if m.Column() != 0 {
		t.Fatalf("left back to the start: col %d", m.Column())
	}
	m.SetSize(60, 6) // fits: no position line, nothing cut
	if v := m.View(); strings.Contains(v, "…") || strings.Contains(v, "lines ") {
		t.Fatalf("a fitting document is marked:\n%s", v)
	}
}
