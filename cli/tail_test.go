package cli

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dpconsole/config"
	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/mockhost"
)

// hostLog is the task's log as the host holds it.
func hostLog(t *testing.T, h *testHost, cfg, task string) []hostdoc.Entry {
	t.Helper()
	doc, err := h.Engine().TaskGetLog(cfg, task)
	if err != nil {
		t.Fatal(err)
	}
	_, entries, err := hostdoc.ParseLog(doc)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func lines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func TestTailPrintsTheLog(t *testing.T) {
	h := startHost(t)
	h.clock.Advance(30 * time.Second)
	r := newRunner(t)
	r.login(h)
	want := hostLog(t, h, "production", "protect-inbox")
	if len(want) < 5 {
		t.Fatalf("the demo task logged only %d entries", len(want))
	}
	got := r.run("tail", "production", "protect-inbox")
	if got.code != 0 || got.stderr != "" {
		t.Fatalf("%+v", got)
	}
	out := lines(got.stdout)
	if len(out) != len(want) {
		t.Fatalf("%d lines for %d entries:\n%s", len(out), len(want), got.stdout)
	}
	for i, e := range want {
		line := e.Time.UTC().Format(time.RFC3339Nano) + " " + padLevel(e.Level) + " " + e.Text
		if out[i] != line {
			t.Fatalf("line %d = %q, want %q", i, out[i], line)
		}
	}

	got = r.run("tail", "--json", "--level", "WARN", "production", "export-partners")
	if got.code != 0 {
		t.Fatalf("%+v", got)
	}
	n := 0
	for _, l := range lines(got.stdout) {
		var je struct{ Time, Level, Text string }
		if err := json.Unmarshal([]byte(l), &je); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		if levelRank(je.Level) < levelRank(hostdoc.LevelWarn) {
			t.Fatalf("--level warn printed %q", l)
		}
		if _, err := time.Parse(time.RFC3339, je.Time); err != nil || je.Text == "" {
			t.Fatalf("%q", l)
		}
		n++
	}
	if n == 0 {
		t.Fatalf("no warn entries from export-partners, which fails every run:\n%s", got.stdout)
	}

	got = r.run("tail", "--agent")
	if got.code != 0 || !strings.Contains(got.stdout, " INFO  ") {
		t.Fatalf("--agent: %+v", got)
	}
}

// padLevel is the level as tail prints it: in capitals, as the console
// saves it, padded to five.
func padLevel(l string) string { return strings.ToUpper(l) + strings.Repeat(" ", 5-len(l)) }

func TestTailSince(t *testing.T) {
	h := startHost(t)
	h.clock.Advance(60 * time.Second)
	r := newRunner(t)
	r.login(h)
	defer func(now func() time.Time) { tailNow = now }(tailNow)
	tailNow = h.clock.Now
	all := hostLog(t, h, "production", "protect-inbox")
	want := 0
	for _, e := range all {
		if !e.Time.Before(h.clock.Now().Add(-20 * time.Second)) {
			want++
		}
	}
	got := r.run("tail", "--since", "20s", "production", "protect-inbox")
	if got.code != 0 || len(lines(got.stdout)) != want || want == 0 || want == len(all) {
		t.Fatalf("--since 20s: %d lines, want %d of %d\n%+v", len(lines(got.stdout)), want, len(all), got)
	}
}

func TestTailFailures(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	r.login(h)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"tail", "production", "nope"}, exitStatus, "taskGetLog: status 213"},
		{[]string{"tail", "production"}, exitFailure, "give CONFIG and TASK"},
		{[]string{"tail", "--agent", "production"}, exitFailure, "--agent takes no"},
		{[]string{"tail", "--level", "loud", "c", "t"}, exitFailure, "--level"},
		{[]string{"tail", "--max-log-size", "lots", "c", "t"}, exitFailure, "--max-log-size"},
		{[]string{"tail", "--max-log-size", "1KiB", "production", "protect-inbox"}, exitFailure, "size limit"},
	} {
		h.clock.Advance(20 * time.Second)
		got := r.run(c.args...)
		if got.code != c.code || !strings.Contains(got.stderr, c.msg) {
			t.Errorf("%v: %+v, want exit %d mentioning %q", c.args, got, c.code, c.msg)
		}
	}
	// A flag that is no duration is one usage line and the synopsis, as
	// the other usage errors: not the whole help (it was the flag
	// parser's error); counts are in words that agree.
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"tail", "--since", "1x", "c", "t"}, "dpconsole tail: --since: 1x is not a duration (e.g. 10m, 2h)\n"},
		{[]string{"tail", "-f", "--interval", "soon", "c", "t"}, "dpconsole tail: --interval: soon is not a duration (e.g. 10m, 2h)\n"},
		{[]string{"tail", "production"}, "dpconsole tail: give CONFIG and TASK (or --agent), got 1 argument\n"},
		{[]string{"tail", "a", "b", "c"}, "dpconsole tail: give CONFIG and TASK (or --agent), got 3 arguments\n"},
	} {
		got := r.run(c.args...)
		if got.code != exitFailure || !strings.HasPrefix(got.stderr, c.msg) || strings.Contains(got.stderr, "--max-log-size") {
			t.Errorf("%v: %+v, want exit 1 and only %q with the synopsis", c.args, got, c.msg)
		}
	}
	// No session: as call says.
	got := newRunner(t).run("tail", "--gateway", h.url(), "production", "protect-inbox")
	if got.code != exitFailure || !strings.Contains(got.stderr, "needs a session") {
		t.Fatalf("%+v", got)
	}
}

