package wordwrap

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

func TestFlagsStayWhole(t *testing.T) {
	text := `Built-in demo host (--demo). Point the console at a real host with --gateway URL, DPCONSOLE_GATEWAY or "gateway:" in /root/.config/dpconsole/config.yaml.`
	for w := 20; w <= 80; w++ {
		lines := Lines(text, w)
		for _, l := range lines {
			if ansi.StringWidth(l) > w && uniseg.GraphemeClusterCount(l) > 1 { // one grapheme wider than the line goes alone
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

// TestLongWordsAreCutToTheWidth: a word longer than a line, of narrow,
// wide and combining characters, is cut into lines of at most the width,
// losing nothing, and what is left joins the next word.
func TestLongWordsAreCutToTheWidth(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width int
		want  []string
	}{
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"abcdefghij xy", 4, []string{"abcd", "efgh", "ij", "xy"}},
		{"abcdef g", 4, []string{"abcd", "ef g"}},
		{"日本語テキスト", 5, []string{"日本", "語テ", "キス", "ト"}},
		{"日本", 1, []string{"日", "本"}},
		{"e\u0301e\u0301e\u0301e\u0301e\u0301", 2, []string{"e\u0301e\u0301", "e\u0301e\u0301", "e\u0301"}},
	} {
		got := Lines(tc.text, tc.width)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Lines(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}

// BenchmarkLongWord wraps one word of 64 KiB and of 1 MiB (host text,
// such as a login refusal without spaces): the time per byte stays the
// same, where cutting a line at a time was quadratic (3 s a frame at
// 256 KiB).
func BenchmarkLongWord(b *testing.B) {
	for _, n := range []int{64 << 10, 1 << 20} {
		s := strings.Repeat("a", n)
		b.Run(fmt.Sprintf("bytes=%d", n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				Lines(s, 72)
			}
		})
	}
}

// TestWidthsAsLinesAreMeasured: a long word is cut by the widths lines are
// measured with everywhere (ansi.StringWidth: an emoji with VS16 is two
// cells), and a word of no width is kept, not dropped.
func TestWidthsAsLinesAreMeasured(t *testing.T) {
	word := strings.Repeat("☺\ufe0fax\u0308\ufe0f", 12) // the last: 1 cell to uniseg, 3 to ansi
	for _, w := range []int{2, 3, 5, 8} {
		for _, l := range Lines(word, w) {
			if ansi.StringWidth(l) > w && uniseg.GraphemeClusterCount(l) > 1 { // one grapheme wider than the line goes alone
				t.Fatalf("width %d: line %q is %d cells", w, l, ansi.StringWidth(l))
			}
		}
		if got := strings.Join(Lines(word, w), ""); got != word {
			t.Fatalf("width %d: %q lost text", w, got)
		}
	}
	if got := Lines("\u200b b", 10); len(got) != 1 || got[0] != "\u200b b" {
		t.Fatalf("a zero-width word: %q", got)
	}
}
