// Package highlight turns documents (XML above all) into terminal lines
// coloured with the theme's chroma style, and caches the result so a
// document is highlighted once per change and never inside View.
package highlight

import (
	"container/list"
	"context"
	"encoding/xml"
	"hash/maphash"
	"io"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/muesli/termenv"

	"dpconsole/text/sanitize"
	"dpconsole/theme"
)

// cacheBytes bounds the highlighted output kept in one Highlighter's cache.
const cacheBytes = 32 << 20

// Highlighter highlights documents for one chroma style and colour
// profile. It is safe for concurrent use, so a tea.Cmd may highlight while
// View reads earlier results; highlighting a big document belongs in a Cmd.
type Highlighter struct {
	style   string
	profile termenv.Profile
	seed    maphash.Seed
	limit   int // cache size in bytes

	mu     sync.Mutex
	byKey  map[cacheKey]*list.Element
	lru    *list.List // of *cached, most recently used first
	bytes  int
	codes  map[chroma.TokenType]string
	chroma *chroma.Style
}

type cacheKey struct {
	sum   uint64
	size  int
	lexer string
}

type cached struct {
	key     cacheKey
	content string
	lines   []string
	bytes   int
}

// New returns a Highlighter for the chroma style named style on a terminal
// with the given profile. An empty or unknown style, or the ASCII profile,
// gives plain (sanitized, uncoloured) lines.
func New(style string, profile termenv.Profile) *Highlighter {
	h := &Highlighter{
		profile: profile,
		seed:    maphash.MakeSeed(),
		limit:   cacheBytes,
		byKey:   map[cacheKey]*list.Element{},
		lru:     list.New(),
		codes:   map[chroma.TokenType]string{},
	}
	if s, ok := styles.Registry[style]; ok && profile != termenv.Ascii {
		h.style, h.chroma = style, s
	}
	return h
}

// ForStyles returns a Highlighter matching the theme styles: their chroma
// style and their renderer's colour profile.
func ForStyles(s *theme.Styles) *Highlighter {
	return New(s.ChromaStyle(), s.Renderer.ColorProfile())
}

// Style returns the chroma style in use, or "" when output is plain.
func (h *Highlighter) Style() string { return h.style }

// XML highlights an XML document; see Lines.
func (h *Highlighter) XML(content string) []string { return h.Lines(content, "xml") }

// Lines returns content as terminal lines (without newlines), highlighted
// with the chroma lexer named lexer ("" guesses from the content; an unknown
// name falls back to plain text). Control characters are made safe first.
// A document for the XML lexer is coloured only when it is well-formed:
// chroma's lexers backtrack, and on unterminated constructs ("&#" repeated,
// an unclosed "<?") they take time quadratic in the size, seconds for 64 KiB;
// a malformed document is shown plain.
// The result is cached by content and lexer and shared between callers:
// do not modify it.
func (h *Highlighter) Lines(content, lexer string) []string {
	lines, _ := h.LinesContext(context.Background(), content, lexer)
	return lines
}

// LinesContext is Lines that gives up once ctx is done (the document was
// replaced before its highlight finished): it then returns ctx's error and
// caches nothing.
func (h *Highlighter) LinesContext(ctx context.Context, content, lexer string) ([]string, error) {
	k := cacheKey{sum: maphash.String(h.seed, content), size: len(content), lexer: lexer}
	if lines, ok := h.lookup(k, content); ok {
		return lines, nil
	}
	lines, err := h.render(ctx, content, lexer)
	if err != nil {
		return nil, err
	}
	h.store(k, content, lines)
	return lines, nil
}

func (h *Highlighter) lookup(k cacheKey, content string) ([]string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	el, ok := h.byKey[k]
	if !ok || el.Value.(*cached).content != content {
		return nil, false
	}
	h.lru.MoveToFront(el)
	return el.Value.(*cached).lines, true
}

