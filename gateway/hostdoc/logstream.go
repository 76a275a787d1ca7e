package hostdoc

import (
	"bytes"
	"time"
)

// DefaultMaxEntry bounds one <Entry> element a LogScanner accepts.
const DefaultMaxEntry = 1 << 20

// LogScanner parses a <TaskLog> or <AgentLog> document given in pieces
// (it is an io.Writer), calling OnEntry for each entry as soon as its end
// tag arrives, so a log of any size is parsed without holding it. It reads
// the format MarshalTaskLog and MarshalAgentLog write, with comments,
// processing instructions, CDATA and references where XML allows them; an
// element other than <Entry> in the log is refused (ParseLog ignores it).
// Entries are validated as ParseLog validates them.
type LogScanner struct {
	// OnInfo hears the root element once; end is the offset just past its
	// start tag.
	OnInfo func(info LogInfo, end int64)
	// OnEntry hears each entry and the offset just past its </Entry>. An
	// error ends the scan and is returned by Write.
	OnEntry func(e Entry, end int64) error
	// MaxEntry bounds one entry's bytes; DefaultMaxEntry when zero.
	MaxEntry int

	buf     []byte // bytes not parsed yet
	scratch []byte // an entry's unescaped text
	off     int64  // document offset of buf[0]
	state   uint8
	root    []byte // the root's qualified name
	entries int
	err     error
}

const (
	lsProlog = iota
	lsBody
	lsDone
)

// ResumeLogScanner returns a scanner that starts inside the body of a log
// whose root element is root (as LogScanner.Root gave it), at document
// offset off, after n entries: for the rest of a log whose start is known.
func ResumeLogScanner(root []byte, off int64, n int) *LogScanner {
	return &LogScanner{state: lsBody, root: append([]byte(nil), root...), off: off, entries: n}
}

// Root returns the root element's qualified name once it is known.
func (s *LogScanner) Root() []byte { return s.root }

// Entries returns how many entries were parsed, counting those before a
// resume.
func (s *LogScanner) Entries() int { return s.entries }

func (s *LogScanner) fail(format string, args ...any) error {
	if s.err == nil {
		s.err = docErr("log", format, args...)
	}
	return s.err
}

// Write parses what p completes. Entries are parsed from p itself; only
// an entry p ends inside of is copied, to be completed by the next Write.
func (s *LogScanner) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	total := len(p)
	if len(s.buf) > 0 {
		// Complete the held construct with as little of p as will do.
		held := len(s.buf)
		k := min(len(p), 4096)
		s.buf = append(s.buf, p[:k]...)
		n, err := s.parse(s.buf)
		if err != nil {
			return 0, s.keepErr(err)
		}
		s.off += int64(n)
		if n >= held {
			p = p[n-held:]
			s.buf = s.buf[:0]
		} else {
			s.buf = append(s.buf[:copy(s.buf, s.buf[n:])], p[k:]...)
			p = nil
			if n, err = s.parse(s.buf); err != nil {
				return 0, s.keepErr(err)
			}
			s.off += int64(n)
			s.buf = s.buf[:copy(s.buf, s.buf[n:])]
		}
	}
	if len(p) > 0 {
		n, err := s.parse(p)
		if err != nil {
			return 0, s.keepErr(err)
		}
		s.off += int64(n)
		s.buf = append(s.buf, p[n:]...)
	}
	if max := s.maxEntry(); len(s.buf) > max+256 {
		return 0, s.fail("entry %d at byte %d is longer than %d bytes", s.entries+1, s.off, max)
	}
	return total, nil
}

// Close checks that the document is complete.
func (s *LogScanner) Close() error {
	if s.err != nil {
		return s.err
	}
	if s.state != lsDone {
		if s.state == lsProlog && len(bytes.TrimSpace(s.buf)) == 0 && s.root == nil {
			return s.fail("it is empty; expected an XML element")
		}
		return s.fail("it ends before its elements are closed (after %d entries)", s.entries)
	}
	if len(bytes.TrimSpace(s.buf)) != 0 {
		return s.fail("text outside the root element")
	}
	return nil
}

