package picker

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/table"

	"dpconsole/keymap"
	"dpconsole/views/panetest"
)

// RowAt names the row drawn on a line of View, scrolled or filtered, and
// nothing for the header or the counts line.
func TestRowAtIsTheRowDrawn(t *testing.T) {
	m := New(panetest.AsciiStyles(), KeysFrom(keymap.Default().Nav, true), Column{Title: "Name", Width: 4, Flex: true})
	m.SetSize(30, 4) // the header, two rows, the counts
	m.SetRows([]table.Row{{"r0"}, {"r1"}, {"r2"}, {"r3"}, {"r4"}})
	m.Step(3) // scrolls: r2 and r3 in view
	lines := strings.Split(m.View(), "\n")
	for y, l := range lines {
		i, ok := m.RowAt(y)
		name := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), Marker))
		switch {
		case strings.HasPrefix(name, "r"):
			if !ok || "r"+string(rune('0'+i)) != name {
				t.Errorf("line %d shows %q, RowAt says %d, %v", y, name, i, ok)
			}
		case ok:
			t.Errorf("line %d (%q) is no row, RowAt says %d", y, l, i)
		}
	}
	if i, ok := m.RowAt(1); !ok || i != 2 {
		t.Fatalf("the first row in view is %d, %v, want 2:\n%s", i, ok, m.View())
	}
	m.Step(-10)
	if m.Cursor() != 0 {
		t.Fatalf("Step past the top: cursor %d", m.Cursor())
	}
	m.Step(10)
	if m.Cursor() != 4 {
		t.Fatalf("Step past the end: cursor %d", m.Cursor())
	}
	m.SetFilter(Filter{Query: "r3"})
	if i, ok := m.RowAt(1); !ok || i != 3 {
		t.Fatalf("filtered to r3, line 1 is row %d, %v:\n%s", i, ok, m.View())
	}
}
