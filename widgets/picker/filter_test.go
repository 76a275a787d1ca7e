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

func filtered(t *testing.T, p termenv.Profile) *Model {
	t.Helper()
	km := keymap.Default()
	m := New(theme.NewStyles(panetest.Renderer(p), theme.Dark()), KeysFrom(km.Nav, true),
		Column{Title: "Name", Width: 4, Flex: true}, Column{Title: "State", Width: 6})
	m.SetFilterKeys(FilterKeysFrom(km))
	m.SetSize(40, 8)
	m.SetRows([]table.Row{{"production", "ok"}, {"staging", "bad"}, {"prod-eu", "ok"}, {"qa", "ok"}})
	return &m
}

func typeKeys(m *Model, keys ...string) {
	for _, k := range keys {
		m.Update(panetest.KeyMsg(k))
	}
}

// `/` opens the filter; what is typed (q included) filters fuzzily, in
// the rows' order; the cursor and Selected speak of the rows as given;
// Enter keeps the filter, Esc clears it and the selection stays.
func TestFilterNarrowsAndClears(t *testing.T) {
	m := filtered(t, termenv.Ascii)
	typeKeys(m, "down", "/")
	if !m.Filtering() || m.Cursor() != 1 {
		t.Fatalf("filtering %v cursor %d", m.Filtering(), m.Cursor())
	}
	typeKeys(m, "p", "r", "d")
	if m.Len() != 2 || m.CountText() != "2 of 4" {
		t.Fatalf("prd shows %d rows (%s)", m.Len(), m.CountText())
	}
	if m.Cursor() != 0 || m.Selected()[0] != "production" {
		t.Fatalf("selected %v at %d", m.Selected(), m.Cursor())
	}
	typeKeys(m, "down")
	if m.Cursor() != 2 || m.Selected()[0] != "prod-eu" {
		t.Fatalf("down selects %v at %d, want prod-eu at 2", m.Selected(), m.Cursor())
	}
	v := m.View()
	if strings.Contains(v, "staging") || !strings.Contains(v, "/prd") || !strings.Contains(v, "2 of 4") {
		t.Fatalf("filtered view:\n%s", v)
	}
	typeKeys(m, "enter")
	if m.Filtering() || m.Len() != 2 {
		t.Fatalf("enter: filtering %v, %d rows", m.Filtering(), m.Len())
	}
	typeKeys(m, "j") // moves again once the filter is kept
	if m.Selected()[0] != "prod-eu" {
		t.Fatalf("j after enter: %v", m.Selected())
	}
	typeKeys(m, "esc")
	if m.Filtered() || m.Len() != 4 || m.Selected()[0] != "prod-eu" || m.CountText() != "4" {
		t.Fatalf("esc: filtered %v, %d rows, selected %v", m.Filtered(), m.Len(), m.Selected())
	}
	typeKeys(m, "/", "q", "backspace", "z", "z", "z")
	if m.Len() != 0 || m.Cursor() != -1 || m.Selected() != nil || !strings.Contains(m.View(), "no row matches") {
		t.Fatalf("zzz: %d rows, cursor %d:\n%s", m.Len(), m.Cursor(), m.View())
	}
}

// New rows (a refresh) are filtered by the query kept, and a table
// rebuilt with new columns takes the filter over with SetFilter.
func TestFilterSurvivesRefreshAndRebuild(t *testing.T) {
	m := filtered(t, termenv.Ascii)
	typeKeys(m, "/", "o", "k", "enter")
	m.SetRows([]table.Row{{"a", "ok"}, {"b", "bad"}, {"c", "ok"}})
	if m.CountText() != "2 of 3" {
		t.Fatalf("after refresh: %s", m.CountText())
	}
	km := keymap.Default()
	n := New(panetest.AsciiStyles(), KeysFrom(km.Nav, true), Column{Title: "Name", Width: 4})
	n.SetSize(40, 8)
	n.SetRows([]table.Row{{"ok1"}, {"x"}})
	n.SetFilter(m.Filter())
	if n.CountText() != "1 of 2" || n.Selected()[0] != "ok1" {
		t.Fatalf("rebuilt: %s %v", n.CountText(), n.Selected())
	}
}

// The matched characters are marked where the table draws them, in the
// match style (the selected row's in the current match's), and only
// those: the rest of each line reads as before.
func TestFilterMarksMatches(t *testing.T) {
	m := filtered(t, termenv.TrueColor)
	typeKeys(m, "/", "e", "u")
	s := m.styles
	v := m.View()
	row := strings.Split(v, "\n")[1]
	if !strings.Contains(row, s.MatchCurrent.Render("eu")) || strings.Count(row, "\x1b[0m") != 3 {
		t.Fatalf("selected row's matches not marked: %q", row)
	}
	if got := ansi.Strip(row); !strings.Contains(got, Marker+"  prod-eu") {
		t.Fatalf("marked row reads %q", got)
	}
	plain := filtered(t, termenv.Ascii)
	typeKeys(plain, "/", "e", "u")
	if ansi.Strip(v) != plain.View() {
		t.Fatalf("marks changed the text:\n%s\n---\n%s", ansi.Strip(v), plain.View())
	}
}

// TestCutMiddleKeepsBothEnds: a CutMiddle column narrower than its cell
// keeps the cell's start and end (a host's port), not only its start.
func TestCutMiddleKeepsBothEnds(t *testing.T) {
	m := New(panetest.AsciiStyles(), KeysFrom(keymap.Default().Nav, true),
		Column{Title: "Host", Width: 10, Flex: true, CutMiddle: true}, Column{Title: "State", Width: 6})
	m.SetRows([]table.Row{{"127.0.0.1:18799", "down"}, {"127.0.0.1:18741", "ok"}})
	m.SetSize(24, 6)
	v := m.View()
	if !strings.Contains(v, "…18799") || !strings.Contains(v, "…18741") || !strings.Contains(v, "127.") {
		t.Fatalf("the hosts lost an end:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > 24 {
			t.Fatalf("a line of %d cells:\n%s", w, v)
		}
	}
}
