package picker

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dpconsole/keymap"
	"dpconsole/theme"
	"dpconsole/views/panetest"
)

// TestMain makes lipgloss's default renderer colour, so a table style
// left from bubbles' defaults shows up as escapes in a plain picker.
func TestMain(m *testing.M) { panetest.Main(m) }

// A plain picker draws no escapes: its header, cells, selected row and
// counts all come from the session's Ascii styles.
func TestPlainPickerHasNoEscapes(t *testing.T) {
	m := New(panetest.AsciiStyles(), KeysFrom(keymap.Default().Nav, true), Column{Title: "Name", Width: 4, Flex: true})
	m.SetSize(30, 3)
	m.SetRows([]table.Row{{"r0"}, {"r1"}, {"r2"}, {"r3"}})
	if v := m.View(); strings.Contains(v, "\x1b") || !strings.Contains(v, "more") {
		t.Fatalf("plain picker: %q", v)
	}
}

func TestMarkerFollowsCursorAndFlexFills(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m := New(theme.NewStyles(r, theme.Dark()), KeysFrom(keymap.Default().Nav, true),
		Column{Title: "Name", Width: 4, Flex: true}, Column{Title: "State", Width: 6})
	m.SetSize(40, 4)
	m.SetRows([]table.Row{{"one", "ok"}, {"two", "bad"}})
	lines := strings.Split(m.View(), "\n")
	if !strings.HasPrefix(strings.TrimSpace(lines[1]), Marker+"  one") {
		t.Fatalf("first row not marked:\n%s", m.View())
	}
	if w := lipgloss.Width(lines[0]); w != 40 {
		t.Fatalf("header is %d wide, want 40", w)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyDown})
	if m.Cursor() != 1 || m.Selected()[0] != "two" {
		t.Fatalf("cursor %d selected %v", m.Cursor(), m.Selected())
	}
	if !strings.Contains(m.View(), Marker+"  two") || strings.Contains(m.View(), Marker+"  one") {
		t.Fatalf("marker did not move:\n%s", m.View())
	}
	m.SetSize(50, 5) // a resize keeps the selection
	if m.Cursor() != 1 || !strings.Contains(m.View(), Marker+"  two") {
		t.Fatalf("a resize moved the cursor to %d:\n%s", m.Cursor(), m.View())
	}
	m.SetRows(nil)
	if m.Cursor() != -1 || m.Selected() != nil {
		t.Fatal("an empty picker has a selection")
	}
}

// Rows that do not fit are counted above and below, from the
// picker's own cursor and offset.
func TestHiddenRowsAreCounted(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m := New(theme.NewStyles(r, theme.Dark()), KeysFrom(keymap.Default().Nav, true),
		Column{Title: "Name", Width: 4, Flex: true})
	m.SetSize(30, 5) // header, 3 rows, the counts
	var rows []table.Row
	for _, n := range []string{"r0", "r1", "r2", "r3", "r4", "r5"} {
		rows = append(rows, table.Row{n})
	}
	m.SetRows(rows)
	check := func(above, below int, first string) {
		t.Helper()
		v := m.View()
		lines := strings.Split(v, "\n")
		if len(lines) != 5 {
			t.Fatalf("%d lines, want 5:\n%s", len(lines), v)
		}
		if a, b := m.Hidden(); a != above || b != below {
			t.Fatalf("hidden %d above, %d below; want %d, %d:\n%s", a, b, above, below, v)
		}
		if !strings.Contains(lines[1], first) {
			t.Fatalf("first row in view is not %s:\n%s", first, v)
		}
		last := lines[4]
		if (above > 0) != strings.Contains(last, fmt.Sprintf("↑ %d more", above)) ||
			(below > 0) != strings.Contains(last, fmt.Sprintf("↓ %d more", below)) {
			t.Fatalf("last line %q for %d above, %d below", last, above, below)
		}
		if !strings.Contains(v, Marker+"  "+m.Selected()[0]) {
			t.Fatalf("selected %v not marked:\n%s", m.Selected(), v)
		}
	}
	check(0, 3, "r0")
	for range 3 {
		m.Update(tea.KeyMsg{Type: tea.KeyDown})
	}
	check(1, 2, "r1")
	m.Update(tea.KeyMsg{Type: tea.KeyEnd})
	check(3, 0, "r3")
	m.Update(tea.KeyMsg{Type: tea.KeyPgUp})
	check(2, 1, "r2")
	m.Update(tea.KeyMsg{Type: tea.KeyHome})
	check(0, 3, "r0")
	m.SetSize(30, 10) // all fit: no counts
	if a, b := m.Hidden(); a != 0 || b != 0 || strings.Contains(m.View(), "more") {
		t.Fatalf("hidden %d, %d:\n%s", a, b, m.View())
	}
}

// View changes nothing: a second View draws what the first did (it once
// grew the table by a blank row below the rows when some were hidden).
func TestViewIsStable(t *testing.T) {
	m := New(panetest.AsciiStyles(), KeysFrom(keymap.Default().Nav, true), Column{Title: "Name", Width: 4})
	m.SetSize(30, 5)
	m.SetRows([]table.Row{{"r0"}, {"r1"}, {"r2"}, {"r3"}, {"r4"}})
	first := m.View()
	if second := m.View(); second != first || strings.Count(first, "\n") != 4 {
		t.Fatalf("first:\n%s\nsecond:\n%s", first, second)
	}
}