func (h *Highlighter) store(k cacheKey, content string, lines []string) {
	n := len(content)
	for _, l := range lines {
		n += len(l) + 16
	}
	if n > h.limit {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if el, ok := h.byKey[k]; ok {
		h.bytes -= el.Value.(*cached).bytes
		h.lru.Remove(el)
	}
	h.byKey[k] = h.lru.PushFront(&cached{key: k, content: content, lines: lines, bytes: n})
	h.bytes += n
	for h.bytes > h.limit {
		old := h.lru.Back().Value.(*cached)
		h.lru.Remove(h.lru.Back())
		delete(h.byKey, old.key)
		h.bytes -= old.bytes
	}
}

// checkEvery is how many tokens pass between two looks at the context.
const checkEvery = 512

func (h *Highlighter) render(ctx context.Context, content, lexerName string) ([]string, error) {
	doc := sanitize.Sanitize(content)
	if h.chroma == nil {
		return splitLines(doc), nil
	}
	var lexer chroma.Lexer
	if lexerName == "" {
		lexer = lexers.Analyse(doc)
	} else {
		lexer = lexers.Get(lexerName)
	}
	if lexer == nil {
		lexer = lexers.Fallback
	}
	if lexer.Config().Name == "XML" {
		ok, err := wellFormed(ctx, doc)
		if err != nil {
			return nil, err
		}
		if !ok {
			return splitLines(doc), nil
		}
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, doc)
	if err != nil {
		return splitLines(doc), nil
	}
	var tokens []chroma.Token
	for t := it(); t != chroma.EOF; t = it() {
		if len(tokens)%checkEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		tokens = append(tokens, t)
	}
	tokenLines := chroma.SplitTokensIntoLines(tokens)
	if n := len(tokenLines); n > 0 && len(tokenLines[n-1]) == 0 {
		tokenLines = tokenLines[:n-1]
	}
	out := make([]string, len(tokenLines))
	var b strings.Builder
	for i, toks := range tokenLines {
		b.Reset()
		for _, t := range toks {
			v := strings.TrimRight(t.Value, "\n")
			if v == "" {
				continue
			}
			if code := h.code(t.Type); code != "" {
				b.WriteString(code)
				b.WriteString(v)
				b.WriteString("\x1b[0m")
			} else {
				b.WriteString(v)
			}
		}
		out[i] = b.String()
	}
	return out, nil
}

// wellFormed reports whether doc parses as XML (several top-level elements
// allowed, any declared encoding taken as is). encoding/xml reads it in
// linear time, where chroma's lexer would backtrack over what is left
// unterminated.
func wellFormed(ctx context.Context, doc string) (bool, error) {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for n := 0; ; n++ {
		if n%checkEvery == 0 && ctx.Err() != nil {
			return false, ctx.Err()
		}
		if _, err := d.Token(); err == io.EOF {
			return true, nil
		} else if err != nil {
			return false, nil
		}
	}
}

// code returns the SGR sequence that starts a token of type tt ("" for
// none), computed once per type.
func (h *Highlighter) code(tt chroma.TokenType) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c, ok := h.codes[tt]; ok {
		return c
	}
	e := h.chroma.Get(tt)
	var parts []string
	if e.Colour.IsSet() {
		if seq := h.profile.Color(e.Colour.String()).Sequence(false); seq != "" {
			parts = append(parts, seq)
		}
	}
	if e.Bold == chroma.Yes {
		parts = append(parts, "1")
	}
	if e.Italic == chroma.Yes {
		parts = append(parts, "3")
	}
	if e.Underline == chroma.Yes {
		parts = append(parts, "4")
	}
	c := ""
	if len(parts) > 0 {
		c = "\x1b[" + strings.Join(parts, ";") + "m"
	}
	h.codes[tt] = c
	return c
}

// splitLines splits a document into lines, dropping the empty line after a
// final newline.
func splitLines(doc string) []string {
	if doc == "" {
		return nil
	}
	lines := strings.Split(doc, "\n")
	if n := len(lines); n > 1 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	return lines
}
