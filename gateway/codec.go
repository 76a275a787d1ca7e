package gateway

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Arg is one <Argument> or <Result>: an optional name and the decoded bytes.
type Arg struct {
	Name  string
	Value []byte
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
// allocate without bound.
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
}

func (e *DecodeError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("%v at byte %d: %s", e.Err, e.Offset, e.Detail)
	}
	return fmt.Sprintf("%v: %s", e.Err, e.Detail)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// ReadBody reads at most max bytes from r; a longer body is ErrTooLarge.
func ReadBody(r io.Reader, max int64) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if n > max {
		return nil, &DecodeError{Offset: max, Detail: fmt.Sprintf("limit is %d bytes", max), Err: ErrTooLarge}
	}
	return buf.Bytes(), nil
}

// Marshal encodes the request as an XML document.
func (r *Request) Marshal() ([]byte, error) {
	var b bytes.Buffer
	b.Grow(encodedSize(r.Args) + 256)
	if err := r.Encode(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Encode writes the request document to w, streaming base64 so a large
// argument is never held twice in memory.
func (r *Request) Encode(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("<Request>")
	if r.Session != "" {
		writeTextElem(bw, "Session", r.Session)
	}
	writeTextElem(bw, "Function", r.Function)
	if err := writeList(bw, "ArgList", "Argument", r.Args); err != nil {
		return err
	}
	bw.WriteString("</Request>\n")
	return bw.Flush()
}

// Marshal encodes the response as an XML document.
func (r *Response) Marshal() ([]byte, error) {
	var b bytes.Buffer
	b.Grow(encodedSize(r.Results) + 256)
	if err := r.Encode(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Encode writes the response document to w.
func (r *Response) Encode(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("<Response>")
	writeTextElem(bw, "Status", strconv.Itoa(int(r.Status)))
	writeTextElem(bw, "StatusMessage", r.Message)
	if err := writeList(bw, "ResultList", "Result", r.Results); err != nil {
		return err
	}
	bw.WriteString("</Response>\n")
	return bw.Flush()
}

func encodedSize(args []Arg) int {
	n := 0
	for _, a := range args {
		n += base64.StdEncoding.EncodedLen(len(a.Value)) + len(a.Name) + 32
	}
	return n
}

func writeTextElem(w *bufio.Writer, name, text string) {
	w.WriteString("<" + name + ">")
	xml.EscapeText(w, []byte(text))
	w.WriteString("</" + name + ">")
}

func writeList(w *bufio.Writer, list, item string, args []Arg) error {
	if len(args) == 0 {
		return nil
	}
	w.WriteString("<" + list + ">")
	for _, a := range args {
		w.WriteString("<" + item)
		if a.Name != "" {
			w.WriteString(` name="`)
			xml.EscapeText(w, []byte(a.Name))
			w.WriteString(`"`)
		}
		w.WriteString(">")
		enc := base64.NewEncoder(base64.StdEncoding, w)
		if _, err := enc.Write(a.Value); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
		w.WriteString("</" + item + ">")
	}
	w.WriteString("</" + list + ">")
	return nil
}

// UnmarshalRequest decodes a <Request> document within the limits.
func UnmarshalRequest(data []byte, lim Limits) (*Request, error) {
	root, err := parseDoc(data, lim, "Request", "ArgList", "Argument")
	if err != nil {
		return nil, err
	}
	req := &Request{Session: strings.TrimSpace(root.text["Session"]), Function: strings.TrimSpace(root.text["Function"]), Args: root.items}
	if req.Function == "" {
		return nil, &DecodeError{Offset: -1, Detail: "<Function> is missing or empty", Err: ErrMalformed}
	}
	return req, nil
}

// UnmarshalResponse decodes a <Response> document within the limits.
func UnmarshalResponse(data []byte, lim Limits) (*Response, error) {
	root, err := parseDoc(data, lim, "Response", "ResultList", "Result")
	if err != nil {
		return nil, err
	}
	st, ok := root.text["Status"]
	if !ok {
		return nil, &DecodeError{Offset: -1, Detail: "<Status> is missing", Err: ErrMalformed}
	}
	code, err := strconv.Atoi(strings.TrimSpace(st))
	if err != nil {
		return nil, &DecodeError{Offset: -1, Detail: fmt.Sprintf("<Status> %q is not a number", st), Err: ErrMalformed}
	}
	return &Response{Status: Status(code), Message: strings.TrimSpace(root.text["StatusMessage"]), Results: root.items}, nil
}

type parsedDoc struct {
	text  map[string]string
	items []Arg
}

// parseDoc walks a flat Request/Response document: a root, text children,
// and one list of base64 items.
func parseDoc(data []byte, lim Limits, rootName, listName, itemName string) (*parsedDoc, error) {
	if lim.MaxBytes > 0 && int64(len(data)) > lim.MaxBytes {
		return nil, &DecodeError{Offset: lim.MaxBytes, Detail: fmt.Sprintf("limit is %d bytes", lim.MaxBytes), Err: ErrTooLarge}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	doc := &parsedDoc{text: map[string]string{}}
	var stack []string
	var text bytes.Buffer
	var itemAttr string
	elements := 0
	seenRoot := false
	fail := func(err error, detail string) error {
		return &DecodeError{Offset: d.InputOffset(), Detail: detail, Err: err}
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fail(ErrMalformed, err.Error())
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				return nil, fail(ErrDoctype, "documents may not declare a DOCTYPE")
			}
			return nil, fail(ErrMalformed, "unexpected directive")
		case xml.StartElement:
			elements++
			if lim.MaxElements > 0 && elements > lim.MaxElements {
				return nil, fail(ErrTooManyElements, fmt.Sprintf("limit is %d elements", lim.MaxElements))
			}
			if lim.MaxDepth > 0 && len(stack)+1 > lim.MaxDepth {
				return nil, fail(ErrTooDeep, fmt.Sprintf("limit is %d levels", lim.MaxDepth))
			}
			name := t.Name.Local
			switch len(stack) {
			case 0:
				if seenRoot {
					return nil, fail(ErrMalformed, "more than one root element")
				}
				if name != rootName {
					return nil, fail(ErrMalformed, fmt.Sprintf("root element is <%s>, want <%s>", name, rootName))
				}
				seenRoot = true
			case 2:
				if stack[1] == listName && name == itemName {
					itemAttr = ""
					for _, a := range t.Attr {
						if a.Name.Local == "name" {
							itemAttr = a.Value
						}
					}
				}
			}
			stack = append(stack, name)
			text.Reset()
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, fail(ErrMalformed, "unexpected end element")
			}
			name := stack[len(stack)-1]
			switch {
			case len(stack) == 2 && name != listName:
				doc.text[name] = text.String()
			case len(stack) == 3 && stack[1] == listName && name == itemName:
				val, err := decodeBase64(text.Bytes())
				if err != nil {
					return nil, fail(ErrBadBase64, fmt.Sprintf("<%s> %d: %v", itemName, len(doc.items)+1, err))
				}
				doc.items = append(doc.items, Arg{Name: itemAttr, Value: val})
			}
			stack = stack[:len(stack)-1]
			text.Reset()
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) != 0 {
					return nil, fail(ErrMalformed, "text outside the root element")
				}
				continue
			}
			text.Write(t)
		}
	}
	if !seenRoot {
		return nil, &DecodeError{Offset: int64(len(data)), Detail: fmt.Sprintf("no <%s> element", rootName), Err: ErrMalformed}
	}
	if len(stack) != 0 {
		return nil, &DecodeError{Offset: int64(len(data)), Detail: "document ends inside <" + stack[len(stack)-1] + ">", Err: ErrMalformed}
	}
	return doc, nil
}

// decodeBase64 decodes standard padded base64, ignoring ASCII white space
// (decisions §2: wrapped base64 is accepted).
func decodeBase64(src []byte) ([]byte, error) {
	clean := src
	if bytes.ContainsAny(src, " \t\r\n") {
		clean = make([]byte, 0, len(src))
		for _, c := range src {
			switch c {
			case ' ', '\t', '\r', '\n':
			default:
				clean = append(clean, c)
			}
		}
	}
	dst := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
	n, err := base64.StdEncoding.Strict().Decode(dst, clean)
	if err != nil {
		return nil, err
	}
	return dst[:n], nil
}
