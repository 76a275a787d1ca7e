package picker

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"dpconsole/keymap"
	"dpconsole/theme"
	"dpconsole/views/panetest"
)

func painted(t *testing.T, p termenv.Profile) (*Model, *theme.Styles) {
	t.Helper()
	km := keymap.Default()
	s := theme.NewStyles(panetest.Renderer(p), theme.Dark())
	m := New(s, KeysFrom(km.Nav, true), Column{Title: "Name", Width: 6, Flex: true}, Column{Title: "Recent", Width: 8}, Column{Title: "Note", Width: 6})
	m.SetFilterKeys(FilterKeysFrom(km))
	m.SetSize(40, 6)
	// The note column holds a mark too: only the Recent column is painted.
	m.SetRows([]table.Row{{"alpha", "✓✓✗", "✓ note"}, {"beta", "✗✓", "plain"}})
	m.SetPaint(Paint{Column: 1, Marks: map[rune]lipgloss.Style{'✓': s.StatusGood, '✗': s.StatusBad}})
	return &m, s
}

// TestPaintColoursOneColumnsMarks: the strip's marks are drawn in their
// colours on every row in view, the selected one keeping its background;
// the same mark in another column, the widths and the text stay as the
// table drew them; a plain renderer and a filter paint nothing.
func TestPaintColoursOneColumnsMarks(t *testing.T) {
	m, s := painted(t, termenv.ANSI256)
	v := m.View()
	lines := strings.Split(v, "\n")
	good, bad := s.StatusGood.Render("✓"), s.StatusBad.Render("✗")
	if strings.Count(lines[2], good) != 1 || strings.Count(lines[2], bad) != 1 {
		t.Fatalf("beta's strip is not painted: %q", lines[2])
	}
	selGood := s.StatusGood.Inherit(s.TableSelected).Render("✓")
	if n := strings.Count(lines[1], selGood); n != 2 {
		t.Fatalf("the selected row has %d painted ✓, want the strip's 2 (not its note's): %q", n, lines[1])
	}
	for i, l := range lines[:3] {
		if w := ansi.StringWidth(l); w > 40 {
			t.Fatalf("line %d is %d cells wide: %q", i, w, l)
		}
	}
	if got := ansi.Strip(v); !strings.Contains(got, "✓ note") || !strings.Contains(got, "✓✓✗") || !strings.Contains(got, "alpha") {
		t.Fatalf("the text changed:\n%s", got)
	}

	plain, _ := painted(t, termenv.Ascii)
	if pv := plain.View(); strings.Contains(pv, "\x1b") {
		t.Fatalf("a plain renderer got escapes: %q", pv)
	}
	typeKeys(m, "/", "a")
	if fv := m.View(); strings.Contains(fv, good) {
		t.Fatalf("painted while the filter marks its matches:\n%q", fv)
	}
}