func (s *LogScanner) maxEntry() int {
	if s.MaxEntry > 0 {
		return s.MaxEntry
	}
	return DefaultMaxEntry
}

// parse consumes complete constructs from b, which starts at s.off, and
// returns how many bytes.
func (s *LogScanner) parse(b []byte) (int, error) {
	i := 0
	for {
		for i < len(b) && isSpaceByte(b[i]) {
			i++
		}
		if i >= len(b) {
			return i, nil
		}
		if b[i] != '<' {
			if s.state == lsBody {
				return i, s.fail("text %q between entries", clipBytes(b[i:], 16))
			}
			return i, s.fail("text outside the root element")
		}
		rest := b[i:]
		if len(rest) < 2 {
			return i, nil // what '<' starts is not known yet
		}
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return i, nil
			}
			i += 4 + end + 3
			continue
		case bytes.HasPrefix(rest, []byte("<?")):
			end := bytes.Index(rest[2:], []byte("?>"))
			if end < 0 {
				return i, nil
			}
			if err := s.procInst(rest[2 : 2+end]); err != nil {
				return i, err
			}
			i += 2 + end + 2
			continue
		case bytes.HasPrefix(rest, []byte("<!")):
			if len(rest) < 9 {
				return i, nil
			}
			if bytes.EqualFold(rest[:9], []byte("<!DOCTYPE")) {
				return i, s.fail("a DOCTYPE is not allowed; remove the <!DOCTYPE ...> line")
			}
			return i, s.fail("unexpected %q", clipBytes(rest, 12))
		}
		if s.state == lsDone {
			return i, s.fail("more than one root element")
		}
		var n int
		var err error
		if s.state == lsProlog {
			n, err = s.rootTag(rest, i)
		} else {
			n, err = s.body(rest, i)
		}
		if err != nil || n == 0 {
			return i, err
		}
		i += n
	}
}

// procInst checks an XML declaration's encoding: only UTF-8 is read.
func (s *LogScanner) procInst(body []byte) error {
	if !bytes.HasPrefix(body, []byte("xml")) || (len(body) > 3 && !isSpaceByte(body[3])) {
		return nil
	}
	if s.state != lsProlog || s.root != nil {
		return s.fail("an XML declaration inside the document")
	}
	if i := bytes.Index(body, []byte("encoding")); i >= 0 {
		v := bytes.TrimLeft(body[i+8:], " \t\r\n=")
		if len(v) > 1 && (v[0] == '"' || v[0] == '\'') {
			if q := bytes.IndexByte(v[1:], v[0]); q >= 0 {
				switch string(bytes.ToLower(v[1 : 1+q])) {
				case "utf-8", "utf8", "us-ascii", "ascii":
					return nil
				}
			}
		}
		return s.fail("the XML declaration names an encoding other than UTF-8")
	}
	return nil
}

// rootTag reads the root's start tag at b (at buffer index at); 0 when it
// is not complete yet.
func (s *LogScanner) rootTag(b []byte, at int) (int, error) {
	end, selfClosing, ok := tagEnd(b)
	if !ok {
		if len(b) > s.maxEntry() {
			return 0, s.fail("the root element's start tag is longer than %d bytes", s.maxEntry())
		}
		return 0, nil
	}
	name, attrs := splitTag(b[1:end])
	if !validXMLName(name) {
		return 0, s.fail("expected an element name at %q", clipBytes(b, 12))
	}
	local := name
	if j := bytes.LastIndexByte(local, ':'); j >= 0 {
		local = local[j+1:]
	}
	info := LogInfo{Kind: string(local)}
	if info.Kind != "TaskLog" && info.Kind != "AgentLog" {
		return 0, s.fail("the root element is <%s>, expected <TaskLog> or <AgentLog>", name)
	}
	err := eachAttr(attrs, func(k, v []byte) error {
		val, err := attrValue(v)
		if err != nil {
			return err
		}
		switch {
		case info.Kind == "TaskLog" && string(k) == "config":
			info.Config = val
		case info.Kind == "TaskLog" && string(k) == "task":
			info.Task = val
		case info.Kind == "AgentLog" && string(k) == "started" && val != "":
			t, err := time.Parse(TimeFormat, val)
			if err != nil {
				return docErr("log", "started=%q is not an RFC 3339 time", val)
			}
			info.Started = t
		}
		return nil
	})
	if err != nil {
		return 0, s.keepErr(err)
	}
	s.root = append([]byte(nil), name...)
	s.state = lsBody
	if s.OnInfo != nil {
		s.OnInfo(info, s.off+int64(at+end+1))
	}
	if selfClosing {
		s.state = lsDone
	}
	return end + 1, nil
}

