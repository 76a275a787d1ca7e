package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dpconsole/gateway"
)

// A host's error text in `dpconsole fleet --json` on a terminal: C1
// controls and bidi overrides must be escaped as call --json does
// (jsonsafe.Escape), not printed raw.
func TestFleetJSONEscapesC1AndBidi(t *testing.T) {
	h := newHXHost(t, func(*gateway.Request) *gateway.Response {
		return &gateway.Response{Status: gateway.Status(3), Message: "refused \u009b2J\u0085 \u202eevil \u2066x\u2069"}
	})
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("gateways:\n  alpha: %s/api\n", h.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, mode := range [][]string{{"--json"}, nil} {
		r := hxRun(t, map[string]string{"XDG_CONFIG_HOME": dir}, true, append([]string{"fleet", "--config", cfg}, mode...)...)
		if !strings.Contains(r.stdout, "alpha") {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q", mode, r.code, r.stdout, r.stderr)
		}
		rawControls(t, fmt.Sprintf("fleet %v stdout", mode), r.stdout)
		rawControls(t, fmt.Sprintf("fleet %v stderr", mode), r.stderr)
	}
}
