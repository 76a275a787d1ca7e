package cli

import (
	"bytes"
	"io"
	"log"

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

// libraryLog sends what libraries write to the standard logger to l until
// restored: net/http logs a host's unsolicited answer with the standard
// logger, quoting up to 4 KiB of it, and on the console's terminal that
// would be host text written over the screen.
func libraryLog(l *log.Logger) (restore func()) {
	w, flags, prefix := log.Writer(), log.Flags(), log.Prefix()
	log.SetOutput(l.Writer())
	log.SetFlags(l.Flags())
	log.SetPrefix(l.Prefix())
	return func() {
		log.SetOutput(w)
		log.SetFlags(flags)
		log.SetPrefix(prefix)
	}
}
