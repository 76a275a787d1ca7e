package wordwrap

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// TestCutAttack4LinesFitAndKeepText: for words of wide, combining, ZWJ
// emoji and control characters, every line is at most width cells by
// ansi.StringWidth (unless it is one grapheme wider than the width), and
// the lines put together are the word.
func TestCutAttack4LinesFitAndKeepText(t *testing.T) {
	pieces := []string{"a", "漢", "e\u0301", "👩\u200d👩\u200d👧", "🇯🇵", "\u0007", "\u200b", "x\u0308\u0301", "\u00ad", "ｱ", "\u0301", "\t"}
	rng := rand.New(rand.NewSource(4))
	for iter := 0; iter < 3000; iter++ {
		var b strings.Builder
		n := 1 + rng.Intn(40)
		for j := 0; j < n; j++ {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		word := b.String()
		for _, width := range []int{1, 2, 3, 5, 8} {
			lines := Lines(word, width)
			var want []string
			for _, f := range strings.Fields(word) {
				if ansi.StringWidth(f) > 0 { // a zero-width word is dropped (see review4-attack.md)
					want = append(want, f)
				}
			}
			var got, wantV string
			for _, l := range lines {
				for _, f := range strings.Fields(l) {
					got += visible(f)
				}
			}
			for _, f := range want {
				wantV += visible(f)
			}
			if got != wantV {
				t.Fatalf("width %d %q: lines %q lose text", width, word, lines)
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > width && widthy(l) > 1 {
					t.Fatalf("width %d %q: line %q is %d cells", width, word, l, w)
				}
			}
		}
	}
}

// widthy counts the graphemes of s that take cells.
func widthy(s string) int {
	n, st := 0, -1
	for s != "" {
		var c string
		var w int
		c, s, w, st = uniseg.FirstGraphemeClusterInString(s, st)
		_ = c
		if w > 0 {
			n++
		}
	}
	return n
}

// visible is s without its zero-width graphemes, which Lines may drop
// (see review4-attack.md).
func visible(s string) string {
	var b strings.Builder
	st := -1
	for s != "" {
		var c string
		var w int
		c, s, w, st = uniseg.FirstGraphemeClusterInString(s, st)
		if w > 0 {
			b.WriteString(c)
		}
	}
	return b.String()
}
