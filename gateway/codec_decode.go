package gateway

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// The decoder is a small hand-written scanner rather than encoding/xml: the
// documents are flat, and encoding/xml copies every text run into growing
// buffers, so a 16 MiB argument cost several copies. This one decodes an
// argument's base64 straight from the input into one right-sized buffer,
// and keeps element names as sub-slices of the input.

// UnmarshalRequest decodes a <Request> document within the limits.
// Unknown elements are skipped (still counted against the limits).
func UnmarshalRequest(data []byte, lim Limits) (*Request, error) {
	doc, err := parseDoc(data, lim, &requestShape)
	if err != nil {
		return nil, err
	}
	req := &Request{Session: trimXMLSpace(doc.fields[0]), Function: trimXMLSpace(doc.fields[1]), Args: doc.items}
	if req.Function == "" {
		return nil, &DecodeError{Offset: -1, Detail: "<Function> is missing or empty", Err: ErrMalformed}
	}
	return req, nil
}

// UnmarshalResponse decodes a <Response> document within the limits. A
// missing or empty <ResultList> means no results.
func UnmarshalResponse(data []byte, lim Limits) (*Response, error) {
	doc, err := parseDoc(data, lim, &responseShape)
	if err != nil {
		return nil, err
	}
	if !doc.have[0] {
		return nil, &DecodeError{Offset: -1, Detail: "<Status> is missing", Err: ErrMalformed}
	}
	st := trimXMLSpace(doc.fields[0])
	code, err := strconv.Atoi(st)
	if err != nil {
		return nil, &DecodeError{Offset: -1, Detail: fmt.Sprintf("<Status> %q is not a number", st), Err: ErrMalformed}
	}
	return &Response{Status: Status(code), Message: clipMessage(trimXMLSpace(doc.fields[1])), Results: doc.items}, nil
}

// MaxMessage bounds a <StatusMessage> as the client keeps it: a message
// is a sentence for people, and a host's megabyte of one would be wrapped
// and drawn on every frame the console shows it (docs/protocol.md §2).
const MaxMessage = 4 << 10

// clipMessage cuts a longer message at a character boundary and says how
// long it was.
func clipMessage(m string) string {
	if len(m) <= MaxMessage {
		return m
	}
	cut := MaxMessage
	for cut > 0 && !utf8.RuneStart(m[cut]) {
		cut--
	}
	return m[:cut] + fmt.Sprintf("… (%d bytes in all)", len(m))
}

// docShape names the elements of one kind of document: the root, its two
// text children, and its list of base64 items.
type docShape struct {
	root, list, item string
	fields           [2]string
}

var (
	requestShape  = docShape{root: "Request", list: "ArgList", item: "Argument", fields: [2]string{"Session", "Function"}}
	responseShape = docShape{root: "Response", list: "ResultList", item: "Result", fields: [2]string{"Status", "StatusMessage"}}
)

// parsedDoc is what parseDoc found.
type parsedDoc struct {
	fields [2]string
	have   [2]bool
	items  []Arg
}

// Roles of an open element.
const (
	roleIgnore = iota
	roleRoot
	roleField
	roleList
	roleItem
)

type frame struct {
	name  []byte // qualified name as written, a sub-slice of the input
	start int    // offset of its '<'
	role  uint8
	field uint8 // which text field, for roleField
	done  bool  // an item whose value the fast path already decoded
	item  string
}

type parser struct {
	data     []byte
	pos      int
	lim      Limits
	shape    *docShape
	elements int
	seenRoot bool
	stack    []frame
	text     []byte // text of the open field, or base64 of an item on the slow path
	doc      parsedDoc
}

func (p *parser) fail(off int, err error, format string, args ...any) error {
	return &DecodeError{Offset: int64(off), Detail: fmt.Sprintf(format, args...), Err: err}
}

