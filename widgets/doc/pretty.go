package doc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// prettyLimit bounds the documents Pretty re-indents; bigger ones are
// shown as they came.
const prettyLimit = 1 << 20

// Pretty re-indents an XML document that arrived on one line (hosts may
// send documents unindented) so it reads well; a document that already
// has lines, does not parse or is too big comes back unchanged.
func Pretty(text string) string {
	if strings.Contains(strings.TrimSpace(text), "\n") || len(text) > prettyLimit {
		return text
	}
	d := xml.NewDecoder(strings.NewReader(text))
	d.Strict = true
	var b bytes.Buffer
	e := xml.NewEncoder(&b)
	e.Indent("", "  ")
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return text
		}
		if _, dir := tok.(xml.Directive); dir {
			return text // a DOCTYPE or the like: show it as sent
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) == 0 {
			continue
		}
		if err := e.EncodeToken(xml.CopyToken(tok)); err != nil {
			return text
		}
	}
	if err := e.Flush(); err != nil {
		return text
	}
	return b.String() + "\n"
}
