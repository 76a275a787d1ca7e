package hostdoc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Bounds on documents this package decodes. A tasks document of a few
// thousand tasks or a log of LogKeep entries fits well inside them.
const (
	MaxDocBytes    = 16 << 20
	MaxDocElements = 200_000
	MaxDocDepth    = 16
)

// ErrInvalid is wrapped by every parse or validation error of this package,
// so callers can map it to status 408 with errors.Is.
var ErrInvalid = errors.New("invalid document")

// DocError says which document was refused and why.
type DocError struct {
	Doc    string // "tasks", "template", "log", "machine"
	Detail string
}

// Error words the refusal.
func (e *DocError) Error() string { return fmt.Sprintf("invalid %s document: %s", e.Doc, e.Detail) }

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *DocError) Unwrap() error { return ErrInvalid }

func docErr(doc, format string, args ...any) error {
	return &DocError{Doc: doc, Detail: fmt.Sprintf(format, args...)}
}

// CheckDoc reports whether data is one well-formed XML document within
// the limits (size, elements, depth, no DOCTYPE), and returns its root
// element's local name. The host's parsers run it before xml.Unmarshal,
// and the console runs it before sending any XML argument, so both refuse
// the same documents with the same words. doc names the document in the
// *DocError.
func CheckDoc(doc string, data []byte) (root string, err error) {
	if len(data) > MaxDocBytes {
		return "", docErr(doc, "it is %d bytes, the limit is %d", len(data), MaxDocBytes)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	depth, elements, roots := 0, 0, 0
	for {
		tok, err := d.Token() // Token, not RawToken: it checks that end tags match
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", docErr(doc, "it is not well-formed XML (%v)", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				return "", docErr(doc, "a DOCTYPE is not allowed; remove the <!DOCTYPE ...> line")
			}
			return "", docErr(doc, "unexpected <!%s> directive", firstWord(t))
		case xml.StartElement:
			elements++
			depth++
			if elements > MaxDocElements {
				return "", docErr(doc, "more than %d elements", MaxDocElements)
			}
			if depth > MaxDocDepth {
				return "", docErr(doc, "nested deeper than %d levels", MaxDocDepth)
			}
			if depth == 1 {
				roots++
				if root == "" {
					root = t.Name.Local
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) != 0 {
				return "", docErr(doc, "text outside the root element")
			}
		}
	}
	switch {
	case root == "":
		return "", docErr(doc, "it is empty; expected an XML element")
	case roots > 1:
		return "", docErr(doc, "more than one root element: it has %d root elements", roots)
	case depth != 0:
		return "", docErr(doc, "it ends before its elements are closed")
	}
	return root, nil
}

func firstWord(b []byte) string {
	b = bytes.TrimSpace(b)
	if i := bytes.IndexAny(b, " \t\r\n"); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// decode checks data, requires the root element want, and unmarshals it.
func decode(doc string, data []byte, want string, v any) error {
	root, err := CheckDoc(doc, data)
	if err != nil {
		return err
	}
	if root != want {
		return docErr(doc, "the root element is <%s>, expected <%s>", root, want)
	}
	if err := xml.Unmarshal(data, v); err != nil {
		return docErr(doc, "%v", err)
	}
	return nil
}

// unknownParts words the elements and attributes a decoder did not expect.
func unknownParts(where string, elems []anyElem, attrs []xml.Attr) error {
	if len(elems) > 0 {
		return fmt.Errorf("%s: unknown element <%s>", where, elems[0].XMLName.Local)
	}
	if len(attrs) > 0 {
		return fmt.Errorf("%s: unknown attribute %q", where, attrs[0].Name.Local)
	}
	return nil
}

// anyElem captures an element a document should not contain.
type anyElem struct {
	XMLName xml.Name
}
