package gateway

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Streaming decode of a <Response> (docs/protocol.md §11). A scanner reads
// the body once: the content of each result the caller streams is decoded
// from base64 straight into the caller's writer, and everything else (the
// "skeleton": the envelope, and every result not streamed) is kept and
// decoded at the end by UnmarshalResponse, so it meets the same limits and
// gives the same errors as a whole body. A streamed result is held until
// it passes StreamOptions.Hold bytes of base64 and only then streamed, so
// small answers are decoded exactly as a whole body is.

// ErrNotPlain is returned when a result that is being streamed holds
// something other than base64 and white space (a comment, CDATA, a
// reference or an element) past its first Hold bytes. Hosts never write
// that; a whole-body decode would accept it.
var ErrNotPlain = errors.New("markup or a reference inside a streamed result")

// DefaultHold is how much of a streamed result's base64 is held before
// streaming starts.
const DefaultHold = 64 << 10

// StreamOptions configure DecodeResponseStream.
type StreamOptions struct {
	// Limits bound the skeleton: the whole document except the text of
	// streamed results, as UnmarshalResponse's limits bound a whole body.
	Limits Limits
	// MaxStream bounds the decoded bytes of each streamed result; 0 means
	// no limit. Its base64 may carry white space of at most a quarter of
	// its length plus 64 KiB, so a body of spaces is refused early too.
	MaxStream int64
	// Stream returns the writer result i (0-based, in document order)
	// is decoded into, or nil to keep it in the Response as usual. A
	// streamed result's Value is nil in the Response.
	Stream func(i int) io.Writer
	// Hold is how many bytes of base64 are held before a result is
	// streamed; DefaultHold when zero.
	Hold int
}

// DecodeResponseStream decodes a <Response> from r without holding the
// text of streamed results. The writers may have been given bytes when it
// fails: the answer counts only when it returns nil. An error from a
// writer ends the decode and is returned as is.
func DecodeResponseStream(r io.Reader, opts StreamOptions) (*Response, error) {
	if opts.Hold <= 0 {
		opts.Hold = DefaultHold
	}
	s := &scanner{br: bufio.NewReaderSize(r, 64<<10), opts: opts}
	if err := s.run(); err != nil {
		return nil, err
	}
	resp, err := UnmarshalResponse(s.skel, opts.Limits)
	if err != nil {
		return nil, err
	}
	if len(resp.Results) != s.items {
		return nil, &DecodeError{Offset: -1, Detail: fmt.Sprintf("found %d results, the decoder %d", s.items, len(resp.Results)), Err: ErrMalformed}
	}
	for _, it := range s.streamed {
		if v := resp.Results[it.index].Value; !it.cut && opts.MaxStream > 0 && int64(len(v)) > opts.MaxStream {
			return nil, &DecodeError{Offset: -1, Detail: fmt.Sprintf("<%s> %d: the limit for this result is %d bytes", responseShape.item, it.index+1, opts.MaxStream), Err: ErrTooLarge, Limit: opts.MaxStream}
		}
		if !it.cut {
			if _, err := it.w.Write(resp.Results[it.index].Value); err != nil {
				return nil, err
			}
		}
		resp.Results[it.index].Value = nil
	}
	return resp, nil
}

type streamedItem struct {
	index int
	w     io.Writer
	cut   bool // its text was streamed, not kept in the skeleton
}

type sframe struct {
	name []byte
	role uint8
}

type scanner struct {
	br       *bufio.Reader
	opts     StreamOptions
	off      int64 // bytes read from br
	skel     []byte
	stack    []sframe
	seenRoot bool
	items    int
	streamed []streamedItem
	plain    bool // copy the rest as is: something the scanner does not follow
}

func (s *scanner) tooLarge() error {
	m := s.opts.Limits.MaxBytes
	return &DecodeError{Offset: m, Detail: fmt.Sprintf("limit is %d bytes", m), Err: ErrTooLarge}
}

// keep adds b to the skeleton within its limit.
func (s *scanner) keep(b []byte) error {
	if m := s.opts.Limits.MaxBytes; m > 0 && int64(len(s.skel)+len(b)) > m {
		return s.tooLarge()
	}
	s.skel = append(s.skel, b...)
	return nil
}

