package hostdoc

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"unicode/utf8"
)

// XML text as the log scanner reads it: references, line ends, the
// characters XML allows, names, and small byte helpers.

// unescapeXML appends raw to out with its references resolved and its
// line ends normalised.
func unescapeXML(out, raw []byte, attr bool) ([]byte, error) {
	if err := checkChars(raw); err != nil {
		return nil, err
	}
	for len(raw) > 0 {
		// Copy the run up to the next byte that needs work.
		i := 0
		for i < len(raw) && !unescapeStop[raw[i]] {
			i++
		}
		out = append(out, raw[:i]...)
		if i == len(raw) {
			break
		}
		c := raw[i]
		raw = raw[i+1:]
		switch {
		case c == '&':
			semi := bytes.IndexByte(raw[:min(len(raw), 31)], ';')
			if semi < 0 {
				return nil, errf("& must start a reference such as &amp;")
			}
			r, ok := reference(raw[:semi])
			if !ok {
				return nil, errf("unknown reference &%s;", raw[:semi])
			}
			out = utf8.AppendRune(out, r)
			raw = raw[semi+1:]
		case c == '\r':
			if len(raw) > 0 && raw[0] == '\n' {
				continue // CR LF is one line end: the LF follows
			}
			if attr {
				out = append(out, ' ')
			} else {
				out = append(out, '\n')
			}
		case attr && (c == '\n' || c == '\t'):
			out = append(out, ' ')
		default:
			out = append(out, c)
		}
	}
	return out, nil
}

// unescapeStop marks the bytes unescapeXML handles one by one.
var unescapeStop = func() (t [256]bool) {
	for _, c := range []byte("&\r\n\t") {
		t[c] = true
	}
	return t
}()

func reference(name []byte) (rune, bool) {
	switch string(name) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	v, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || !xmlChar(rune(v)) {
		return 0, false
	}
	return rune(v), true
}

// checkChars refuses bytes XML cannot carry: invalid UTF-8, most control
// characters.
func checkChars(b []byte) error {
	// Eight bytes at a time while they are printable ASCII (0x20..0x7f).
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		if (w-0x2020202020202020)&^w&0x8080808080808080 != 0 || w&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return errf("illegal character code %U", rune(c))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if (r == utf8.RuneError && size == 1) || !xmlChar(r) {
			return errf("invalid UTF-8 or character %U", r)
		}
		i += size
	}
	return nil
}

func xmlChar(r rune) bool {
	switch {
	case r == 0x09, r == 0x0A, r == 0x0D:
		return true
	case r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// appendEscapedText appends CDATA content with & escaped, so textValue
// reads it back as it was (line ends are normalised, as XML does first).
func appendEscapedText(dst, raw []byte) []byte {
	for _, c := range raw {
		if c == '&' {
			dst = append(dst, "&amp;"...)
		} else {
			dst = append(dst, c)
		}
	}
	return dst
}

// validXMLName is a conservative check of an XML name: ASCII letters,
// digits, _ : - . (ASCII only: stricter than XML), not starting with a digit, - or .
func validXMLName(n []byte) bool {
	if len(n) == 0 || n[0] >= '0' && n[0] <= '9' || n[0] == '-' || n[0] == '.' {
		return false
	}
	for _, c := range n {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func trimSpaceLeft(b []byte) []byte {
	for len(b) > 0 && isSpaceByte(b[0]) {
		b = b[1:]
	}
	return b
}

func trimSpaceRight(b []byte) []byte {
	for len(b) > 0 && isSpaceByte(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func clipBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
