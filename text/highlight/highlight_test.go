package highlight

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

const doc = `<?xml version="1.0"?>
<Tasks>
  <Task name="protect-inbox" enabled="true">
    <!-- a comment
         over two lines -->
    <Schedule every="30s"/>
  </Task>
</Tasks>
`

func TestHighlightXMLColours(t *testing.T) {
	h := New("monokai", termenv.TrueColor)
	lines := h.XML(doc)
	want := strings.Split(strings.TrimSuffix(doc, "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d: %q", len(lines), len(want), lines)
	}
	coloured := 0
	for i, l := range lines {
		if strings.Contains(l, "\n") {
			t.Errorf("line %d contains a newline", i)
		}
		if plain := sgr.ReplaceAllString(l, ""); plain != want[i] {
			t.Errorf("line %d without colour = %q, want %q", i, plain, want[i])
		}
		if strings.Contains(l, "\x1b[38;2;") {
			coloured++
		}
		// Every line closes what it opens, so a multi-line comment does
		// not bleed colour into the next line or the pane's padding.
		if codes := sgr.FindAllString(l, -1); len(codes) > 0 && codes[len(codes)-1] != "\x1b[0m" {
			t.Errorf("line %d leaves a style open: %q", i, l)
		}
	}
	if coloured < len(lines)-1 {
		t.Errorf("only %d of %d lines carry colour", coloured, len(lines))
	}
	if !strings.Contains(lines[4], "\x1b[") {
		t.Errorf("the comment's second line lost its colour: %q", lines[4])
	}
}

func TestHighlightPlain(t *testing.T) {
	for _, h := range []*Highlighter{New("", termenv.TrueColor), New("monokai", termenv.Ascii), New("no-such-style", termenv.ANSI256)} {
		lines := h.Lines("<a>\x1b]0;pwned\a</a>\n", "xml")
		if len(lines) != 1 || lines[0] != "<a>^[]0;pwned^G</a>" {
			t.Errorf("plain highlighter (style %q) = %q", h.Style(), lines)
		}
	}
}

func TestHighlightNeutralisesControlCharacters(t *testing.T) {
	h := New("github", termenv.ANSI256)
	lines := h.Lines("<a attr=\"\x1b[2J\">\x1b]52;c;AAAA\a\u009b1m</a>", "xml")
	for _, l := range lines {
		if strings.ContainsAny(sgr.ReplaceAllString(l, ""), "\x1b\a\u009b") {
			t.Errorf("control character reached the output: %q", l)
		}
	}
}

func TestHighlightCache(t *testing.T) {
	h := New("monokai", termenv.ANSI256)
	a := h.XML(doc)
	b := h.XML(strings.Clone(doc))
	if &a[0] != &b[0] {
		t.Error("same content was highlighted twice instead of served from cache")
	}
	c := h.Lines(doc, "text")
	if &a[0] == &c[0] {
		t.Error("a different lexer was served the XML result")
	}
	d := h.XML(doc + "<!-- changed -->")
	if &a[0] == &d[0] || len(d) != len(a)+1 {
		t.Error("changed content was served the old result")
	}
}

func TestCacheEvicts(t *testing.T) {
	h := New("monokai", termenv.ANSI256)
	h.limit = 4096
	first := h.XML("<!-- 0 -->\n" + strings.Repeat("<a>x</a>\n", 10))
	for i := 1; i < 40; i++ {
		h.XML(fmt.Sprintf("<!-- %d -->\n", i) + strings.Repeat("<a>x</a>\n", 10))
	}
	h.mu.Lock()
	if h.bytes > h.limit || h.lru.Len() != len(h.byKey) || h.lru.Len() < 2 {
		t.Errorf("cache holds %d bytes in %d entries (%d keys), limit %d", h.bytes, h.lru.Len(), len(h.byKey), h.limit)
	}
	h.mu.Unlock()
	if again := h.XML("<!-- 0 -->\n" + strings.Repeat("<a>x</a>\n", 10)); &again[0] == &first[0] {
		t.Error("the least recently used entry was not evicted")
	}
	if huge := h.XML(strings.Repeat("<a>x</a>\n", 1000)); len(huge) != 1000 || h.lru.Len() == 0 {
		t.Error("an entry bigger than the cache should be returned uncached, leaving the cache alone")
	}
}

func TestGuessLexerAndEmpty(t *testing.T) {
	h := New("monokai", termenv.TrueColor)
	if got := h.Lines("", ""); len(got) != 0 {
		t.Errorf("empty document gave %q", got)
	}
	lines := h.Lines(doc, "")
	if len(lines) != 8 || sgr.ReplaceAllString(lines[1], "") != "<Tasks>" {
		t.Errorf("guessed-lexer output = %q", lines)
	}
}

// chroma's XML lexer backtracks on what is left unterminated, so only a
// well-formed document is coloured; a malformed one is shown plain, all of
// its text kept.
func TestMalformedXMLShownPlain(t *testing.T) {
	h := New("monokai", termenv.ANSI256)
	for _, bad := range []string{"<Tasks>&#&#&#</Tasks>", "<a><b></a>", "<?x <?x", "<a b='c>", "<a>\n<![CDATA[x\n</a>"} {
		lines := h.XML(bad)
		if got := strings.Join(lines, "\n"); got != bad {
			t.Errorf("%q shown as %q", bad, got)
		}
	}
	for _, good := range []string{doc, "<a/><b/>", `<?xml version="1.0" encoding="ISO-8859-1"?><a>x &amp; y</a>`} {
		if lines := h.XML(good); !strings.Contains(strings.Join(lines, ""), "\x1b[") {
			t.Errorf("well-formed %q shown without colour", good)
		}
	}
	// Another lexer is not held to XML's rules.
	if lines := h.Lines("<a><b></a>", "html"); !strings.Contains(strings.Join(lines, ""), "\x1b[") {
		t.Error("the HTML lexer's output lost its colours")
	}
}

// A highlight whose context is done gives up and caches nothing, so a
// document replaced meanwhile does not keep a goroutine busy.
func TestLinesContextStops(t *testing.T) {
	h := New("monokai", termenv.ANSI256)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, d := range []string{doc, "<Tasks>" + strings.Repeat("&#", 32000) + "</Tasks>"} {
		if lines, err := h.LinesContext(ctx, d, "xml"); err == nil || lines != nil {
			t.Errorf("a cancelled highlight returned %d lines, error %v", len(lines), err)
		}
	}
	h.mu.Lock()
	n := h.lru.Len()
	h.mu.Unlock()
	if n != 0 {
		t.Errorf("a cancelled highlight left %d cache entries", n)
	}
	if lines, err := h.LinesContext(t.Context(), doc, "xml"); err != nil || len(lines) != 8 {
		t.Errorf("highlight = %d lines, %v", len(lines), err)
	}
}
