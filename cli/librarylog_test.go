package cli

import (
	"bytes"
	"log"
	"strings"
	"testing"
)

// TestLibraryLogGoesToTheConsolesLog: what a library logs with the
// standard logger (net/http quoting a host's unsolicited answer) goes to
// the console's log, not to the terminal, until restored.
func TestLibraryLogGoesToTheConsolesLog(t *testing.T) {
	var consoleLog, before bytes.Buffer
	log.SetOutput(&before)
	defer log.SetOutput(nil)
	restore := libraryLog(log.New(recordWriter{&consoleLog}, "dpconsole ", 0))
	log.Printf("Unsolicited response received on idle HTTP channel starting with %q", "HTTP/1.1 200 OK\r\n\x1b]0;OWNED\a")
	restore()
	log.Print("after")
	if got := consoleLog.String(); !strings.HasPrefix(got, "dpconsole Unsolicited response") || strings.Contains(got, "after") {
		t.Errorf("the console's log got %q", got)
	}
	if got := before.String(); !strings.HasSuffix(got, " after\n") || strings.Contains(got, "Unsolicited") {
		t.Errorf("the standard logger's own output got %q, want only what came after the restore", got)
	}
}
