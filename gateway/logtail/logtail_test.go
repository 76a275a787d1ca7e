package logtail

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"dpconsole/gateway/hostdoc"
)

var t0 = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

func entries(from, n int) []hostdoc.Entry {
	out := make([]hostdoc.Entry, n)
	for i := range out {
		k := from + i
		out[i] = hostdoc.Entry{Time: t0.Add(time.Duration(k) * time.Second), Level: hostdoc.LevelInfo,
			Text: fmt.Sprintf("Execution %d finished in 1.2s; <%d> & more text to fill a line", k, k)}
	}
	return out
}

func taskDoc(es []hostdoc.Entry) []byte {
	return hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "c", Task: "t", Entries: es})
}

// poll feeds doc to the tail in random chunks.
func poll(t *testing.T, tl *Tail, doc []byte, rnd *rand.Rand) Update {
	t.Helper()
	p := tl.Poll(nil)
	for len(doc) > 0 {
		n := min(len(doc), 1+rnd.IntN(200_000))
		if _, err := p.Write(doc[:n]); err != nil {
			t.Fatal(err)
		}
		doc = doc[n:]
	}
	up, err := p.Close()
	if err != nil {
		t.Fatal(err)
	}
	return up
}

func sameEntries(t *testing.T, what string, got, want []hostdoc.Entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d entries, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !got[i].Time.Equal(want[i].Time) || got[i].Text != want[i].Text || got[i].Level != want[i].Level {
			t.Fatalf("%s: entry %d = %+v, want %+v", what, i, got[i], want[i])
		}
	}
}

func TestAppendParsesOnlyTheRest(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var tl Tail
	all := entries(0, 30_000) // about 3.6 MB: several checkpoints
	doc := taskDoc(all)
	up := poll(t, &tl, doc, rnd)
	if !up.Fresh || up.Reset || up.Kept != 0 || up.Total != len(all) || up.Info.Task != "t" || up.Bytes != int64(len(doc)) {
		t.Fatalf("first load: %+v", summary(up))
	}
	sameEntries(t, "first load", up.New, all)

	more := append(append([]hostdoc.Entry(nil), all...), entries(len(all), 10)...)
	doc2 := taskDoc(more)
	up = poll(t, &tl, doc2, rnd)
	if up.Fresh || up.Reset || up.Kept != len(all) || up.Total != len(more) {
		t.Fatalf("append: %+v", summary(up))
	}
	sameEntries(t, "append", up.New, more[len(all):])
	if tail := int64(len(doc2) - len(doc) + 64); up.Parsed > tail {
		t.Fatalf("append parsed %d bytes, want at most the %d new ones", up.Parsed, tail)
	}

	up = poll(t, &tl, doc2, rnd) // unchanged
	if up.Reset || len(up.New) != 0 || up.Kept != len(more) || up.Parsed > 64 {
		t.Fatalf("unchanged: %+v", summary(up))
	}
}

func TestResetShrinkAndRewrite(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	all := entries(0, 30_000)
	for _, c := range []struct {
		name     string
		next     []hostdoc.Entry
		keptUpTo int // Kept may be at most this
	}{
		{"reset", nil, 0},
		{"reset and new entries", entries(100_000, 5), 0},
		{"trimmed oldest", all[1000:], 0},
		{"shrank at the end", all[:20_000], 20_000},
		{"rewrite in the middle", rewrite(all, 17_000), 17_000},
		{"rewrite of the last entry", rewrite(all, len(all)-1), len(all) - 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			var tl Tail
			poll(t, &tl, taskDoc(all), rnd)
			up := poll(t, &tl, taskDoc(c.next), rnd)
			if !up.Reset || up.Fresh || up.Kept > c.keptUpTo || up.Total != len(c.next) {
				t.Fatalf("%+v", summary(up))
			}
			sameEntries(t, "kept and new", append(append([]hostdoc.Entry(nil), all[:up.Kept]...), up.New...), c.next)
			if c.keptUpTo > CheckEvery/100 && up.Kept == 0 {
				t.Errorf("a change at entry %d kept nothing", c.keptUpTo)
			}
			// The next append is incremental again.
			grown := append(append([]hostdoc.Entry(nil), c.next...), entries(200_000, 3)...)
			up = poll(t, &tl, taskDoc(grown), rnd)
			if up.Reset || up.Kept != len(c.next) || len(up.New) != 3 {
				t.Fatalf("after: %+v", summary(up))
			}
		})
	}
}

func rewrite(es []hostdoc.Entry, i int) []hostdoc.Entry {
	out := append([]hostdoc.Entry(nil), es...)
	out[i].Text = "rewritten"
	return out
}

