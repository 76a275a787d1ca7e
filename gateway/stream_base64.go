package gateway

import (
	"fmt"
	"io"
)

// Incremental base64 decoding of a streamed result's text, as the
// whole-body decoder does it (docs/protocol.md §11).

// b64Class sorts bytes for plainBase64: 1 base64, 2 XML white space.
var b64Class = func() (t [256]uint8) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") {
		t[c] = 1
	}
	for _, c := range []byte(" \t\r\n") {
		t[c] = 2
	}
	return t
}()

// plainBase64 returns the length of the prefix of b that is base64
// characters and XML white space, and whether it holds white space.
func plainBase64(b []byte) (n int, spaced bool) {
	for i, c := range b {
		if k := b64Class[c]; k != 1 {
			if k == 0 {
				return i, spaced
			}
			spaced = true
		}
	}
	return len(b), spaced
}

// b64Stream decodes base64 text given in pieces, white space dropped, as
// the whole-body decoder does: standard, padded, strict; padding ends it.
type b64Stream struct {
	w       io.Writer
	max     int64
	item    int
	off     int64 // where the text starts, for errors
	quad    [4]byte
	k       int
	out     []byte
	clean   int64 // base64 characters
	space   int64 // white space
	decoded int64
	padded  bool
}

func (d *b64Stream) bad(detail string) error {
	return &DecodeError{Offset: d.off, Detail: fmt.Sprintf("<%s> %d %s", responseShape.item, d.item, detail), Err: ErrBadBase64}
}

func (d *b64Stream) write(b []byte) error {
	for len(b) > 0 {
		sp := 0
		for sp < len(b) && !isSpace(b[sp]) {
			sp++
		}
		if err := d.run(b[:sp]); err != nil {
			return err
		}
		j := sp
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		d.space += int64(j - sp)
		b = b[j:]
	}
	if d.space > d.clean/4+64<<10 {
		return &DecodeError{Offset: d.off, Detail: fmt.Sprintf("<%s> %d: %d bytes of white space in %d of base64", responseShape.item, d.item, d.space, d.clean), Err: ErrTooLarge}
	}
	return nil
}

// run decodes base64 characters without white space.
func (d *b64Stream) run(r []byte) error {
	if len(r) == 0 {
		return nil
	}
	if d.out == nil {
		d.out = make([]byte, 0, 48<<10)
	}
	d.clean += int64(len(r))
	for d.k > 0 && len(r) > 0 {
		if d.padded {
			return d.bad("has text after its padding")
		}
		d.quad[d.k] = r[0]
		d.k++
		r = r[1:]
		if d.k == 4 {
			d.k = 0
			if err := d.decode(d.quad[:]); err != nil {
				return err
			}
		}
	}
	full := len(r) / 4 * 4
	for p := r[:full]; len(p) > 0; {
		if d.padded {
			return d.bad("has text after its padding")
		}
		room := (cap(d.out) - len(d.out)) / 3 * 4
		if room == 0 {
			if err := d.flush(); err != nil {
				return err
			}
			continue
		}
		n := min(room, len(p))
		if err := d.decode(p[:n]); err != nil {
			return err
		}
		p = p[n:]
	}
	if rest := r[full:]; len(rest) > 0 {
		if d.padded {
			return d.bad("has text after its padding")
		}
		d.k = copy(d.quad[:], rest)
	}
	return nil
}

// decode decodes whole quantums into out.
func (d *b64Stream) decode(q []byte) error {
	if d.padded {
		return d.bad("has text after its padding")
	}
	if cap(d.out)-len(d.out) < len(q)/4*3 {
		if err := d.flush(); err != nil {
			return err
		}
	}
	n, err := strictBase64.Decode(d.out[len(d.out):cap(d.out)], q)
	if err != nil {
		return d.bad("is not standard padded base64")
	}
	if n < len(q)/4*3 {
		d.padded = true
	}
	d.out = d.out[:len(d.out)+n]
	return nil
}

func (d *b64Stream) flush() error {
	d.decoded += int64(len(d.out))
	if d.max > 0 && d.decoded > d.max {
		return &DecodeError{Offset: d.off, Detail: fmt.Sprintf("<%s> %d: the limit for this result is %d bytes", responseShape.item, d.item, d.max), Err: ErrTooLarge, Limit: d.max}
	}
	if len(d.out) > 0 {
		if _, err := d.w.Write(d.out); err != nil {
			return err
		}
	}
	d.out = d.out[:0]
	return nil
}

func (d *b64Stream) close() error {
	if d.k != 0 {
		return d.bad("is not standard padded base64")
	}
	return d.flush()
}
