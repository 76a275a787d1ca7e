package cli

import (
	"strings"
	"testing"
)

// TestLogoutForgetNothingAttack4: logout --forget with no kept session
// says there was none, not "logged out".
func TestLogoutForgetNothingAttack4(t *testing.T) {
	got := newRunner(t).run("logout", "--forget")
	if strings.Contains(got.stdout, "logged out") {
		t.Fatalf("exit %d stdout %q stderr %q", got.code, got.stdout, got.stderr)
	}
	got = newRunner(t).run("logout", "--all", "--forget")
	if strings.Contains(got.stdout, "logged out") {
		t.Fatalf("--all: exit %d stdout %q stderr %q", got.code, got.stdout, got.stderr)
	}
}
