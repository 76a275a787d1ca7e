package gateway

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// Arg is one <Argument> or <Result>: an optional name and the decoded bytes.
type Arg struct {
	Name  string
	Value []byte
	// Encoded, when not nil, is the value already in base64, in pieces
	// that join into one base64 text (each but the last encodes a
	// multiple of 3 bytes); it is sent instead of Value. A host that keeps
	// a large answer encoded sends it without encoding it again
	// (docs/protocol.md §11). Decoding never sets it.
	Encoded [][]byte
}

// Text returns an unnamed argument holding s.
func Text(s string) Arg { return Arg{Value: []byte(s)} }

// Named returns a named argument holding s.
func Named(name, s string) Arg { return Arg{Name: name, Value: []byte(s)} }

// Request is one call: <Request><Session/><Function/><ArgList/></Request>.
type Request struct {
	Session  string
	Function string
	Args     []Arg
}

// Response is one answer: <Response><Status/><StatusMessage/><ResultList/></Response>.
type Response struct {
	Status  Status
	Message string
	Results []Arg
}

// Result returns the value of the first result with the given name.
func (r *Response) Result(name string) ([]byte, bool) {
	for _, a := range r.Results {
		if a.Name == name {
			return a.Value, true
		}
	}
	return nil, false
}

// Limits bound what a decoder accepts, so a hostile document cannot make it
// allocate without bound. A zero field means no limit. Whatever the limits,
// a decoder allocates no more than about the size of its input.
type Limits struct {
	MaxBytes    int64 // whole document
	MaxElements int   // start tags
	MaxDepth    int   // nesting
}

// DefaultLimits are generous for real traffic (a 64 MiB body holds an ID of
// about 48 MiB) and small enough to refuse abuse.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 64 << 20, MaxElements: 100_000, MaxDepth: 16}
}

// Errors a decoder returns, wrapped in a *DecodeError.
var (
	ErrTooLarge        = errors.New("document exceeds the size limit")
	ErrTooManyElements = errors.New("document exceeds the element limit")
	ErrTooDeep         = errors.New("document exceeds the nesting limit")
	ErrDoctype         = errors.New("DOCTYPE is not allowed")
	ErrBadBase64       = errors.New("bad base64")
	ErrMalformed       = errors.New("malformed document")
)

// DecodeError says what was wrong with a document and where.
type DecodeError struct {
	Offset int64 // byte offset in the input, -1 when unknown
	Detail string
	Err    error // one of the Err* sentinels above
	// Limit is, for a streamed result over its own limit (ErrTooLarge),
	// that limit: a log larger than the client reads (docs/protocol.md §11).
	Limit int64
}

// Error says what was wrong and where, e.g. "bad base64 at byte 120: ...".
func (e *DecodeError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("%v at byte %d: %s", e.Err, e.Offset, e.Detail)
	}
	return fmt.Sprintf("%v: %s", e.Err, e.Detail)
}

// Unwrap returns the sentinel, so errors.Is(err, ErrTooDeep) works.
func (e *DecodeError) Unwrap() error { return e.Err }

