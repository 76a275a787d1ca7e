package logview

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"dpconsole/keymap"
)

func TestSearchHighlightsAndJumps(t *testing.T) {
	m := newModel(60, 6)
	var es []Entry
	for i := 0; i < 50; i++ {
		text := fmt.Sprintf("line %d", i)
		if i%10 == 3 {
			text = fmt.Sprintf("line %d has the Needle", i)
		}
		es = append(es, Entry{Level: "info", Text: text})
	}
	m.Append(es...)
	press(m, "/")
	if !m.Typing() {
		t.Fatal("/ should open the search prompt")
	}
	if s := status(t, m); !strings.HasPrefix(s, "/") {
		t.Errorf("status while typing = %q, want the prompt", s)
	}
	press(m, "q") // typed, not a quit
	if m.input.Value() != "q" {
		t.Fatalf("typed q gave input %q", m.input.Value())
	}
	m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	typeText(m, "needle")
	press(m, "enter")
	if m.Typing() || m.Query() != "needle" || m.MatchCount() != 5 {
		t.Fatalf("after enter: typing=%v query=%q matches=%d", m.Typing(), m.Query(), m.MatchCount())
	}
	// Following, so the latest match is current and it is already visible.
	if s := status(t, m); !strings.Contains(s, `"needle" 5/5`) {
		t.Errorf("status = %q, want match 5/5", s)
	}
	press(m, "N", "N")
	lines := screen(t, m)
	// Plain (ASCII profile): the current match is marked in the gutter.
	if m.Following() || !containsLine(lines, "> INFO  line 23 has the Needle") || !containsLine(lines, "  INFO  line 22") {
		t.Fatalf("N N should show match 3 (line 23) with its neighbours:\n%s", strings.Join(lines, "\n"))
	}
	press(m, "n", "n", "n")
	if s := status(t, m); !strings.Contains(s, `"needle" 1/5`) {
		t.Errorf("n past the last match should wrap to 1/5, status %q", s)
	}
	m.Append(Entry{Text: "a new NEEDLE"})
	if m.MatchCount() != 6 {
		t.Errorf("appended match not indexed: %d", m.MatchCount())
	}
	press(m, "esc")
	if m.Searching() || m.MatchCount() != 0 {
		t.Error("esc should clear the search")
	}
	// Under a level filter only shown entries match, and n skips the rest.
	m.Append(Entry{Level: "debug", Text: "hidden needle"})
	m.SetMinLevel(LevelInfo)
	m.Search("needle")
	if m.MatchCount() != 6 {
		t.Errorf("filtered search found %d, want 6 (the debug entry is hidden)", m.MatchCount())
	}
	m.SetMinLevel(LevelDebug)
	if m.MatchCount() != 7 {
		t.Errorf("after clearing the filter the search found %d, want 7", m.MatchCount())
	}
	// An upper-case letter makes the search exact.
	m.Search("Needle")
	if m.MatchCount() != 5 {
		t.Errorf("exact search found %d, want 5", m.MatchCount())
	}
}

func TestSearchHighlightInColour(t *testing.T) {
	s := styles(termenv.TrueColor)
	m := New(s, keymap.Default())
	m.SetTimeMode(TimeOff)
	m.SetSize(40, 4)
	m.Append(Entry{Level: "info", Text: "abc needle xyz"}, Entry{Level: "info", Text: "other"})
	m.Search("needle")
	lines := strings.Split(m.View(), "\n")
	want := s.MatchCurrent.Render("needle")
	if !strings.Contains(lines[0], want) || strings.Contains(lines[1], "needle") {
		t.Fatalf("match not highlighted as current: %q", lines[0])
	}
	if ansi.Strip(lines[0]) != "INFO  abc needle xyz" {
		t.Errorf("highlighting changed the text: %q", ansi.Strip(lines[0]))
	}
}

