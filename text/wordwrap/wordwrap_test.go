package wordwrap

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestFlagsStayWhole(t *testing.T) {
	text := `Built-in demo host (--demo). Point the console at a real host with --gateway URL, DPCONSOLE_GATEWAY or "gateway:" in /root/.config/dpconsole/config.yaml.`
	for w := 20; w <= 80; w++ {
		lines := Lines(text, w)
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Fatalf("width %d: line %q is too wide", w, l)
			}
			if strings.HasSuffix(l, "-") || strings.HasSuffix(l, "--gateway") {
				t.Fatalf("width %d: a flag was split from its argument or cut: %q", w, l)
			}
		}
		nospace := func(s string) string { return strings.ReplaceAll(s, " ", "") }
		if got := strings.Join(lines, " "); nospace(got) != nospace(text) {
			t.Fatalf("width %d: text changed:\n%s", w, got)
		}
	}
}

func TestLongWordsAreCut(t *testing.T) {
	got := Lines("see http://127.0.0.1:18777/api-long-path now", 10)
	want := []string{"see", "http://127", ".0.0.1:187", "77/api-lon", "g-path now"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestLimit(t *testing.T) {
	got := Limit("one two three four five six", 9, 2)
	if len(got) != 2 || got[0] != "one two" || got[1] != "three…" {
		t.Fatalf("got %q", got)
	}
	if got := Limit("short", 20, 3); len(got) != 1 || got[0] != "short" {
		t.Fatalf("got %q", got)
	}
}

func TestWideCharactersOnANarrowLine(t *testing.T) {
	got := Lines("a漢字", 1)
	want := []string{"a", "漢", "字"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}