// next reads one byte into the skeleton; io.EOF at the end.
func (s *scanner) next() (byte, error) {
	c, err := s.br.ReadByte()
	if err != nil {
		return 0, err
	}
	s.off++
	return c, s.keep([]byte{c})
}

// copyRun copies bytes up to (not including) the next '<', or to the end.
func (s *scanner) copyRun() error {
	for {
		buf, err := s.peekSome()
		if len(buf) == 0 {
			return err
		}
		n := bytes.IndexByte(buf, '<')
		if n < 0 {
			n = len(buf)
		}
		if err := s.take(buf[:n], true); err != nil {
			return err
		}
		if n < len(buf) {
			return nil
		}
	}
}

// peekSome returns what is buffered, reading more when nothing is.
func (s *scanner) peekSome() ([]byte, error) {
	if s.br.Buffered() == 0 {
		if _, err := s.br.Peek(1); err != nil {
			return nil, err
		}
	}
	return s.br.Peek(s.br.Buffered())
}

// take consumes b (a prefix of what is buffered), keeping it when keep.
func (s *scanner) take(b []byte, keep bool) error {
	if keep {
		if err := s.keep(b); err != nil {
			return err
		}
	}
	s.off += int64(len(b))
	_, err := s.br.Discard(len(b))
	return err
}

// copyUntil copies the opener (skip bytes) and then through the first
// occurrence of term after it, or to the end, as the parser looks for it.
func (s *scanner) copyUntil(skip int, term string) error {
	head, _ := s.br.Peek(skip)
	if err := s.take(head, true); err != nil {
		return err
	}
	for {
		buf, err := s.br.Peek(len(term))
		if len(buf) < len(term) {
			if terr := s.take(buf, true); terr != nil {
				return terr
			}
			return err
		}
		buf, _ = s.br.Peek(s.br.Buffered())
		if i := bytes.Index(buf, []byte(term)); i >= 0 {
			return s.take(buf[:i+len(term)], true)
		}
		// Leave what could be the start of term for the next read.
		if err := s.take(buf[:len(buf)-len(term)+1], true); err != nil {
			return err
		}
	}
}

// copyAll copies the rest of the document.
func (s *scanner) copyAll() error {
	for {
		buf, err := s.peekSome()
		if len(buf) == 0 {
			if err == io.EOF {
				return nil
			}
			return err
		}
		if err := s.take(buf, true); err != nil {
			return err
		}
	}
}

// readName reads an element name into the skeleton.
func (s *scanner) readName() ([]byte, error) {
	var name []byte
	for {
		buf, err := s.br.Peek(1)
		if err != nil || !isNameByte(buf[0]) {
			return name, nil
		}
		c, err := s.next()
		if err != nil {
			return nil, err
		}
		name = append(name, c)
	}
}

