package picker

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dpconsole/keymap"
	"dpconsole/theme"
)

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
