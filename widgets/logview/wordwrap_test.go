package logview

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestWrapBreaksAtWords: wrapped entries break after a word, never inside
// one (unless a word is longer than a row), and continuation rows start
// with the next word, not a stray space; every row fits.
func TestWrapBreaksAtWords(t *testing.T) {
	m := newModel(40, 10)
	m.SetTimeMode(TimeOff)
	m.SetWrap(true)
	text := "Execution 2 failed: ID partners.iic not found in the configuration or the shared area"
	m.Append(Entry{Level: "error", Text: text})
	lines := strings.Split(m.View(), "\n")
	var rows []string
	for _, l := range lines[:len(lines)-1] {
		if strings.TrimSpace(l) != "" {
			rows = append(rows, l)
		}
	}
	if len(rows) < 2 {
		t.Fatalf("the entry did not wrap:\n%s", m.View())
	}
	indent := len(rows[1]) - len(strings.TrimLeft(rows[1], " "))
	if first := strings.Index(rows[0], "Execution"); indent != first {
		t.Errorf("continuation indented %d, the text starts at %d:\n%s", indent, first, m.View())
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[w] = true
	}
	for i, r := range rows {
		if ansi.StringWidth(r) > 40 {
			t.Errorf("row %d wider than 40: %q", i, r)
		}
		f := strings.Fields(r)
		if i == 0 {
			f = f[1:] // the level label
		}
		for _, w := range f {
			if !words[w] {
				t.Errorf("row %d cuts a word: %q in %q", i, w, r)
			}
		}
	}
}

// TestOneMatchIsSingular: the status line says "1 match", not "1 matches".
func TestOneMatchIsSingular(t *testing.T) {
	if got := matchCount(1); got != "1 match" {
		t.Fatalf("matchCount(1) = %q", got)
	}
	if got := matchCount(3); got != "3 matches" {
		t.Fatalf("matchCount(3) = %q", got)
	}
	m := newModel(80, 6)
	m.Append(Entry{Level: "info", Text: "a needle here"}, Entry{Level: "info", Text: "hay"})
	m.Search("needle")
	m.matches.cur = -1 // before the first n: the count, not the position
	if v := m.View(); !strings.Contains(v, "1 match ") && !strings.HasSuffix(strings.TrimSpace(v), "1 match") && !strings.Contains(v, "1 match ·") {
		t.Fatalf("status:\n%s", v)
	}
	if v := m.View(); strings.Contains(v, "1 matches") {
		t.Fatalf("status says 1 matches:\n%s", v)
	}
}
