package engine

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/mockhost/clock"
)

// t0 is the fake clock's start: 01:00 UTC, an hour before 02:00 cron runs.
var t0 = time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC)

type fixture struct {
	t     *testing.T
	dir   string
	clock *clock.FakeClock
	h     *Host
}

// open starts a host on dir with a fake clock and a fixed random source.
func open(t *testing.T, dir string, seedDemo bool, keep int) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: dir, clock: clock.NewFake(t0)}
	f.reopen(seedDemo, keep)
	return f
}

func (f *fixture) reopen(seedDemo bool, keep int) {
	f.t.Helper()
	h, err := Open(Options{DataDir: f.dir, Clock: f.clock, Seed: seedDemo, LogKeep: keep,
		Rand: rand.New(rand.NewPCG(1, 2)), Logf: f.t.Logf})
	if err != nil {
		f.t.Fatal(err)
	}
	if err := h.Start(); err != nil {
		f.t.Fatal(err)
	}
	f.h = h
	f.t.Cleanup(func() { h.Close() })
}

func (f *fixture) close() {
	f.t.Helper()
	if err := f.h.Close(); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) ok(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// status asserts an error is a *gateway.Error with the given status whose
// message mentions want.
func wantStatus(t *testing.T, err error, st gateway.Status, want string) {
	t.Helper()
	var ge *gateway.Error
	if !errors.As(err, &ge) {
		t.Fatalf("error %v (%T) is not a *gateway.Error with status %d", err, err, st)
	}
	if ge.Status != st || !strings.Contains(ge.Message, want) {
		t.Fatalf("error = %v, want status %d mentioning %q", ge, st, want)
	}
	if ge.Function == "" {
		t.Fatalf("error %v has no function", ge)
	}
}

// config creates cfg with the given tasks and activates it.
func (f *fixture) config(cfg, tasks string) {
	f.t.Helper()
	f.ok(f.h.ConfigCreate(cfg))
	f.ok(f.h.ConfigSaveTasks(cfg, tasks))
	f.ok(f.h.ConfigActivate(cfg))
}

func (f *fixture) status(cfg, task string) TaskStatus {
	f.t.Helper()
	st, err := f.h.TaskGetStatus(cfg, task)
	f.ok(err)
	return st
}

func (f *fixture) log(cfg, task string) []hostdoc.Entry {
	f.t.Helper()
	doc, err := f.h.TaskGetLog(cfg, task)
	f.ok(err)
	info, entries, err := hostdoc.ParseLog([]byte(doc))
	f.ok(err)
	if info.Kind != "TaskLog" || info.Config != cfg || info.Task != task {
		f.t.Fatalf("log info = %+v", info)
	}
	return entries
}

func (f *fixture) agentLog() []hostdoc.Entry {
	f.t.Helper()
	doc, err := f.h.AgentGetLog()
	f.ok(err)
	info, entries, err := hostdoc.ParseLog([]byte(doc))
	f.ok(err)
	if info.Kind != "AgentLog" {
		f.t.Fatalf("agent log info = %+v", info)
	}
	return entries
}

func hasEntry(entries []hostdoc.Entry, level, text string) bool {
	for _, e := range entries {
		if e.Level == level && strings.Contains(e.Text, text) {
			return true
		}
	}
	return false
}

func tasksDoc(tasks ...string) string {
	return "<Tasks>\n" + strings.Join(tasks, "\n") + "\n</Tasks>\n"
}

func task(name, schedule, extra string) string {
	return `<Task name="` + name + `"><Schedule ` + schedule + `/>` + extra + `</Task>`
}
