package cli

import (
	"strings"
	"testing"

	"dpconsole/gateway"
)

// Completion prints host names as shell words, which the shell then shows
// on the terminal (a list of candidates): C1 controls (U+009B is CSI), a
// raw 0x9b byte, bidi overrides and line separators must be dropped as
// the C0 controls are.
func TestCompletionDropsC1BidiAndInvalidUTF8(t *testing.T) {
	bad := []string{"c1-\u009b2J", "raw-\x9b2J", "bidi-\u202eevil", "sep\u2028x", "osc-\u009d0;t\u009c"}
	h := newHXHost(t, func(*gateway.Request) *gateway.Response {
		resp := &gateway.Response{Status: gateway.StatusOK, Message: "OK"}
		for _, n := range append([]string{"plain"}, bad...) {
			resp.Results = append(resp.Results, gateway.Arg{Value: []byte(n)})
		}
		return resp
	})
	r := newRunner(t)
	r.env["DPCONSOLE_SESSION"] = "S1"
	cands, _ := r.complete("call", "--gateway", h.URL, "configGetTasks", "")
	out := strings.Join(cands, "\n")
	if !strings.Contains(out, "plain") {
		t.Fatalf("no candidates at all: %q", cands)
	}
	for _, b := range bad {
		if strings.Contains(out, b) {
			t.Errorf("candidate %q reached the shell", b)
		}
	}
}