// -f follows new entries, prints the marker across a reset and goes on,
// and ends with 0 when interrupted.
func TestTailFollowAcrossAReset(t *testing.T) {
	h := startHost(t)
	h.clock.Advance(10 * time.Second)
	r := newRunner(t)
	r.login(h)
	before := len(hostLog(t, h, "production", "protect-inbox"))
	polls := 0
	var afterGrow, afterReset int
	defer func(s func(context.Context, time.Duration) error) { tailSleep = s }(tailSleep)
	tailSleep = func(_ context.Context, d time.Duration) error {
		polls++
		switch polls {
		case 1:
			h.clock.Advance(10 * time.Second)
			afterGrow = len(hostLog(t, h, "production", "protect-inbox"))
		case 2: // nothing new
		case 3:
			if err := h.Engine().TaskReset("production", "protect-inbox"); err != nil {
				t.Error(err)
			}
			h.clock.Advance(10 * time.Second)
			afterReset = len(hostLog(t, h, "production", "protect-inbox"))
		default:
			return context.Canceled
		}
		return nil
	}
	got := r.run("tail", "-f", "production", "protect-inbox")
	if got.code != 0 {
		t.Fatalf("%+v", got)
	}
	out := lines(got.stdout)
	marker := -1
	for i, l := range out {
		if l == resetMarker {
			if marker >= 0 {
				t.Fatalf("two markers:\n%s", got.stdout)
			}
			marker = i
		}
	}
	if marker != afterGrow || len(out) != afterGrow+1+afterReset || afterGrow <= before || afterReset == 0 {
		t.Fatalf("marker at line %d of %d; entries %d, then %d, then %d after the reset:\n%s",
			marker, len(out), before, afterGrow, afterReset, got.stdout)
	}
	if !strings.Contains(out[marker+1], "Statistics reset") && !strings.Contains(out[marker+1], "Execution 1 started") {
		t.Fatalf("after the marker: %q", out[marker+1])
	}
}

// A transport failure while following is reported once and retried.
func TestTailFollowRetriesTransportErrors(t *testing.T) {
	var up atomic.Bool
	up.Store(true)
	var logDoc atomic.Value
	logDoc.Store(hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "c", Task: "t", Entries: []hostdoc.Entry{{Time: testStart, Level: "info", Text: "one"}}}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if !up.Load() {
			http.Error(w, "<html>busy</html>", http.StatusServiceUnavailable)
			return
		}
		(&gateway.Response{Status: gateway.StatusOK, Results: []gateway.Arg{{Value: logDoc.Load().([]byte)}}}).Encode(w)
	}))
	defer srv.Close()
	polls := 0
	defer func(s func(context.Context, time.Duration) error) { tailSleep = s }(tailSleep)
	tailSleep = func(context.Context, time.Duration) error {
		polls++
		switch polls {
		case 1, 2:
			up.Store(false)
		case 3:
			up.Store(true)
			logDoc.Store(hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "c", Task: "t", Entries: []hostdoc.Entry{
				{Time: testStart, Level: "info", Text: "one"}, {Time: testStart, Level: "info", Text: "two"}}}))
		default:
			return errors.New("interrupted")
		}
		return nil
	}
	got := hxRun(t, nil, false, "tail", "-f", "--gateway", srv.URL, "--session", "s", "c", "t")
	if got.code != 0 || strings.Count(got.stderr, "retrying") != 1 || len(lines(got.stdout)) != 2 || !strings.HasSuffix(got.stdout, " two\n") {
		t.Fatalf("%+v", got)
	}
}

