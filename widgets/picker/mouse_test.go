package picker

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/keymap"
	"dpconsole/views/panetest"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
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

// Mouse: a click selects the row under it, a click on the selected row
// opens it (but only selects while the filter is typed), the wheel
// steps; off the rows, or with the mouse off, nothing.
func TestMouseSelectsThenOpens(t *testing.T) {
	for _, on := range []bool{true, false} {
		var z *mouse.Zones
		if on {
			z = mouse.New()
			defer z.Close()
		}
		m := New(panetest.AsciiStyles(), KeysFrom(keymap.Default().Nav, true), Column{Title: "Name", Width: 4, Flex: true})
		m.SetFilterKeys(FilterKeysFrom(keymap.Default()))
		m.SetSize(30, 6)
		m.SetRows([]table.Row{{"r0"}, {"r1"}, {"r2"}})
		view := func() string { return z.Scan(z.Mark("list", m.View())) }
		if on {
			mousetest.Settle(t, z, view)
		}
		type step struct {
			msg          tea.MouseMsg
			moved, open  bool
			cursorWanted int
		}
		steps := []step{
			{mousetest.Click(3, 0), false, false, 0}, // the header
			{mousetest.Click(3, 2), true, false, 1},
			{mousetest.Click(3, 2), false, true, 1},
			{mousetest.Wheel(3, 2, true), true, false, 2},
			{mousetest.Wheel(3, 2, true), false, false, 2},
			{mousetest.Click(3, 9), false, false, 2}, // under the zone
		}
		for i, s := range steps {
			moved, open := m.Mouse(z, "list", s.msg)
			if !on {
				s = step{cursorWanted: 0}
			}
			if moved != s.moved || open != s.open || m.Cursor() != s.cursorWanted {
				t.Fatalf("mouse %v, step %d: moved %v, open %v, cursor %d; want %v, %v, %d", on, i, moved, open, m.Cursor(), s.moved, s.open, s.cursorWanted)
			}
		}
		if !on {
			continue
		}
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
		if !m.Filtering() {
			t.Fatal("/ did not start the filter")
		}
		mousetest.Settle(t, z, view)
		y := -1
		for i, l := range strings.Split(m.View(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), Marker) {
				y = i
			}
		}
		if i, ok := m.RowAt(y); !ok || i != m.Cursor() {
			t.Fatalf("the selected row is not on line %d:\n%s", y, m.View())
		}
		if _, open := m.Mouse(z, "list", mousetest.Click(3, y)); open {
			t.Fatal("a click on the selected row opened it while the filter is typed")
		}
	}
}
