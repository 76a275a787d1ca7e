package common

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// MaxXMLArg bounds an XML document the console checks and sends: scripts,
// tasks documents and templates are small, and a mistaken file must not be
// scanned for long inside Update.
const MaxXMLArg = 16 << 20

// CheckXML refuses data that is not one well-formed XML document before it
// is sent to the host, so a path, YAML or a typo never replaces a script
// or a document. A DOCTYPE is refused (the host refuses it too), and so is
// a document over MaxXMLArg bytes. what names the data in the message
// ("script-contents", "the file ./verify.xml").
func CheckXML(what string, data []byte) error {
	if len(data) > MaxXMLArg {
		return fmt.Errorf("%s is %d bytes, the limit for an XML document is %d", what, len(data), MaxXMLArg)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%s is empty: give an XML document", what)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	roots, depth := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s is not well-formed XML (%v): fix it and try again", what, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				return fmt.Errorf("%s has a DOCTYPE, which the host refuses: remove the <!DOCTYPE …> line", what)
			}
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return fmt.Errorf("%s is not an XML document: it has text outside any element", what)
			}
		}
	}
	switch {
	case roots == 0:
		return fmt.Errorf("%s is not an XML document: it has no element", what)
	case roots > 1:
		return fmt.Errorf("%s is not one XML document: it has %d root elements", what, roots)
	}
	return nil
}
