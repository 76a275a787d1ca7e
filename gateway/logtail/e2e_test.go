package logtail_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/logtail"
	"dpconsole/gateway/mockhost"
	"dpconsole/gateway/mockhost/clock"
)

// A big log through the real client (gzip and all) and the mock host over
// loopback: the first load, appends parsed alone, a reset shown afresh.
// The million-entry run is BenchmarkTail's.
func TestBigLogEndToEnd(t *testing.T) {
	n := 40_000
	if testing.Short() {
		n = 4_000
	}
	dir := t.TempDir()
	fake := clock.NewFake(benchStart)
	r, err := mockhost.Start(mockhost.Config{DataDir: dir, Clock: fake, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	var buf []byte
	for i := range n {
		buf = hostdoc.AppendEntry(buf, hostdoc.Entry{Time: benchStart.Add(time.Duration(i-n) * time.Millisecond), Level: hostdoc.LevelInfo,
			Text: fmt.Sprintf("Execution %d finished in 1.234s (protect /data/inbox -> /data/protected)", i)})
	}
	if err := os.WriteFile(filepath.Join(dir, "configs", "production", "runtime", "protect-inbox.log"), buf, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err = mockhost.Start(mockhost.Config{DataDir: dir, Clock: fake, LogKeep: n, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// The body limit is far below the log: only the stream takes it.
	cl, err := gateway.NewClient(gateway.Options{URL: r.URL(), Limits: gateway.Limits{MaxBytes: 1 << 20, MaxElements: 1000, MaxDepth: 16}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Login(context.Background(), "operator", func(context.Context, int, []gateway.Prompt) ([]string, error) {
		return []string{"demo"}, nil
	}); err != nil {
		t.Fatal(err)
	}
	target := logtail.Target{Config: "production", Task: "protect-inbox"}
	var tl logtail.Tail
	got := 0
	up, err := tl.Fetch(context.Background(), cl, target, func(hostdoc.Entry) error { got++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if !up.Fresh || up.Total != n || got != n || up.Bytes < int64(len(buf)) {
		t.Fatalf("first load: %+v, %d entries heard", up, got)
	}
	fake.Advance(10 * time.Second) // protect-inbox runs twice
	up, err = tl.Fetch(context.Background(), cl, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if up.Reset || up.Kept != n || len(up.New) < 5 || up.Parsed > 4096 {
		t.Fatalf("append: reset=%v kept=%d new=%d parsed=%d", up.Reset, up.Kept, len(up.New), up.Parsed)
	}
	// The whole-body call is refused: the log is over its limit.
	if _, err := cl.TaskGetLog(context.Background(), target.Config, target.Task); !errors.Is(err, gateway.ErrTooLarge) && n > 10_000 {
		t.Fatal("TaskGetLog took a log over the body limit")
	}
	if err := r.Engine().TaskReset("production", "protect-inbox"); err != nil {
		t.Fatal(err)
	}
	fake.Advance(5 * time.Second)
	up, err = tl.Fetch(context.Background(), cl, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !up.Reset || up.Kept != 0 || up.Total != len(up.New) || up.Total == 0 || up.Total > 20 {
		t.Fatalf("after a reset: reset=%v kept=%d new=%d total=%d", up.Reset, up.Kept, len(up.New), up.Total)
	}
}