// keepErr records the scan's first error. An OnEntry error (already
// recorded) passes as it is; an attribute's error becomes a *DocError.
func (s *LogScanner) keepErr(err error) error {
	if s.err == nil {
		if _, ok := err.(*DocError); !ok {
			err = docErr("log", "%v", err)
		}
		s.err = err
	}
	return s.err
}

// body reads an entry or the root's end tag at b (at buffer index at);
// 0 when it is not complete yet.
func (s *LogScanner) body(b []byte, at int) (int, error) {
	if bytes.HasPrefix(b, []byte("</")) {
		gt := bytes.IndexByte(b, '>')
		if gt < 0 {
			return 0, nil
		}
		if !bytes.Equal(bytes.TrimRight(b[2:gt], " \t\r\n"), s.root) {
			return 0, s.fail("end tag </%s> does not match <%s>", b[2:gt], s.root)
		}
		s.state = lsDone
		return gt + 1, nil
	}
	end, selfClosing, ok := tagEnd(b)
	if !ok {
		return 0, nil
	}
	name, attrs := splitTag(b[1:end])
	if string(name) != "Entry" {
		return 0, s.fail("unexpected element <%s> in the log (only <Entry>)", name)
	}
	n := s.entries + 1
	var text []byte
	total := end + 1
	if !selfClosing {
		rest := b[end+1:]
		lt := bytes.IndexByte(rest, '<')
		if lt < 0 {
			return 0, nil
		}
		if bytes.HasPrefix(rest[lt:], []byte("</Entry>")) {
			text = rest[:lt]
			total += lt + len("</Entry>")
		} else {
			// Comments or CDATA inside: gather the text piece by piece.
			var k int
			var err error
			text, k, err = s.mixedText(rest)
			if err != nil || k == 0 {
				return 0, err
			}
			total += k
		}
	}
	e, err := s.entry(attrs, text, selfClosing)
	if err != nil {
		return 0, s.fail("entry %d: %v", n, err)
	}
	s.entries = n
	if s.OnEntry != nil {
		if err := s.OnEntry(e, s.off+int64(at+total)); err != nil {
			s.err = err
			return 0, err
		}
	}
	return total, nil
}

// mixedText gathers an entry's text that holds comments or CDATA, as
// raw text with CDATA escaped; k is the bytes through </Entry>, 0 when
// not complete yet.
func (s *LogScanner) mixedText(b []byte) (text []byte, k int, err error) {
	i := 0
	for {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 {
			return nil, 0, nil
		}
		text = append(text, b[i:i+lt]...)
		i += lt
		r := b[i:]
		switch {
		case bytes.HasPrefix(r, []byte("</Entry>")):
			return text, i + len("</Entry>"), nil
		case bytes.HasPrefix(r, []byte("<!--")):
			e := bytes.Index(r[4:], []byte("-->"))
			if e < 0 {
				return nil, 0, nil
			}
			i += 4 + e + 3
		case bytes.HasPrefix(r, []byte("<![CDATA[")):
			e := bytes.Index(r[9:], []byte("]]>"))
			if e < 0 {
				return nil, 0, nil
			}
			text = appendEscapedText(text, r[9:9+e])
			i += 9 + e + 3
		case len(r) < 9:
			return nil, 0, nil
		default:
			return nil, 0, s.fail("entry %d: unexpected markup %q inside <Entry>", s.entries+1, clipBytes(r, 12))
		}
	}
}
