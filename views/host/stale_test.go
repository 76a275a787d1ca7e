package host

import (
	"strings"
	"testing"
)

// TestHostDownKeepsLastKnown: when the host stops answering, r keeps the
// fingerprint read before, marked as the last known.
func TestHostDownKeepsLastKnown(t *testing.T) {
	env, m, r := start(t)
	fp := m.machine.Fingerprint
	env.Host.Close()
	r.Key("r")
	v := m.View()
	if !strings.Contains(v, "last known — host not answering") || !strings.Contains(v, fp) {
		t.Fatalf("view after the host stopped answering:\n%s", v)
	}
}
