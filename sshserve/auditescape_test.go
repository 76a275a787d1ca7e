package sshserve

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestAuditEscapesTheUserName: the SSH user name is the client's, before
// any authentication; what a terminal would obey in it (C1 controls, bidi
// overrides) is escaped in the log, and the line still reads as the name.
func TestAuditEscapesTheUserName(t *testing.T) {
	var buf bytes.Buffer
	a := NewAudit(&buf, nil)
	name := "admin\u009b2J\u202eevil"
	a.refused(name, "127.0.0.1", "denied")
	line := buf.String()
	if strings.ContainsAny(line, "\u009b\u202e") || !strings.Contains(line, `\u009b`) {
		t.Fatalf("raw controls in %q", line)
	}
	var r AuditRecord
	if err := json.Unmarshal([]byte(line), &r); err != nil || r.User != name {
		t.Fatalf("%v: user %q", err, r.User)
	}
}