// Times keep the fraction of a second the host gave, as the console's
// saved logs do (an entry at .500 printed as the whole second).
func TestTailKeepsFractionalSeconds(t *testing.T) {
	doc := hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "c", Task: "t", Entries: []hostdoc.Entry{
		{Time: testStart, Level: "info", Text: "whole"}, {Time: testStart.Add(time.Second), Level: "info", Text: "half"}}})
	doc = []byte(strings.Replace(string(doc), "09:00:01Z", "09:00:00.5Z", 1))
	hx := newHXHost(t, func(req *gateway.Request) *gateway.Response {
		return &gateway.Response{Status: gateway.StatusOK, Results: []gateway.Arg{{Value: doc}}}
	})
	got := hxRun(t, nil, false, "tail", "--gateway", hx.URL, "--session", "s", "c", "t")
	want := "2026-03-02T09:00:00Z INFO  whole\n2026-03-02T09:00:00.5Z INFO  half\n"
	if got.code != 0 || got.stdout != want {
		t.Fatalf("got %+v, want %q", got, want)
	}
	js := hxRun(t, nil, false, "tail", "--json", "--gateway", hx.URL, "--session", "s", "c", "t")
	if js.code != 0 || !strings.Contains(js.stdout, `{"time":"2026-03-02T09:00:00.5Z","level":"info","text":"half"}`) {
		t.Fatalf("--json got %+v", js)
	}
}

func TestTailKeepsHostTextFromTheTerminal(t *testing.T) {
	evil := "title-\x1b]0;pwned\a \u202egnp.exe \u009b2J\r\nsecond line"
	doc := hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "c", Task: "t", Entries: []hostdoc.Entry{{Time: testStart, Level: "warn", Text: evil}}})
	hx := newHXHost(t, func(req *gateway.Request) *gateway.Response {
		return &gateway.Response{Status: gateway.StatusOK, Results: []gateway.Arg{{Value: doc}}}
	})
	tty := hxRun(t, nil, true, "tail", "--gateway", hx.URL, "--session", "s", "c", "t")
	if tty.code != 0 || strings.ContainsAny(tty.stdout, "\x1b\a\u202e\u009b\r") || strings.Count(tty.stdout, "\n") != 1 {
		t.Fatalf("terminal got %q", tty.stdout)
	}
	pipe := hxRun(t, nil, false, "tail", "--gateway", hx.URL, "--session", "s", "c", "t")
	if pipe.code != 0 || strings.Count(pipe.stdout, "\n") != 1 || !strings.Contains(pipe.stdout, `\r\nsecond line`) {
		t.Fatalf("pipe got %q", pipe.stdout)
	}
	js := hxRun(t, nil, true, "tail", "--json", "--gateway", hx.URL, "--session", "s", "c", "t")
	if js.code != 0 || strings.ContainsAny(js.stdout, "\x1b\a\u202e\u009b\r") {
		t.Fatalf("--json on a terminal got %q", js.stdout)
	}
}

// The console takes --max-log-size over max_log_size in the config file.
func TestConsoleMaxLogSize(t *testing.T) {
	if got := merge(Options{}, config.File{MaxLogSize: 5 << 20}); got.MaxLogSize != 5<<20 {
		t.Fatalf("from the file: %d", got.MaxLogSize)
	}
	if got := merge(Options{MaxLogSize: 7 << 20}, config.File{MaxLogSize: 5 << 20}); got.MaxLogSize != 7<<20 {
		t.Fatalf("the flag wins: %d", got.MaxLogSize)
	}
	got := newRunner(t).run("--max-log-size", "lots")
	if got.code != exitFailure || !strings.Contains(got.stderr, "--max-log-size") {
		t.Fatalf("%+v", got)
	}
}

// TestTailFollowLogsInAgain: tail -f logged in itself (--user and its
// answers), so when the host ends the session (it expired, or the host
// restarted) it logs in again and goes on, once a refusal.
func TestTailFollowLogsInAgain(t *testing.T) {
	h := startHostWith(t, mockhost.Config{SessionIdle: time.Minute})
	h.clock.Advance(10 * time.Second)
	polls := 0
	defer func(s func(context.Context, time.Duration) error) { tailSleep = s }(tailSleep)
	tailSleep = func(context.Context, time.Duration) error {
		polls++
		switch polls {
		case 1:
			h.clock.Advance(2 * time.Minute) // the session expires; the task runs on
		case 2:
		default:
			return context.Canceled
		}
		return nil
	}
	got := newRunner(t).run("tail", "-f", "--gateway", h.url(), "--user", "operator", "--answer", "prompt-1=demo", "production", "protect-inbox")
	if got.code != 0 || !strings.Contains(got.stderr, "logging in again") {
		t.Fatalf("%+v", got)
	}
	if n, want := len(lines(got.stdout)), len(hostLog(t, h, "production", "protect-inbox")); n != want {
		t.Fatalf("%d lines for the log's %d entries after logging in again:\n%s", n, want, got.stdout)
	}
}
