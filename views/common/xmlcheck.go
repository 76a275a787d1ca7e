package common

import (
	"bytes"
	"errors"
	"fmt"

	"dpconsole/gateway/hostdoc"
)

// MaxXMLArg bounds an XML document the console checks and sends: the
// host's own limit for the documents it parses.
const MaxXMLArg = hostdoc.MaxDocBytes

// CheckXML refuses data that is not one well-formed XML document before it
// is sent to the host, so a path, YAML or a typo never replaces a script
// or a document. It applies the host's own rules (hostdoc.CheckDoc: no
// DOCTYPE, size, depth, one root); what names the data in the message
// ("script-contents", "the file ./verify.xml").
func CheckXML(what string, data []byte) error {
	if len(data) > MaxXMLArg {
		return fmt.Errorf("%s is %d bytes, the limit for an XML document is %d", what, len(data), MaxXMLArg)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%s is empty: give an XML document", what)
	}
	if _, err := hostdoc.CheckDoc(what, data); err != nil {
		var de *hostdoc.DocError
		if errors.As(err, &de) {
			return fmt.Errorf("%s is not an XML document: %s; fix it and try again", what, de.Detail)
		}
		return err
	}
	return nil
}
