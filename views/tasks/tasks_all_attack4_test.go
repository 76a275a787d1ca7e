package tasks

import (
	"strings"
	"testing"
)

// TestResumeAllAttack4UnknownStatus: before the statuses are read, * u
// must not say that no task is paused (rotate-keys is).
func TestResumeAllAttack4UnknownStatus(t *testing.T) {
	_, m, r := start(t)
	for i := range m.rows {
		m.rows[i].Known = false
	}
	r.Reset()
	r.Key("*")
	r.Key("u")
	if f := r.Flashes(); len(f) == 1 && strings.Contains(f[0], "no task of production is paused") {
		t.Fatalf("statuses unknown, yet: %q", f[0])
	}
}

// TestPauseAllAttack4NoRows: with no rows (none yet, or a configuration
// without tasks) * p must not say every task is already paused.
func TestPauseAllAttack4NoRows(t *testing.T) {
	_, m, r := start(t)
	m.rows = nil
	r.Reset()
	r.Key("*")
	r.Key("p")
	if f := r.Flashes(); len(f) == 1 && strings.Contains(f[0], "already paused") {
		t.Fatalf("no rows, yet: %q", f[0])
	}
}