// ReadBody reads at most max bytes from r; a longer body is ErrTooLarge.
// A max of zero or less means no limit. It reads in chunks and copies them
// once into a right-sized slice, so a large body is held at most twice
// while it is read (a doubling buffer would hold up to three times).
func ReadBody(r io.Reader, max int64) ([]byte, error) {
	var chunks [][]byte
	total := int64(0)
	size := 4 << 10
	for {
		chunk := make([]byte, size)
		n, err := fill(r, chunk)
		total += int64(n)
		if max > 0 && total > max {
			return nil, &DecodeError{Offset: max, Detail: fmt.Sprintf("limit is %d bytes", max), Err: ErrTooLarge}
		}
		chunks = append(chunks, chunk[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if size < 4<<20 {
			size *= 2
		}
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out, nil
}

// fill reads until buf is full or the reader ends. Unlike io.ReadFull it
// passes a reader's own io.ErrUnexpectedEOF through (a truncated chunked
// HTTP body), so only a clean io.EOF counts as the end of the document.
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Marshal encodes the request as an XML document. The result is allocated
// once at its exact size.
func (r *Request) Marshal() ([]byte, error) {
	w := docWriter{buf: make([]byte, 0, r.encodedLen())}
	r.write(&w)
	return w.buf, nil
}

// Encode writes the request document to w, streaming base64 in chunks so a
// large argument is never held twice in memory.
func (r *Request) Encode(w io.Writer) error {
	dw := docWriter{w: w, buf: make([]byte, 0, flushAt+flushAt/2)}
	r.write(&dw)
	return dw.close()
}

func (r *Request) write(w *docWriter) {
	w.str("<Request>")
	if r.Session != "" {
		w.textElem("Session", r.Session)
	}
	w.textElem("Function", r.Function)
	w.list("ArgList", "Argument", r.Args)
	w.str("</Request>\n")
}

func (r *Request) encodedLen() int {
	n := len("<Request></Request>\n") + textElemLen("Function", r.Function) + listLen("ArgList", "Argument", r.Args)
	if r.Session != "" {
		n += textElemLen("Session", r.Session)
	}
	return n
}

// Marshal encodes the response as an XML document, allocated once at its
// exact size.
func (r *Response) Marshal() ([]byte, error) {
	w := docWriter{buf: make([]byte, 0, r.encodedLen())}
	r.write(&w)
	return w.buf, nil
}

// Encode writes the response document to w, streaming base64 in chunks.
func (r *Response) Encode(w io.Writer) error {
	dw := docWriter{w: w, buf: make([]byte, 0, flushAt+flushAt/2)}
	r.write(&dw)
	return dw.close()
}

func (r *Response) write(w *docWriter) {
	w.str("<Response>")
	w.str("<Status>")
	w.buf = strconv.AppendInt(w.buf, int64(r.Status), 10)
	w.str("</Status>")
	w.textElem("StatusMessage", r.Message)
	w.list("ResultList", "Result", r.Results)
	w.str("</Response>\n")
}

func (r *Response) encodedLen() int {
	return len("<Response><Status></Status></Response>\n") + len(strconv.Itoa(int(r.Status))) +
		textElemLen("StatusMessage", r.Message) + listLen("ResultList", "Result", r.Results)
}

// flushAt is how much a streaming docWriter gathers before it writes.
const flushAt = 64 << 10

// b64Chunk is how many payload bytes are encoded at a time when streaming:
// a multiple of 3, so the chunks join into one valid base64 text.
const b64Chunk = 48 << 10

// docWriter builds a document in buf. With a nil w it keeps everything
// (Marshal); otherwise it writes to w whenever buf passes flushAt (Encode).
type docWriter struct {
	w   io.Writer
	buf []byte
	err error
}

func (d *docWriter) maybeFlush() {
	if d.w != nil && len(d.buf) >= flushAt {
		d.flush()
	}
}

func (d *docWriter) flush() {
	if d.err == nil && len(d.buf) > 0 {
		_, d.err = d.w.Write(d.buf)
	}
	d.buf = d.buf[:0]
}

func (d *docWriter) close() error {
	d.flush()
	return d.err
}

func (d *docWriter) str(s string) {
	d.buf = append(d.buf, s...)
	d.maybeFlush()
}

func (d *docWriter) textElem(name, text string) {
	d.buf = append(d.buf, '<')
	d.buf = append(d.buf, name...)
	d.buf = append(d.buf, '>')
	d.buf = appendEscaped(d.buf, text, false)
	d.buf = append(d.buf, "</"...)
	d.buf = append(d.buf, name...)
	d.buf = append(d.buf, '>')
	d.maybeFlush()
}

func (d *docWriter) list(list, item string, args []Arg) {
	if len(args) == 0 {
		return
	}
	d.str("<" + list + ">")
	for _, a := range args {
		d.buf = append(d.buf, '<')
		d.buf = append(d.buf, item...)
		if a.Name != "" {
			d.buf = append(d.buf, ` name="`...)
			d.buf = appendEscaped(d.buf, a.Name, true)
			d.buf = append(d.buf, '"')
		}
		d.buf = append(d.buf, '>')
		if a.Encoded != nil {
			d.encoded(a.Encoded)
		} else {
			d.base64(a.Value)
		}
		d.buf = append(d.buf, "</"...)
		d.buf = append(d.buf, item...)
		d.buf = append(d.buf, '>')
		d.maybeFlush()
	}
	d.str("</" + list + ">")
}

func (d *docWriter) base64(v []byte) {
	if d.w == nil {
		d.buf = base64.StdEncoding.AppendEncode(d.buf, v)
		return
	}
	for len(v) > 0 {
		n := min(len(v), b64Chunk)
		d.buf = base64.StdEncoding.AppendEncode(d.buf, v[:n])
		v = v[n:]
		d.maybeFlush()
	}
}

// encoded writes base64 text as it is: a large piece straight to the
// writer, not through buf.
func (d *docWriter) encoded(pieces [][]byte) {
	for _, p := range pieces {
		if d.w == nil || len(p) < flushAt {
			d.buf = append(d.buf, p...)
			d.maybeFlush()
			continue
		}
		d.flush()
		if d.err == nil {
			_, d.err = d.w.Write(p)
		}
	}
}

func encodedLen(a Arg) int {
	if a.Encoded == nil {
		return base64.StdEncoding.EncodedLen(len(a.Value))
	}
	n := 0
	for _, p := range a.Encoded {
		n += len(p)
	}
	return n
}

func textElemLen(name, text string) int {
	return 2*len(name) + 5 + escapedLen(text, false)
}

func listLen(list, item string, args []Arg) int {
	if len(args) == 0 {
		return 0
	}
	n := 2*len(list) + 5
	for _, a := range args {
		n += 2*len(item) + 5 + encodedLen(a)
		if a.Name != "" {
			n += len(` name=""`) + escapedLen(a.Name, true)
		}
	}
	return n
}

// escape returns the replacement for the rune at the start of s, or "" when
// it is written as is, and the rune's length. Characters XML cannot carry
// (most control characters, invalid UTF-8) become U+FFFD, as encoding/xml
// does. In attributes, tab and line ends are escaped so that attribute
// normalisation does not turn them into spaces; in text, only CR is, so it
// survives line-end normalisation.
func escape(s string, attr bool) (string, int) {
	c := s[0]
	if c < utf8.RuneSelf {
		switch c {
		case '&':
			return "&amp;", 1
		case '<':
			return "&lt;", 1
		case '>':
			return "&gt;", 1
		case '"':
			if attr {
				return "&quot;", 1
			}
		case '\r':
			return "&#xD;", 1
		case '\n':
			if attr {
				return "&#xA;", 1
			}
		case '\t':
			if attr {
				return "&#x9;", 1
			}
		default:
			if c < 0x20 {
				return "\uFFFD", 1
			}
		}
		return "", 1
	}
	r, size := utf8.DecodeRuneInString(s)
	if !isXMLChar(r) || (r == utf8.RuneError && size == 1) {
		return "\uFFFD", size
	}
	return "", size
}

func escapedLen(s string, attr bool) int {
	n := 0
	for i := 0; i < len(s); {
		rep, size := escape(s[i:], attr)
		if rep != "" {
			n += len(rep)
		} else {
			n += size
		}
		i += size
	}
	return n
}

func appendEscaped(dst []byte, s string, attr bool) []byte {
	last := 0
	for i := 0; i < len(s); {
		rep, size := escape(s[i:], attr)
		if rep != "" {
			dst = append(dst, s[last:i]...)
			dst = append(dst, rep...)
			last = i + size
		}
		i += size
	}
	return append(dst, s[last:]...)
}

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	switch {
	case r == 0x09, r == 0x0A, r == 0x0D:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}