func (s *scanner) run() error {
	for {
		if s.plain {
			return s.copyAll()
		}
		buf, err := s.br.Peek(1)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if buf[0] != '<' {
			if err := s.copyRun(); err != nil && err != io.EOF {
				return err
			}
			continue
		}
		if err := s.markup(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

func (s *scanner) markup() error {
	head, _ := s.br.Peek(9)
	switch {
	case bytes.HasPrefix(head, []byte("<!--")):
		return s.copyUntil(4, "-->")
	case bytes.HasPrefix(head, []byte("<![CDATA[")):
		return s.copyUntil(9, "]]>")
	case bytes.HasPrefix(head, []byte("<?")):
		return s.copyUntil(2, "?>")
	case bytes.HasPrefix(head, []byte("<!")):
		s.plain = true // refused by the decoder; no need to follow it
		return nil
	case bytes.HasPrefix(head, []byte("</")):
		return s.endTag()
	}
	return s.startTag()
}

func (s *scanner) endTag() error {
	s.next()
	s.next()
	name, err := s.readName()
	if err != nil {
		return err
	}
	if err := s.copyUntil(0, ">"); err != nil {
		return err
	}
	if n := len(s.stack); n > 0 && bytes.Equal(s.stack[n-1].name, name) {
		s.stack = s.stack[:n-1]
		return nil
	}
	s.plain = true
	return nil
}

func (s *scanner) startTag() error {
	s.next()
	name, err := s.readName()
	if err != nil {
		return err
	}
	if len(name) == 0 || isDigitDashDot(name[0]) {
		s.plain = true
		return nil
	}
	// The rest of the tag, to its '>' outside quotes.
	var quote, last byte
	for {
		c, err := s.next()
		if err != nil {
			return err
		}
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '<':
			s.plain = true
			return nil
		case c == '>':
			return s.opened(name, last == '/')
		}
		last = c
	}
}

// opened records an element whose start tag was read, as parser.startTag
// gives it a role, and streams an item's text when asked to.
func (s *scanner) opened(name []byte, selfClosing bool) error {
	local := string(localName(name))
	f := sframe{name: name}
	parent := uint8(roleIgnore)
	if n := len(s.stack); n > 0 {
		parent = s.stack[n-1].role
	}
	switch {
	case len(s.stack) == 0:
		if !s.seenRoot && local == responseShape.root {
			f.role = roleRoot
		}
		s.seenRoot = true
	case parent == roleRoot && local == responseShape.list:
		f.role = roleList
	case parent == roleList && local == responseShape.item:
		f.role = roleItem
	}
	if f.role == roleItem {
		i := s.items
		s.items++
		var w io.Writer
		if s.opts.Stream != nil {
			w = s.opts.Stream(i)
		}
		if w != nil {
			it := streamedItem{index: i, w: w}
			if !selfClosing {
				cut, err := s.itemText(name, i, w)
				if err != nil {
					return err
				}
				it.cut = cut
			}
			s.streamed = append(s.streamed, it)
		}
	}
	if !selfClosing {
		s.stack = append(s.stack, f)
	}
	return nil
}

// itemText reads a streamed item's text up to its end tag (left unread).
// It holds the base64 until it passes Hold bytes; an item that ends
// before, or holds anything but base64, stays in the skeleton (cut false).
func (s *scanner) itemText(name []byte, index int, w io.Writer) (cut bool, err error) {
	var held []byte
	dec := b64Stream{w: w, max: s.opts.MaxStream, item: index + 1, off: s.off}
	for {
		buf, err := s.peekSome()
		if len(buf) == 0 {
			if err == io.EOF && cut {
				return true, &DecodeError{Offset: s.off, Detail: fmt.Sprintf("document ends inside <%s> %d", name, index+1), Err: ErrMalformed}
			}
			if err == io.EOF {
				return false, s.keep(held)
			}
			return cut, err
		}
		n, spaced := plainBase64(buf)
		if cut {
			var err error
			if spaced {
				err = dec.write(buf[:n])
			} else {
				err = dec.run(buf[:n])
			}
			if err != nil {
				return true, err
			}
		} else {
			held = append(held, buf[:n]...)
		}
		if err := s.take(buf[:n], false); err != nil {
			return cut, err
		}
		if !cut && len(held) > s.opts.Hold {
			cut = true
			if err := dec.write(held); err != nil {
				return true, err
			}
			held = nil
		}
		if n == len(buf) {
			if cut && s.br.Buffered() == 0 {
				// All that arrived is decoded: hand it on before the next
				// read waits for the host, so a slow or stalling host's
				// log is shown as far as it came.
				if err := dec.flush(); err != nil {
					return true, err
				}
			}
			continue
		}
		if buf[n] == '<' {
			tail, _ := s.br.Peek(len(name) + 3)
			if isEndTagOf(tail, name) {
				if cut {
					return true, dec.close()
				}
				return false, s.keep(held)
			}
		}
		if cut {
			return true, &DecodeError{Offset: s.off, Detail: fmt.Sprintf("<%s> %d holds %q past its first %d bytes", name, index+1, clip(buf[n:], 12), s.opts.Hold), Err: ErrNotPlain}
		}
		return false, s.keep(held)
	}
}
