// Package jsonsafe escapes, in JSON that encoding/json wrote, the
// characters it leaves raw that a terminal or an editor would obey or
// reorder when the JSON is shown: the CLI's --json output and the SSH
// audit log hold host and client text.
package jsonsafe

import (
	"fmt"
	"unicode/utf8"
)

// Escape writes the characters that reorder or redraw text when shown
// (C1 controls, DEL, bidi marks, overrides and isolates), which
// encoding/json leaves raw, as \uXXXX escapes. They can only occur inside
// JSON strings, where the escape means the same character, so the
// document's value is unchanged.
func Escape(b []byte) []byte {
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if obeyed(r) {
			break
		}
		i += size
	}
	if i == len(b) {
		return b
	}
	out := append(make([]byte, 0, len(b)+32), b[:i]...)
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if obeyed(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

func obeyed(r rune) bool {
	switch {
	case r >= 0x7f && r < 0xa0: // DEL and C1
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r == 0x2028, r == 0x2029:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
