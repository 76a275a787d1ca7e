//go:build linux

package cli

import (
	"strings"
	"sync/atomic"
	"testing"

	"dpconsole/gateway"
)

// --out - refuses a terminal, as the raw result would be obeyed by it;
// --out /dev/tty (or /dev/stdout, or the pts itself) is the same terminal
// by another name and is refused too, before anything is asked.
func TestOutToATerminalDeviceIsRefused(t *testing.T) {
	master, slave := openPTY(t)
	defer master.Close()
	defer slave.Close()
	var asked atomic.Bool
	h := newHXHost(t, func(*gateway.Request) *gateway.Response {
		asked.Store(true)
		return &gateway.Response{Status: gateway.StatusOK, Message: "OK",
			Results: []gateway.Arg{{Value: []byte("<Script/>\x1b]0;OWNED\a\x1b]52;c;T1dORUQ=\a")}}}
	})
	r := hxRun(t, hxSession, false, "call", "--gateway", h.URL, "--out", slave.Name(), "configGetScript", "production", "s.xml")
	if r.code != 1 || !strings.Contains(r.stderr, "is a terminal") || asked.Load() {
		t.Errorf("--out %s (a terminal): exit %d, stderr %q, host asked %v; want exit 1, the refusal, and no call", slave.Name(), r.code, r.stderr, asked.Load())
	}
	// A character device that is not a terminal still takes the result.
	r = hxRun(t, hxSession, false, "call", "--gateway", h.URL, "--out", "/dev/null", "configGetScript", "production", "s.xml")
	if r.code != 0 {
		t.Errorf("--out /dev/null: exit %d, stderr %q", r.code, r.stderr)
	}
}
