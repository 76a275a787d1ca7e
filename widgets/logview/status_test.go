package logview

import (
	"strings"
	"testing"
)

// TestStatusFits: with a search, a filter, wrap, paused and new entries,
// the status line fits 80 columns and keeps what matters most.
func TestStatusFits(t *testing.T) {
	m := newModel(80, 10)
	m.SetTimeMode(TimeLocal)
	m.Append(entries(0, 40)...)
	m.Search("entry 1")
	m.SetMinLevel(LevelInfo)
	m.SetWrap(true)
	press(m, "up", "up")
	m.Append(entries(40, 3)...)
	s := status(t, m) // screen checks the width
	for _, want := range []string{`"entry 1"`, "matches", "≥INFO", "PAUSED", "new"} {
		if !strings.Contains(s, want) {
			t.Errorf("status %q lacks %q", s, want)
		}
	}
	m.SetSize(30, 10)
	if s := status(t, m); !strings.Contains(s, "PAUSED") || !strings.Contains(s, "new") {
		t.Errorf("at 30 columns the state was dropped: %q", s)
	}
}

// TestLongNoticeOwnLine: a notice too long to share the status line gets
// a line of its own, whole, above the state; the entries make room.
func TestLongNoticeOwnLine(t *testing.T) {
	m := newModel(80, 6)
	m.Append(entries(0, 20)...)
	notice := "the log was reset or shrank on the host: showing its 20 entries afresh"
	m.Notice(notice)
	lines := screen(t, m)
	if lines[len(lines)-2] != notice || !strings.Contains(lines[len(lines)-1], "FOLLOW") {
		t.Fatalf("notice and state:\n%s", strings.Join(lines, "\n"))
	}
	if lines[len(lines)-3] != "ERROR entry 19" {
		t.Fatalf("the last entry is hidden under the notice:\n%s", strings.Join(lines, "\n"))
	}
	press(m, "down")
	if lines := screen(t, m); strings.Contains(strings.Join(lines, "\n"), "reset") {
		t.Fatal("the notice stayed after a key")
	}
}

// TestSearchLevel: the level column is searchable: /ERROR finds the
// error entries even when their text does not say so.
func TestSearchLevel(t *testing.T) {
	m := newModel(80, 10)
	m.Append(entries(0, 8)...) // levels cycle debug, info, warn, error
	m.Search("ERROR")
	if m.MatchCount() != 2 {
		t.Fatalf("ERROR matched %d entries, want 2", m.MatchCount())
	}
	m.Search("warn")
	if m.MatchCount() != 2 {
		t.Fatalf("warn matched %d entries, want 2", m.MatchCount())
	}
	m.Append(entries(8, 4)...)
	if m.MatchCount() != 3 {
		t.Fatalf("after append: %d matches, want 3", m.MatchCount())
	}
}

// TestTransportNoticeWraps: a host's error too long for one line is shown
// whole over lines of its own, right above the status line, and the
// entries end right above it (no blank rows between).
func TestTransportNoticeWraps(t *testing.T) {
	m := newModel(80, 8)
	m.Append(entries(0, 20)...)
	notice := `refresh failed: agentGetLog: transport: Post "http://127.0.0.1:18777/api": dial tcp 127.0.0.1:18777: connect: connection refused`
	m.Notice(notice)
	lines := screen(t, m)
	got := strings.Join(lines[len(lines)-3:len(lines)-1], " ")
	if got != notice {
		t.Fatalf("notice not whole:\n%s", strings.Join(lines, "\n"))
	}
	if lines[len(lines)-4] != "ERROR entry 19" {
		t.Fatalf("rows between the entries and the notice:\n%s", strings.Join(lines, "\n"))
	}
}
