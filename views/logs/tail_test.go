package logs

import (
	"fmt"
	"testing"
	"time"

	"dpconsole/gateway/hostdoc"
)

var t0 = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

func entries(from, to int) []hostdoc.Entry {
	var out []hostdoc.Entry
	for i := from; i < to; i++ {
		out = append(out, hostdoc.Entry{Time: t0.Add(time.Duration(i) * time.Second), Level: "info", Text: fmt.Sprint("entry ", i)})
	}
	return out
}

func shown(es []hostdoc.Entry) known {
	return known{count: len(es), tail: tailOf(nil, es)}
}

func TestDiff(t *testing.T) {
	task := hostdoc.LogInfo{Kind: "TaskLog"}
	cases := []struct {
		name      string
		k         known
		got       []hostdoc.Entry
		reset     bool
		from, num int // the entries returned: got[from:from+num]
	}{
		{"first fetch", known{}, entries(0, 5), false, 0, 5},
		{"new entries appended", shown(entries(0, 5)), entries(0, 8), false, 5, 3},
		{"nothing new", shown(entries(0, 5)), entries(0, 5), false, 5, 0},
		{"host dropped old entries", shown(entries(0, 5)), entries(2, 9), false, 3, 4},
		{"host dropped what was shown", shown(entries(0, 5)), entries(4, 9), true, 0, 5},
		{"log reset", shown(entries(0, 5)), entries(100, 102), true, 0, 2},
		{"log emptied", shown(entries(0, 5)), nil, true, 0, 0},
		{"log shrank", shown(entries(0, 5)), entries(0, 3), true, 0, 3},
	}
	for _, c := range cases {
		d := diff(c.k, task, c.got)
		if d.reset != c.reset || len(d.entries) != c.num || (c.num > 0 && d.entries[0] != c.got[c.from]) {
			t.Errorf("%s: reset=%v, %d entries; want reset=%v, %d from %d", c.name, d.reset, len(d.entries), c.reset, c.num, c.from)
		}
	}
}

func TestDiffRepeatedEntriesUseTheTail(t *testing.T) {
	same := hostdoc.Entry{Time: t0, Level: "info", Text: "tick"}
	other := hostdoc.Entry{Time: t0, Level: "warn", Text: "tock"}
	k := shown([]hostdoc.Entry{same, other, same})
	got := []hostdoc.Entry{same, other, same, same}
	if d := diff(k, hostdoc.LogInfo{Kind: "TaskLog"}, got); d.reset || len(d.entries) != 1 {
		t.Fatalf("reset=%v, %d new; want 1 appended", d.reset, len(d.entries))
	}
}

func TestDiffAgentRestart(t *testing.T) {
	k := shown(entries(0, 3))
	k.started = t0
	info := hostdoc.LogInfo{Kind: "AgentLog", Started: t0.Add(time.Minute)}
	if d := diff(k, info, entries(0, 4)); !d.reset {
		t.Fatal("a new agent start was not a reset")
	}
	info.Started = t0
	if d := diff(k, info, entries(0, 4)); d.reset || len(d.entries) != 1 {
		t.Fatalf("same agent start: reset=%v, %d new", d.reset, len(d.entries))
	}
}

func TestIntervalBacksOffAndCaps(t *testing.T) {
	base := time.Second
	if interval(base, 0) != base || interval(base, 1999) != base {
		t.Fatal("a short log is not polled at the base interval")
	}
	if interval(base, 4000) != 3*base {
		t.Fatalf("4000 entries: %v", interval(base, 4000))
	}
	if interval(base, 1_000_000) != 5*base {
		t.Fatalf("a huge log: %v, want the 5x cap", interval(base, 1_000_000))
	}
}
