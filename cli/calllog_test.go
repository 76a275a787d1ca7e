package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCallStreamsALogToOut: `call --out FILE taskGetLog` streams the log
// into the file (the host's document, byte for byte) and `--out -` to a
// pipe; over --max-log-size it is refused with a hint and no file is
// left behind.
func TestCallStreamsALogToOut(t *testing.T) {
	h := startHost(t)
	h.clock.Advance(30 * time.Second)
	r := newRunner(t)
	r.login(h)
	want, err := h.Engine().TaskGetLog("production", "protect-inbox")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "inbox.log")
	if got := r.run("call", "--out", out, "taskGetLog", "production", "protect-inbox"); got.code != 0 || got.stderr != "" {
		t.Fatalf("%+v", got)
	}
	if data, _ := os.ReadFile(out); !bytes.Equal(data, want) {
		t.Fatalf("the file holds %d bytes, the host's log is %d", len(data), len(want))
	}
	if got := r.run("call", "--out", "-", "agentGetLog"); got.code != 0 || !strings.HasPrefix(got.stdout, "<AgentLog") {
		t.Fatalf("--out - of the agent log: %+v", got)
	}

	small := filepath.Join(dir, "small.log")
	got := r.run("call", "--max-log-size", "1KiB", "--out", small, "taskGetLog", "production", "protect-inbox")
	if got.code != exitFailure || !strings.Contains(got.stderr, "--max-log-size raises the limit") {
		t.Fatalf("a log over --max-log-size: %+v", got)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("a refused log left files: %v", ents)
	}
	if got := r.run("call", "--max-log-size", "lots", "--out", small, "taskGetLog", "production", "protect-inbox"); got.code != exitFailure || !strings.Contains(got.stderr, "--max-log-size") {
		t.Fatalf("a bad --max-log-size: %+v", got)
	}
	if got := r.run("call", "--out", small, "taskGetLog", "production", "nope"); got.code != exitStatus {
		t.Fatalf("an unknown task: %+v", got)
	}
}

// TestTailOverTheLimitSaysSo: a log over --max-log-size has printed its
// oldest entries by the time the limit is reached: tail says so and how
// to raise the limit, and fails.
func TestTailOverTheLimitSaysSo(t *testing.T) {
	h := startHost(t)
	h.clock.Advance(60 * time.Second)
	r := newRunner(t)
	r.login(h)
	got := r.run("tail", "--max-log-size", "1KiB", "production", "protect-inbox")
	if got.code != exitFailure || !strings.Contains(got.stderr, "the log is larger than 1 KiB") || !strings.Contains(got.stderr, "the entries printed are the log's oldest") {
		t.Fatalf("%+v", got)
	}
}
