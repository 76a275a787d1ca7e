package panetest

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// Clipboard is a session's terminal output, read back as what its OSC 52
// sequences put on the clipboard.
type Clipboard struct{ bytes.Buffer }

// Copied decodes the last OSC 52 sequence written ("" when none).
func (c *Clipboard) Copied(tb testing.TB) string {
	tb.Helper()
	s := c.String()
	i := strings.LastIndex(s, "\x1b]52;c;")
	if i < 0 {
		return ""
	}
	s = s[i+len("\x1b]52;c;"):]
	if j := strings.IndexByte(s, '\a'); j >= 0 {
		s = s[:j]
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		tb.Fatalf("OSC 52 payload %q: %v", s, err)
	}
	return string(b)
}