func TestAgentRestartIsAReset(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	var tl Tail
	a := hostdoc.MarshalAgentLog(&hostdoc.AgentLog{Started: t0, Entries: entries(0, 50)})
	poll(t, &tl, a, rnd)
	b := hostdoc.MarshalAgentLog(&hostdoc.AgentLog{Started: t0.Add(time.Hour), Entries: entries(0, 50)})
	up := poll(t, &tl, b, rnd)
	if !up.Reset || up.Kept != 0 || len(up.New) != 50 || !up.Info.Started.Equal(t0.Add(time.Hour)) {
		t.Fatalf("%+v", summary(up))
	}
}

func TestFailedPollLeavesTheTail(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	var tl Tail
	all := entries(0, 100)
	poll(t, &tl, taskDoc(all), rnd)
	n, off := tl.Held()
	p := tl.Poll(nil)
	doc := taskDoc(append(all, entries(100, 5)...))
	p.Write(doc[:len(doc)-30]) // cut off
	if _, err := p.Close(); !errors.Is(err, hostdoc.ErrInvalid) {
		t.Fatalf("cut-off log: %v", err)
	}
	if n2, off2 := tl.Held(); n2 != n || off2 != off {
		t.Fatalf("held %d/%d, was %d/%d", n2, off2, n, off)
	}
	up := poll(t, &tl, doc, rnd)
	if up.Reset || up.Kept != 100 || len(up.New) != 5 {
		t.Fatalf("%+v", summary(up))
	}
}

func TestOnEntryGetsTheNewEntries(t *testing.T) {
	var tl Tail
	var got []hostdoc.Entry
	p := tl.Poll(func(e hostdoc.Entry) error { got = append(got, e); return nil })
	p.Write(taskDoc(entries(0, 7)))
	up, err := p.Close()
	if err != nil || len(up.New) != 0 || len(got) != 7 || up.Total != 7 {
		t.Fatalf("%+v %v %d", summary(up), err, len(got))
	}
}

func summary(u Update) string {
	return fmt.Sprintf("fresh=%v reset=%v kept=%d new=%d total=%d bytes=%d parsed=%d", u.Fresh, u.Reset, u.Kept, len(u.New), u.Total, u.Bytes, u.Parsed)
}

// A prolog before the root moves every offset: appends stay incremental.
func TestPrologBeforeTheRoot(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 10))
	prolog := []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a host's comment -->\n")
	var tl Tail
	all := entries(0, 20)
	poll(t, &tl, append(append([]byte(nil), prolog...), taskDoc(all)...), rnd)
	up := poll(t, &tl, append(append([]byte(nil), prolog...), taskDoc(append(all, entries(20, 2)...))...), rnd)
	if up.Reset || up.Kept != 20 || len(up.New) != 2 {
		t.Fatalf("%+v", summary(up))
	}
	up = poll(t, &tl, taskDoc(all), rnd) // the prolog went: a change at the start
	if !up.Reset || up.Kept != 0 || len(up.New) != 20 {
		t.Fatalf("%+v", summary(up))
	}
}

// A copy of a Tail polls without changing the original.
func TestCopyPollsAlone(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	var tl Tail
	all := entries(0, 30_000)
	poll(t, &tl, taskDoc(all), rnd)
	n, off := tl.Held()
	cp := tl
	poll(t, &cp, taskDoc(append(all, entries(30_000, 4)...)), rnd)
	if n2, off2 := tl.Held(); n2 != n || off2 != off {
		t.Fatalf("the original moved: %d/%d, was %d/%d", n2, off2, n, off)
	}
	up := poll(t, &tl, taskDoc(append(all, entries(30_000, 4)...)), rnd)
	if up.Reset || up.Kept != len(all) || len(up.New) != 4 {
		t.Fatalf("the original after its copy polled: %s", summary(up))
	}
	if n3, _ := cp.Held(); n3 != len(all)+4 {
		t.Fatalf("the copy holds %d", n3)
	}
}

// TestCheckpointsStaySparse: a tail keeps about one checkpoint per
// CheckEvery bytes however its log arrived (in small or large writes) and
// however often it was polled; more would make every poll's resume cost
// grow with the log.
func TestCheckpointsStaySparse(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	es := entries(0, 25_000) // about 3 MiB
	var tl Tail
	poll(t, &tl, taskDoc(es), rnd)
	for i := range 60 {
		es = append(es, entries(len(es), 1+i%3)...)
		if up := poll(t, &tl, taskDoc(es), rnd); up.Reset || len(up.New) != 1+i%3 {
			t.Fatalf("poll %d: %s", i, summary(up))
		}
	}
	_, held := tl.Held()
	// Offset 0, the root's end, one per CheckEvery, and the held end.
	if most := int(held/CheckEvery) + 3; len(tl.checks) > most {
		t.Fatalf("%d checkpoints for a %d-byte log after 60 polls, want at most %d", len(tl.checks), held, most)
	}
}
