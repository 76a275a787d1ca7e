package hostdoc

import (
	"bytes"
	"fmt"
	"time"
)

// One log entry: its start tag, attributes and text, for LogScanner and
// ParseEntryLine.

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
	if bytes.IndexByte(v, '&') < 0 && !bytes.ContainsAny(v, "\t\r\n") {
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