func parseDoc(data []byte, lim Limits, shape *docShape) (*parsedDoc, error) {
	if lim.MaxBytes > 0 && int64(len(data)) > lim.MaxBytes {
		return nil, &DecodeError{Offset: lim.MaxBytes, Detail: fmt.Sprintf("limit is %d bytes", lim.MaxBytes), Err: ErrTooLarge}
	}
	p := &parser{data: data, lim: lim, shape: shape}
	var stack [8]frame
	p.stack = stack[:0]
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		p.pos = 3
	}
	for p.pos < len(data) {
		var err error
		if data[p.pos] != '<' {
			err = p.charData()
		} else {
			err = p.markup()
		}
		if err != nil {
			return nil, err
		}
	}
	if !p.seenRoot {
		return nil, p.fail(len(data), ErrMalformed, "no <%s> element", shape.root)
	}
	if n := len(p.stack); n != 0 {
		top := p.stack[n-1]
		return nil, p.fail(len(data), ErrMalformed, "document ends inside <%s> (opened at byte %d)", top.name, top.start)
	}
	return &p.doc, nil
}

func (p *parser) markup() error {
	rest := p.data[p.pos:]
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		end := bytes.Index(rest[4:], []byte("-->"))
		if end < 0 {
			return p.fail(p.pos, ErrMalformed, "comment is never closed with -->")
		}
		p.pos += 4 + end + 3
	case bytes.HasPrefix(rest, []byte("<?")):
		return p.procInst()
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		if len(p.stack) == 0 {
			return p.fail(p.pos, ErrMalformed, "CDATA section outside the root element")
		}
		end := bytes.Index(rest[9:], []byte("]]>"))
		if end < 0 {
			return p.fail(p.pos, ErrMalformed, "CDATA section is never closed with ]]>")
		}
		p.keepText(rest[9 : 9+end])
		p.pos += 9 + end + 3
	case len(rest) >= 9 && bytes.EqualFold(rest[:9], []byte("<!DOCTYPE")):
		return p.fail(p.pos, ErrDoctype, "documents may not declare a DOCTYPE (no DTDs or entity declarations)")
	case bytes.HasPrefix(rest, []byte("<!")):
		return p.fail(p.pos, ErrMalformed, "unexpected markup %q", clip(rest, 12))
	case bytes.HasPrefix(rest, []byte("</")):
		return p.endTag()
	default:
		return p.startTag()
	}
	return nil
}

// procInst skips a processing instruction; the XML declaration's encoding,
// if any, must be UTF-8 (or its subset ASCII), since nothing else is decoded.
func (p *parser) procInst() error {
	start := p.pos
	end := bytes.Index(p.data[start+2:], []byte("?>"))
	if end < 0 {
		return p.fail(start, ErrMalformed, "processing instruction is never closed with ?>")
	}
	body := p.data[start+2 : start+2+end]
	p.pos = start + 2 + end + 2
	if len(body) < 3 || !bytes.Equal(body[:3], []byte("xml")) || (len(body) > 3 && !isSpace(body[3])) {
		return nil
	}
	i := bytes.Index(body, []byte("encoding"))
	if i < 0 {
		return nil
	}
	v := bytes.TrimLeft(body[i+len("encoding"):], " \t\r\n=")
	if len(v) == 0 || (v[0] != '"' && v[0] != '\'') {
		return p.fail(start, ErrMalformed, "XML declaration has a malformed encoding")
	}
	q := bytes.IndexByte(v[1:], v[0])
	if q < 0 {
		return p.fail(start, ErrMalformed, "XML declaration has a malformed encoding")
	}
	switch enc := string(bytes.ToLower(v[1 : 1+q])); enc {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return nil
	default:
		return p.fail(start, ErrMalformed, "encoding %q is not supported; send UTF-8", enc)
	}
}

