package logs

import (
	"testing"
	"time"
)

// TestPollParsesOnlyWhatIsNew: after the first load, a poll of a log the
// host appended to parses only the new bytes (the held prefix is hashed,
// not parsed again) and shows the new entries after the old ones.
func TestPollParsesOnlyWhatIsNew(t *testing.T) {
	env, m, r := start(t)
	r.Run(m.Open("production", "protect-inbox"))
	for range 20 { // a few runs of the task: entries in its log
		env.Clock.Advance(5 * time.Second)
	}
	r.Send(fetched(t, m.fetch(false)))
	shown := m.view.Len()
	if held, _ := m.tail.Held(); shown == 0 || held != shown {
		t.Fatalf("first load: %d entries shown, %d held", shown, held)
	}
	for range 4 {
		env.Clock.Advance(5 * time.Second)
	}
	next := fetched(t, m.fetch(false))
	if next.err != nil || next.up.Reset || next.up.Fresh || len(next.up.New) == 0 {
		t.Fatalf("poll: err %v, reset %v, fresh %v, %d new", next.err, next.up.Reset, next.up.Fresh, len(next.up.New))
	}
	if next.up.Parsed >= next.up.Bytes/2 {
		t.Fatalf("the poll parsed %d of %d bytes: not only what is new", next.up.Parsed, next.up.Bytes)
	}
	r.Send(next)
	if m.view.Len() != shown+len(next.up.New) {
		t.Fatalf("shown %d, want %d + %d new", m.view.Len(), shown, len(next.up.New))
	}
}
