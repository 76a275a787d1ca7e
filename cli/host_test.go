package cli

import (
	"strings"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/gateway/mockhost/clock"
	"dpconsole/testkit"
)

// testStart is the fake clock's start: the host's tasks only run when a
// test advances it.
var testStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// testID is the binary ID stored as production's a.iic: not text, and with
// a terminal escape inside.
var testID = []byte{0x00, 0x01, 0xfe, 0xff, 'I', 'D', 0x1b, '[', '2', 'J'}

// escapeScript is the shared script s.xml: text that would retitle the
// terminal if printed as it is.
const escapeScript = "evil\x1b]0;pwned\x07"

// testHost is the real mock host, in process over loopback, on a fake
// clock, with its demo data and users (operator/demo; admin/demo then
// 424242).
type testHost struct {
	*mockhost.Running
	clock *clock.FakeClock
	log   *testkit.SyncBuffer // the host's verbose log: one "function status duration" line per call
}

// startHost starts a mock host for one test and stores testID and
// escapeScript on it.
func startHost(t *testing.T) *testHost {
	t.Helper()
	return startHostWith(t, mockhost.Config{})
}

func startHostWith(t *testing.T, cfg mockhost.Config) *testHost {
	t.Helper()
	h := &testHost{clock: clock.NewFake(testStart), log: &testkit.SyncBuffer{}}
	cfg.Clock, cfg.Stderr, cfg.Verbose = h.clock, h.log, true
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	r, err := mockhost.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	h.Running = r
	if err := r.Engine().ConfigSaveID("production", "a.iic", testID); err != nil {
		t.Fatal(err)
	}
	if err := r.Engine().SharedSaveScript("s.xml", escapeScript); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *testHost) url() string { return h.URL() }

// calls stops the host (so every call's log line is written) and returns
// the calls it answered, in order, as "function status".
func (h *testHost) calls(t *testing.T) []string {
	t.Helper()
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(h.log.String(), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 {
			if _, ok := gateway.Lookup(f[0]); ok {
				out = append(out, f[0]+" "+f[1])
			}
		}
	}
	return out
}

// liveSession reports whether id is a session the host would accept.
func (h *testHost) liveSession(id string) error {
	return h.Auth().Sessions.Check("test", id)
}

// smallTasks is a tasks document the host accepts, short enough to compare
// whole.
const smallTasks = `<Tasks>
  <Task name="a" enabled="false">
    <Schedule every="1m"/>
    <Action type="cleanup" source="/tmp/a"/>
  </Task>
</Tasks>`
