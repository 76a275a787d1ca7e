// Package sanitize makes text from a host safe to show in a terminal: a
// host's strings may carry control sequences, and the console shows them
// instead of obeying them (docs/protocol.md §10).
package sanitize

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// tabWidth is the distance between tab stops when tabs are expanded.
const tabWidth = 8

// Sanitize makes a document safe to print in a terminal: newlines stay,
// "\r\n" becomes "\n", tabs become spaces, and every other control
// character is shown instead of obeyed (ESC as "^[", DEL as "^?", C1
// controls and bidi overrides as \uXXXX, invalid UTF-8 as U+FFFD).
func Sanitize(doc string) string { return sanitize(doc, true) }

// SanitizeLine is Sanitize for text shown on one line: newlines are shown
// as "↵" too.
func SanitizeLine(line string) string { return sanitize(line, false) }

// clean reports whether s is printable ASCII (plus newlines when allowed),
// the common case that needs no copy.
func clean(s string, keepNewlines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f {
			if c == '\n' && keepNewlines {
				continue
			}
			return false
		}
	}
	return true
}

func sanitize(s string, keepNewlines bool) string {
	if clean(s, keepNewlines) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	col := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
			col++
		case r == '\r' && i < len(s) && s[i] == '\n':
			// The "\n" that follows is handled on the next turn.
		case r == '\n':
			if keepNewlines {
				b.WriteByte('\n')
				col = 0
			} else {
				b.WriteString("↵")
				col++
			}
		case r == '\t':
			n := tabWidth - col%tabWidth
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case r < 0x20:
			b.WriteByte('^')
			b.WriteByte(byte(r) + 0x40)
			col += 2
		case r == 0x7f:
			b.WriteString("^?")
			col += 2
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
			col += 6
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}

// unsafeRune reports runes that reorder or break lines when printed: C1
// controls, line and paragraph separators, and bidi overrides/isolates.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r < 0xa0:
		return true
	case r == 0x2028 || r == 0x2029:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
