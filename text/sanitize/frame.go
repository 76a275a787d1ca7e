package sanitize

import (
	"strings"
	"unicode/utf8"
)

// Frame is the console's last line of defence, applied to every frame
// before it reaches the renderer: whatever a view forgot to sanitise, the
// frame carries no escape sequence but SGR styling (ESC [ params m), and
// no C0 or C1 control but newline. Other escapes and controls are shown
// as Sanitize shows them ("^[", "^M", \u009b), bidi overrides and line
// separators too, so host text can never set the window title, write the
// clipboard, clear the screen or reorder a line. A clean frame is
// returned as it is, without a copy.
func Frame(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		if n := sgrLen(s[i:]); n > 0 {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20:
			b.WriteByte('^')
			b.WriteByte(byte(r) + 0x40)
		case r == 0x7f:
			b.WriteString("^?")
		case unsafeRune(r):
			b.WriteString(`\u`)
			const hex = "0123456789abcdef"
			b.WriteByte(hex[r>>12&0xf])
			b.WriteByte(hex[r>>8&0xf])
			b.WriteByte(hex[r>>4&0xf])
			b.WriteByte(hex[r&0xf])
		default:
			b.WriteString(s[i-size : i])
		}
	}
	return b.String()
}

// firstUnsafe returns the index of the first byte Frame must change, or
// -1 for a clean frame. It reads bytes, not runes, for speed: the frames
// are mostly ASCII and SGR.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			n := sgrLen(s[i:])
			if n == 0 {
				return i
			}
			i += n
			continue
		case c == '\n':
		case c < 0x20 || c == 0x7f:
			return i
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && size == 1) || unsafeRune(r) {
				return i
			}
			i += size
			continue
		}
		i++
	}
	return -1
}

// sgrLen returns the length of the SGR sequence s starts with (ESC [,
// digits, ';' or ':', then 'm'), or 0 when s does not start with one.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}
