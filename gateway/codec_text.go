package gateway

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"unicode/utf8"
)

// Text, references and base64 for the decoder in codec_decode.go.

// How text is kept: element text with XML line-end normalisation,
// attribute values with attribute normalisation, base64 without white space.
const (
	modeText = iota
	modeAttr
	modeBase64
)

func appendText(dst, raw []byte, mode int) []byte {
	if mode == modeText && bytes.IndexByte(raw, '\r') < 0 {
		return append(dst, raw...)
	}
	for i, c := range raw {
		switch {
		case c == '\r' && mode != modeBase64:
			if i+1 < len(raw) && raw[i+1] == '\n' {
				continue // CR LF is one line end
			}
			if mode == modeAttr {
				dst = append(dst, ' ')
			} else {
				dst = append(dst, '\n')
			}
		case mode == modeAttr && (c == '\n' || c == '\t'):
			dst = append(dst, ' ')
		case mode == modeBase64 && isSpace(c):
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// unescape resolves the references in raw (found at offset off), appending
// the result to dst when keep is set and only checking them otherwise.
func (p *parser) unescape(dst, raw []byte, off int, keep bool, mode int) ([]byte, error) {
	for len(raw) > 0 {
		amp := bytes.IndexByte(raw, '&')
		if amp < 0 {
			amp = len(raw)
		}
		if keep {
			dst = appendText(dst, raw[:amp], mode)
		}
		if amp == len(raw) {
			break
		}
		r, n, err := p.reference(raw[amp:], off+amp)
		if err != nil {
			return nil, err
		}
		if keep && !(mode == modeBase64 && r < utf8.RuneSelf && isSpace(byte(r))) {
			dst = utf8.AppendRune(dst, r)
		}
		raw, off = raw[amp+n:], off+amp+n
	}
	return dst, nil
}

// reference decodes one entity or character reference at the start of b.
func (p *parser) reference(b []byte, off int) (rune, int, error) {
	semi := bytes.IndexByte(b[:min(len(b), 32)], ';')
	if semi < 0 {
		return 0, 0, p.fail(off, ErrMalformed, "& must start a reference such as &amp; (escape a literal & as &amp;)")
	}
	name := b[1:semi]
	switch string(name) {
	case "lt":
		return '<', semi + 1, nil
	case "gt":
		return '>', semi + 1, nil
	case "amp":
		return '&', semi + 1, nil
	case "quot":
		return '"', semi + 1, nil
	case "apos":
		return '\'', semi + 1, nil
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, 0, p.fail(off, ErrMalformed, "unknown entity &%s; (only the five XML entities and character references are allowed)", name)
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	v, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || !isXMLChar(rune(v)) {
		return 0, 0, p.fail(off, ErrMalformed, "character reference &%s; is not a valid XML character", name)
	}
	return rune(v), semi + 1, nil
}

// badXMLChar finds the first byte of b that does not start a valid XML
// character.
func badXMLChar(b []byte) (int, bool) {
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf {
			if c < 0x20 && !isSpace(c) {
				return i, true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if (r == utf8.RuneError && size == 1) || !isXMLChar(r) {
			return i, true
		}
		i += size
	}
	return 0, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == ':' || c == '-' || c == '.' || c >= 0x80
}

func isDigitDashDot(c byte) bool { return c >= '0' && c <= '9' || c == '-' || c == '.' }

func trimXMLSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

var strictBase64 = base64.StdEncoding.Strict()

// decodeBase64 decodes standard padded base64 (docs/protocol.md §2), ignoring XML
// white space, into one buffer of the right size. src is the input at
// offset off, or text gathered from several pieces (then off is where the
// item starts, and errors point there).
func (p *parser) decodeBase64(src []byte, off int, gathered bool) ([]byte, error) {
	lead := 0
	for lead < len(src) && isSpace(src[lead]) {
		lead++
	}
	src = src[lead:]
	for len(src) > 0 && isSpace(src[len(src)-1]) {
		src = src[:len(src)-1]
	}
	dst := make([]byte, base64.StdEncoding.DecodedLen(len(src)))
	// The standard decoder skips CR and LF itself, so wrapped lines need no copy.
	n, err := strictBase64.Decode(dst, src)
	if err != nil && bytes.ContainsAny(src, " \t") {
		n, err = decodeSpaced(dst, src)
	}
	if err != nil {
		if gathered {
			return nil, p.fail(off, ErrBadBase64, "<%s> %d is not standard padded base64", p.shape.item, len(p.doc.items)+1)
		}
		return nil, p.base64Error(src, off+lead)
	}
	if waste := len(dst) - n; waste > 512 && waste > n/4 {
		dst = append([]byte(nil), dst[:n]...) // much white space: give the rest back
	}
	return dst[:n:n], nil
}

// decodeSpaced decodes base64 with spaces or tabs inside, a chunk at a time
// through a small buffer, so it needs no second copy of the text.
func decodeSpaced(dst, src []byte) (int, error) {
	var chunk [4096]byte
	n, k, padded := 0, 0, false
	flush := func() error {
		m, err := strictBase64.Decode(dst[n:], chunk[:k])
		n += m
		if m < k/4*3 {
			padded = true // padding ends the data; nothing may follow
		}
		k = 0
		return err
	}
	for _, c := range src {
		if isSpace(c) {
			continue
		}
		if padded {
			return n, base64.CorruptInputError(0)
		}
		chunk[k] = c
		k++
		if k == len(chunk) {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if k > 0 {
		return n, flush()
	}
	return n, nil
}

// base64Error points at the first byte that cannot be base64, or else at
// the start of the text, whose length or padding is wrong.
func (p *parser) base64Error(src []byte, off int) error {
	item := len(p.doc.items) + 1
	for i, c := range src {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=' || isSpace(c)) {
			return p.fail(off+i, ErrBadBase64, "<%s> %d: byte %q is not base64", p.shape.item, item, c)
		}
	}
	return p.fail(off, ErrBadBase64, "<%s> %d: wrong length or padding (want standard base64 with = padding)", p.shape.item, item)
}
