package logview

import (
	"strings"
	"testing"
	"time"
)

// Current is the line y copies: the newest while following, the current
// match after a search jump, the top line once scrolled.
func TestCurrentLine(t *testing.T) {
	m := newModel(80, 10)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var es []Entry
	for i, s := range []string{"alpha", "beta", "gamma", "delta"} {
		es = append(es, Entry{Time: at.Add(time.Duration(i) * time.Second), Level: "info", Text: s})
	}
	m.Append(es...)
	if got, ok := m.Current(); !ok || !strings.HasSuffix(got, " delta") || !strings.HasPrefix(got, "2026-12-01T09:00:03Z") {
		t.Fatalf("following: %q %v", got, ok)
	}
	m.Search("beta")
	m.NextMatch()
	if got, _ := m.Current(); !strings.HasSuffix(got, " beta") {
		t.Fatalf("match: %q", got)
	}
}