func (p *parser) startTag() error {
	start := p.pos
	p.pos++
	name, err := p.name("element")
	if err != nil {
		return err
	}
	p.elements++
	if p.lim.MaxElements > 0 && p.elements > p.lim.MaxElements {
		return p.fail(start, ErrTooManyElements, "limit is %d elements", p.lim.MaxElements)
	}
	if p.lim.MaxDepth > 0 && len(p.stack)+1 > p.lim.MaxDepth {
		return p.fail(start, ErrTooDeep, "<%s> is nested deeper than the limit of %d levels", name, p.lim.MaxDepth)
	}
	f := frame{name: name, start: start}
	local := localName(name)
	switch parent := p.parentRole(); {
	case len(p.stack) == 0:
		if p.seenRoot {
			return p.fail(start, ErrMalformed, "more than one root element")
		}
		if string(local) != p.shape.root {
			return p.fail(start, ErrMalformed, "root element is <%s>, want <%s>", name, p.shape.root)
		}
		p.seenRoot = true
		f.role = roleRoot
	case parent == roleRoot && string(local) == p.shape.list:
		f.role = roleList
	case parent == roleRoot && string(local) == p.shape.fields[0]:
		f.role = roleField
	case parent == roleRoot && string(local) == p.shape.fields[1]:
		f.role, f.field = roleField, 1
	case parent == roleList && string(local) == p.shape.item:
		f.role = roleItem
	}
	selfClosing, err := p.attributes(&f)
	if err != nil {
		return err
	}
	switch f.role {
	case roleField:
		p.text = p.text[:0]
		if selfClosing {
			p.doc.fields[f.field], p.doc.have[f.field] = "", true
		}
	case roleItem:
		if selfClosing {
			p.doc.items = append(p.doc.items, Arg{Name: f.item, Value: []byte{}})
		} else if err := p.fastItem(&f); err != nil {
			return err
		}
	}
	if !selfClosing {
		p.stack = append(p.stack, f)
	}
	return nil
}

// fastItem decodes an item whose content is one plain text run followed by
// its end tag (the usual case) straight from the input.
func (p *parser) fastItem(f *frame) error {
	p.text = p.text[:0]
	rest := p.data[p.pos:]
	lt := bytes.IndexByte(rest, '<')
	if lt < 0 || bytes.IndexByte(rest[:lt], '&') >= 0 || !isEndTagOf(rest[lt:], f.name) {
		return nil // comments, CDATA or references inside: gather it in p.text
	}
	val, err := p.decodeBase64(rest[:lt], p.pos, false)
	if err != nil {
		return err
	}
	p.doc.items = append(p.doc.items, Arg{Name: f.item, Value: val})
	f.done = true
	p.pos += lt
	return nil
}

func isEndTagOf(b, name []byte) bool {
	if len(b) < len(name)+3 || b[0] != '<' || b[1] != '/' || !bytes.Equal(b[2:2+len(name)], name) {
		return false
	}
	c := b[2+len(name)]
	return c == '>' || isSpace(c)
}

