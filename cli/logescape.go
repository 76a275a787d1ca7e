package cli

import (
	"bytes"
	"io"

	"dpconsole/text/sanitize"
)

// recordWriter escapes each log record before it reaches the
// DPCONSOLE_LOG file (docs/protocol.md §10): a record is one Write (as
// log.Logger makes them), and host text inside it — newlines, CR, escape
// sequences, C1 and bidi characters — is shown by the sanitiser instead of
// starting a forged line or driving the terminal of whoever reads the log.
type recordWriter struct{ w io.Writer }

func (r recordWriter) Write(p []byte) (int, error) {
	rec := bytes.TrimSuffix(p, []byte("\n"))
	line := sanitize.SanitizeLine(string(rec)) + "\n"
	if _, err := io.WriteString(r.w, line); err != nil {
		return 0, err
	}
	return len(p), nil
}