// Without colour the matches are marked in a gutter, the current one
// differently, and the marks take their width from the text, so no row
// is wider than the view, wrapped or not.
func TestPlainSearchGutter(t *testing.T) {
	for _, wrap := range []bool{false, true} {
		m := newModel(30, 8)
		if wrap != m.wrap {
			press(m, "w")
		}
		m.Append(Entry{Level: "info", Text: "before"}, Entry{Level: "info", Text: "a needle here"},
			Entry{Level: "warn", Text: strings.Repeat("x", 40) + " needle"}, Entry{Level: "info", Text: "after"})
		before := screen(t, m)
		m.Search("needle")
		lines := screen(t, m)
		if !containsLine(lines, "» INFO  a needle here") || !containsLine(lines, "  INFO  before") {
			t.Fatalf("wrap %v: matches not marked:\n%s", wrap, strings.Join(lines, "\n"))
		}
		current := 0
		for _, l := range lines {
			if strings.HasPrefix(l, "> WARN") {
				current++
			}
			if w := lipgloss.Width(l); w > 30 {
				t.Errorf("wrap %v: row %q is %d wide", wrap, l, w)
			}
		}
		if current != 1 {
			t.Fatalf("wrap %v: current match not marked once:\n%s", wrap, strings.Join(lines, "\n"))
		}
		m.Search("")
		if got := screen(t, m); strings.Join(got, "\n") != strings.Join(before, "\n") {
			t.Fatalf("wrap %v: the gutter stays after the search ends:\n%s", wrap, strings.Join(got, "\n"))
		}
	}
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestLevelFilter(t *testing.T) {
	m := newModel(60, 30)
	m.Append(entries(0, 20)...)
	press(m, "L", "L") // debug → info → warn
	if m.MinLevel() != LevelWarn {
		t.Fatalf("MinLevel = %v, want warn", m.MinLevel())
	}
	lines := screen(t, m)
	if lines[0] != "WARN  entry 2" || lines[1] != "ERROR entry 3" || lines[2] != "WARN  entry 6" || lines[10] != "" {
		t.Fatalf("warn filter view:\n%s", strings.Join(lines, "\n"))
	}
	if s := status(t, m); !strings.Contains(s, "≥WARN (10 hidden)") {
		t.Errorf("status = %q, want the filter and hidden count", s)
	}
	m.Append(Entry{Level: "info", Text: "quiet"}, Entry{Level: "error", Text: "loud"})
	lines = screen(t, m)
	if lines[10] != "ERROR loud" || containsLine(lines, "INFO  quiet") {
		t.Fatalf("append under a filter:\n%s", strings.Join(lines, "\n"))
	}
	press(m, "L", "L")
	if m.MinLevel() != LevelDebug || !containsLine(screen(t, m), "INFO  quiet") {
		t.Fatal("L should cycle back to showing everything")
	}
	m.SetMinLevel(LevelError)
	m.Reset([]Entry{{Level: "info", Text: "x"}})
	if lines := screen(t, m); !strings.HasPrefix(lines[0], "no entries at ERROR or above (1 hidden)") {
		t.Fatalf("everything filtered out shows %q", lines[0])
	}
}

func TestMatchSpans(t *testing.T) {
	q := newQuery("ab")
	text := "xxABxxabxab"
	if got := fmt.Sprint(q.spans(text, 0, len(text))); got != "[[2 4] [6 8] [9 11]]" {
		t.Errorf("spans = %s", got)
	}
	// A match across a row boundary is highlighted on both rows.
	if got := fmt.Sprint(q.spans(text, 0, 3), q.spans(text, 3, 7)); got != "[[2 3]] [[3 4] [6 7]]" {
		t.Errorf("split spans = %s", got)
	}
	if indexFold("Hello WORLD", "world") != 6 || indexFold("abc", "abcd") != -1 || indexFold("", "a") != -1 {
		t.Error("indexFold")
	}
	if newQuery("World").index("hello world") != -1 {
		t.Error("an upper-case query should match exactly")
	}
}