// attributes reads the rest of a start tag, keeping an item's name
// attribute, and reports whether the tag closed itself.
func (p *parser) attributes(f *frame) (selfClosing bool, err error) {
	haveName := false
	for {
		spaced := p.skipSpace()
		if p.pos >= len(p.data) {
			return false, p.fail(f.start, ErrMalformed, "document ends inside the tag <%s>", f.name)
		}
		switch p.data[p.pos] {
		case '>':
			p.pos++
			return false, nil
		case '/':
			if p.pos+1 < len(p.data) && p.data[p.pos+1] == '>' {
				p.pos += 2
				return true, nil
			}
			return false, p.fail(p.pos, ErrMalformed, "expected /> in <%s>", f.name)
		}
		if !spaced {
			return false, p.fail(p.pos, ErrMalformed, "expected a space before an attribute in <%s>", f.name)
		}
		attrAt := p.pos
		attr, err := p.name("attribute")
		if err != nil {
			return false, err
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '=' {
			return false, p.fail(p.pos, ErrMalformed, "attribute %s in <%s> has no =value", attr, f.name)
		}
		p.pos++
		p.skipSpace()
		if p.pos >= len(p.data) || (p.data[p.pos] != '"' && p.data[p.pos] != '\'') {
			return false, p.fail(p.pos, ErrMalformed, "attribute %s in <%s> needs a quoted value", attr, f.name)
		}
		quote := p.data[p.pos]
		end := bytes.IndexByte(p.data[p.pos+1:], quote)
		if end < 0 {
			return false, p.fail(p.pos, ErrMalformed, "attribute %s in <%s> is never closed", attr, f.name)
		}
		raw := p.data[p.pos+1 : p.pos+1+end]
		if lt := bytes.IndexByte(raw, '<'); lt >= 0 {
			return false, p.fail(p.pos+1+lt, ErrMalformed, "< in the value of attribute %s", attr)
		}
		keep := f.role == roleItem && string(attr) == "name"
		val, err := p.unescape(nil, raw, p.pos+1, keep, modeAttr)
		if err != nil {
			return false, err
		}
		if keep {
			if haveName {
				return false, p.fail(attrAt, ErrMalformed, "attribute name given twice in <%s>", f.name)
			}
			if i, bad := badXMLChar(val); bad {
				return false, p.fail(attrAt, ErrMalformed, "attribute name of <%s>: byte %d of its value is not an XML character", f.name, i)
			}
			f.item, haveName = string(val), true
		}
		p.pos += 1 + end + 1
	}
}

func (p *parser) endTag() error {
	start := p.pos
	p.pos += 2
	name, err := p.name("end tag")
	if err != nil {
		return err
	}
	p.skipSpace()
	if p.pos >= len(p.data) || p.data[p.pos] != '>' {
		return p.fail(p.pos, ErrMalformed, "expected > to close </%s>", name)
	}
	p.pos++
	if len(p.stack) == 0 {
		return p.fail(start, ErrMalformed, "end tag </%s> without a start tag", name)
	}
	top := p.stack[len(p.stack)-1]
	if !bytes.Equal(top.name, name) {
		return p.fail(start, ErrMalformed, "end tag </%s> does not match <%s> at byte %d", name, top.name, top.start)
	}
	p.stack = p.stack[:len(p.stack)-1]
	switch {
	case top.role == roleField:
		if i, bad := badXMLChar(p.text); bad {
			return p.fail(top.start, ErrMalformed, "<%s>: byte %d of its text is not an XML character (invalid UTF-8 or a control character)", top.name, i)
		}
		p.doc.fields[top.field], p.doc.have[top.field] = string(p.text), true
	case top.role == roleItem && !top.done:
		// p.text holds the gathered base64 with white space already dropped.
		val, err := p.decodeBase64(p.text, top.start, true)
		if err != nil {
			return err
		}
		p.doc.items = append(p.doc.items, Arg{Name: top.item, Value: val})
	}
	return nil
}

// charData handles a text run up to the next '<'.
func (p *parser) charData() error {
	start := p.pos
	lt := bytes.IndexByte(p.data[start:], '<')
	if lt < 0 {
		lt = len(p.data) - start
	}
	run := p.data[start : start+lt]
	p.pos = start + lt
	if len(p.stack) == 0 {
		for i, c := range run {
			if !isSpace(c) {
				return p.fail(start+i, ErrMalformed, "text outside the root element")
			}
		}
		return nil
	}
	switch p.stack[len(p.stack)-1].role {
	case roleField:
		var err error
		p.text, err = p.unescape(p.text, run, start, true, modeText)
		return err
	case roleItem:
		var err error
		p.text, err = p.unescape(p.text, run, start, true, modeBase64)
		return err
	}
	_, err := p.unescape(nil, run, start, false, modeText)
	return err
}

// keepText adds literal text (a CDATA section) to the open field or item.
func (p *parser) keepText(raw []byte) {
	switch p.stack[len(p.stack)-1].role {
	case roleField:
		p.text = appendText(p.text, raw, modeText)
	case roleItem:
		p.text = appendText(p.text, raw, modeBase64)
	}
}

// name reads an element or attribute name at p.pos.
func (p *parser) name(what string) ([]byte, error) {
	start := p.pos
	for p.pos < len(p.data) && isNameByte(p.data[p.pos]) {
		p.pos++
	}
	if p.pos == start || isDigitDashDot(p.data[start]) {
		return nil, p.fail(start, ErrMalformed, "expected an %s name", what)
	}
	return p.data[start:p.pos], nil
}

func (p *parser) skipSpace() bool {
	start := p.pos
	for p.pos < len(p.data) && isSpace(p.data[p.pos]) {
		p.pos++
	}
	return p.pos > start
}

func (p *parser) parentRole() uint8 {
	if len(p.stack) == 0 {
		return roleIgnore
	}
	return p.stack[len(p.stack)-1].role
}

// localName drops a namespace prefix: <dp:Request> is a Request.
func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}
