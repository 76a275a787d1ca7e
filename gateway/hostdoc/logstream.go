package hostdoc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
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

// entry builds an Entry from its attributes and raw text.
func (s *LogScanner) entry(attrs, raw []byte, empty bool) (Entry, error) {
	var e Entry
	var timeRaw []byte
	haveLevel := false
	err := eachAttr(attrs, func(k, v []byte) error {
		switch string(k) {
		case "time":
			timeRaw = v
		case "level":
			haveLevel = true
			switch string(v) { // the four levels, as constants: no string per entry
			case LevelDebug:
				e.Level = LevelDebug
			case LevelInfo:
				e.Level = LevelInfo
			case LevelWarn:
				e.Level = LevelWarn
			case LevelError:
				e.Level = LevelError
			default:
				lv, err := attrValue(v)
				if err != nil {
					return err
				}
				e.Level = lv
			}
		}
		return nil
	})
	if err != nil {
		return e, err
	}
	if t, ok := parseUTC(timeRaw); ok {
		e.Time = t
	} else {
		ts, err := attrValue(timeRaw)
		if err != nil {
			return e, err
		}
		if e.Time, err = time.Parse(TimeFormat, ts); err != nil {
			return e, errf("time=%q is not an RFC 3339 time", ts)
		}
	}
	if !haveLevel || !ValidLevel(e.Level) {
		return e, errf("level=%q: use debug, info, warn or error", e.Level)
	}
	if !empty {
		if e.Text, err = s.textValue(raw); err != nil {
			return e, err
		}
	}
	return e, nil
}

func errf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// ParseEntryLine is ParseEntry, fast for the lines AppendEntry writes.
// plain reports that the streaming parser read the line itself, so it
// may go into a log document as it is; other lines are parsed by
// ParseEntry.
func ParseEntryLine(line []byte) (e Entry, plain bool, err error) {
	ok := false
	s := &LogScanner{state: lsBody, root: []byte{0}}
	s.OnEntry = func(got Entry, _ int64) error { e, ok = got, true; return nil }
	t := bytes.TrimSpace(line)
	if len(t) > 0 && t[0] == '<' {
		if n, err := s.body(t, 0); err == nil && ok && n == len(t) {
			return e, true, nil
		}
	}
	e, err = ParseEntry(line)
	return e, false, err
}

// parseUTC reads the form formatTime writes, 2006-01-02T15:04:05Z,
// without allocating; ok is false for any other form (time.Parse then
// reads it, or says what is wrong).
func parseUTC(b []byte) (time.Time, bool) {
	if len(b) != 20 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[19] != 'Z' {
		return time.Time{}, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 2)
	d, ok3 := num(8, 2)
	h, ok4 := num(11, 2)
	mi, ok5 := num(14, 2)
	s, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC)
	if t.Day() != d { // 31 February and the like: time.Parse refuses them
		return time.Time{}, false
	}
	return t, true
}

// tagEnd finds the '>' that ends the start tag at b[0] ('<'), outside
// quotes; ok is false when it is not in b yet.
func tagEnd(b []byte) (end int, selfClosing, ok bool) {
	var quote byte
	for i := 1; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i, b[i-1] == '/', true
		}
	}
	return 0, false, false
}

// splitTag splits "Name attrs /" into the name and the attribute text.
func splitTag(t []byte) (name, attrs []byte) {
	i := 0
	for i < len(t) && !isSpaceByte(t[i]) && t[i] != '/' {
		i++
	}
	attrs = t[i:]
	if n := len(attrs); n > 0 && attrs[n-1] == '/' {
		attrs = attrs[:n-1]
	}
	return t[:i], attrs
}

// eachAttr calls f with each name and raw (still escaped) value.
func eachAttr(a []byte, f func(k, v []byte) error) error {
	seen := 0
	for {
		j := 0
		for j < len(a) && isSpaceByte(a[j]) {
			j++
		}
		if j == len(a) {
			return nil
		}
		if j == 0 && seen > 0 {
			return errf("expected a space between attributes")
		}
		a = a[j:]
		eq := bytes.IndexByte(a, '=')
		if eq <= 0 {
			return errf("attribute %q has no =value", clipBytes(a, 16))
		}
		k := trimSpaceRight(a[:eq])
		if !validXMLName(k) {
			return errf("attribute name %q is not a name", clipBytes(k, 16))
		}
		a = trimSpaceLeft(a[eq+1:])
		if len(a) == 0 || (a[0] != '"' && a[0] != '\'') {
			return errf("attribute %s needs a quoted value", k)
		}
		q := bytes.IndexByte(a[1:], a[0])
		if q < 0 {
			return errf("attribute %s is never closed", k)
		}
		v := a[1 : 1+q]
		if bytes.IndexByte(v, '<') >= 0 {
			return errf("< in the value of attribute %s", k)
		}
		if err := f(k, v); err != nil {
			return err
		}
		a = a[q+2:]
		seen++
	}
}

// attrValue resolves references and normalises white space, as XML does.
func attrValue(v []byte) (string, error) {
	if bytes.IndexByte(v, '&') < 0 && bytes.IndexAny(v, "\t\r\n") < 0 {
		if err := checkChars(v); err != nil {
			return "", err
		}
		return string(v), nil
	}
	out, err := unescapeXML(nil, v, true)
	return string(out), err
}

// textValue resolves an entry's text: references, CR LF as LF. The
// scanner's scratch buffer takes the unescaped bytes, so only the string
// is allocated.
func (s *LogScanner) textValue(raw []byte) (string, error) {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		if err := checkChars(raw); err != nil {
			return "", err
		}
		return string(raw), nil
	}
	out, err := unescapeXML(s.scratch[:0], raw, false)
	if err != nil {
		return "", err
	}
	s.scratch = out
	return string(out), nil
}

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
