package logs

import (
	"fmt"
	"testing"
	"time"

	"dpconsole/gateway/hostdoc"
	"dpconsole/views/common"
)

var t0 = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

func entries(from, to int) []hostdoc.Entry {
	var out []hostdoc.Entry
	for i := from; i < to; i++ {
		out = append(out, hostdoc.Entry{Time: t0.Add(time.Duration(i) * time.Second), Level: "info", Text: fmt.Sprint("entry ", i)})
	}
	return out
}

// TestTrimmedOrReset: a log whose last shown entries are still there was
// trimmed at the front (no notice); otherwise it was reset.
func TestTrimmedOrReset(t *testing.T) {
	recent := tailOf(nil, entries(0, 5))
	for _, c := range []struct {
		name string
		got  []hostdoc.Entry
		want bool
	}{
		{"oldest dropped", entries(2, 9), true},
		{"what was shown dropped", entries(4, 9), false},
		{"reset", entries(100, 102), false},
		{"emptied", nil, false},
	} {
		if got := contains(c.got, recent); got != c.want {
			t.Errorf("%s: contains = %v, want %v", c.name, got, c.want)
		}
	}
	same := hostdoc.Entry{Time: t0, Level: "info", Text: "tick"}
	other := hostdoc.Entry{Time: t0, Level: "warn", Text: "tock"}
	if !contains([]hostdoc.Entry{same, same, other, same}, []hostdoc.Entry{same, other, same}) {
		t.Fatal("repeated entries: the tail is not found")
	}
}

// TestPollCostSetsTheInterval: a poll waits ten times what the last one
// took, so tailing costs about a tenth of the time, at most a minute.
func TestPollCostSetsTheInterval(t *testing.T) {
	for took, want := range map[time.Duration]time.Duration{
		20 * time.Millisecond:  0,
		800 * time.Millisecond: 8 * time.Second,
		time.Hour:              time.Minute,
	} {
		if got := pollCost(took); got != want {
			t.Errorf("pollCost(%v) = %v, want %v", took, got, want)
		}
	}
	m := &Model{c: &common.Common{LogRefresh: time.Second}, every: 8 * time.Second}
	if got := m.interval(); got != 8*time.Second {
		t.Fatalf("interval %v with a costly poll", got)
	}
}
