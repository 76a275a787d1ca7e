package taskdetail

import (
	"strings"
	"sync"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/msgroute"
	"dpconsole/views/panetest"
)

// The detail polls itself: a tick (the fake clock moved the host on, and
// the task was paused meanwhile) reads the status and the log again, so
// the status, counts and strip change without r, and the operator's
// scroll position in the definition stays.
func TestDetailRefreshesOnATick(t *testing.T) {
	env, m, r, tk := openTicks(t, "production", "sync-reports", time.Minute)
	m.SetSize(100, 10) // the definition does not fit: it scrolls
	if tk.n != 1 {
		t.Fatalf("the first read armed %d ticks, want 1", tk.n)
	}
	r.Key("down")
	where := position(m.View())
	if !strings.HasPrefix(where, "lines 2") {
		t.Fatalf("down did not scroll: %q\n%s", where, m.View())
	}
	before := m.got.status
	ran := len(m.got.runs.Outcomes())
	env.Run(time.Minute)
	if err := env.Common.Client.TaskPause(env.Common.Ctx, "production", "sync-reports"); err != nil {
		t.Fatal(err)
	}
	env.Run(10 * time.Second) // the run in progress ends
	reads := m.poll.Started()
	r.Send(tk.last)
	// The status, then the log in a read of its own (a run ended).
	if m.poll.Started() != reads+2 || tk.n != 2 {
		t.Fatalf("the tick made %d reads and armed %d ticks, want 2 and a second", m.poll.Started()-reads, tk.n-1)
	}
	st := m.got.status
	v := m.View()
	if st.Status != "Paused" || st.ExecCount <= before.ExecCount || !strings.Contains(v, "status Paused") ||
		!strings.Contains(v, "paused: no next run until resumed") {
		t.Fatalf("after the tick %+v (before %+v):\n%s", st, before, v)
	}
	if got := len(m.got.runs.Outcomes()); got <= ran {
		t.Fatalf("the strip has %d runs, had %d before a minute of runs", got, ran)
	}
	if position(v) != where {
		t.Fatalf("the poll moved the definition from %q to %q", where, position(v))
	}
}

// A tick reads the log again only when an execution started or ended:
// an idle (paused) task costs one status call per poll.
func TestIdleTickReadsNoLog(t *testing.T) {
	env := panetest.Start(t)
	env.Run(time.Minute)
	calls := observe(t, env)
	m := New(env.Common, "production", "rotate-keys") // paused in the demo
	m.SetSize(100, 30)
	r := panetest.NewRunner(t, view{m})
	tk := &ticks{}
	r.Drop = tk.drop
	r.Run(m.Init())
	if calls.n("taskGetLog") != 1 {
		t.Fatalf("the first read read the log %d times", calls.n("taskGetLog"))
	}
	for range 3 {
		env.Run(10 * time.Second)
		r.Send(tk.last)
	}
	if calls.n("taskGetStatus") != 4 || calls.n("taskGetLog") != 1 {
		t.Fatalf("three idle ticks: %d status calls, %d log reads; want 4 and 1", calls.n("taskGetStatus"), calls.n("taskGetLog"))
	}
	if err := env.Common.Client.TaskResume(env.Common.Ctx, "production", "rotate-keys"); err != nil {
		t.Fatal(err)
	}
	env.Run(time.Minute)
	r.Send(tk.last)
	if calls.n("taskGetLog") != 2 || len(m.got.runs.Outcomes()) == 0 {
		t.Fatalf("after runs: %d log reads, %d runs", calls.n("taskGetLog"), len(m.got.runs.Outcomes()))
	}
}

// calls counts the functions a client called.
type calls struct {
	mu sync.Mutex
	by map[string]int
}

func (c *calls) n(function string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.by[function]
}

// observe gives env a logged-in client whose calls are counted.
func observe(t *testing.T, env *panetest.Env) *calls {
	t.Helper()
	c := &calls{by: map[string]int{}}
	cl, err := gateway.NewClient(gateway.Options{URL: env.Host.URL(), Timeout: 10 * time.Second,
		Observe: func(function string, _ []gateway.Arg, _ int, _ error) {
			c.mu.Lock()
			c.by[function]++
			c.mu.Unlock()
		}})
	if err != nil {
		t.Fatal(err)
	}
	panetest.Login(t, env.Common.Ctx, cl)
	env.Common.Client, env.Common.TaskRefresh = cl, time.Nanosecond
	c.by = map[string]int{}
	return c
}

// position is the definition's position line.
func position(v string) string {
	lines := strings.Split(v, "\n")
	return lines[len(lines)-1]
}

// Closing the detail stops its poll: a tick armed before does nothing,
// a read in flight is dropped and arms no tick, and a tick addressed to
// another detail is not this one's.
func TestNoTickAfterClose(t *testing.T) {
	_, m, _, tk := openTicks(t, "production", "verify-archive", 0)
	tick := tk.last
	other := New(m.c, "production", "verify-archive")
	other.Init() // its poll is in the same generation as m's
	if other.poll.Gen() != m.poll.Gen() {
		t.Fatalf("generations %d and %d: the test proves nothing", other.poll.Gen(), m.poll.Gen())
	}
	other.poll.Cancel() // its read is not in flight: a tick would poll
	if cmd, _ := other.Update(tick); cmd != nil {
		t.Fatal("a tick of one detail polled another")
	}
	cmd, _ := m.Update(tick)
	if cmd == nil {
		t.Fatal("the detail's own tick did not poll")
	}
	reply := cmd() // read while the detail is open
	if _, back := m.Update(panetest.KeyMsg("esc")); !back {
		t.Fatal("esc does not go back")
	}
	if next, _ := m.Update(reply); next != nil {
		t.Fatal("a read answered after close armed a tick")
	}
	if next, _ := m.Update(tick); next != nil {
		t.Fatal("a tick after close polled")
	}
	if _, ok := tick.(msgroute.Reply[*Model]); !ok {
		t.Fatalf("the tick %T is not addressed to its detail", tick)
	}
}

// A log over the client's size limit says so on the strip's line; the
// rest of the detail stays, and the log is not read again on every tick
// (only once it was reset).
func TestDetailLogTooLarge(t *testing.T) {
	env := panetest.Start(t)
	env.Run(time.Minute)
	cl, err := gateway.NewClient(gateway.Options{URL: env.Host.URL(), Timeout: 10 * time.Second, MaxLogSize: 512})
	if err != nil {
		t.Fatal(err)
	}
	panetest.Login(t, env.Common.Ctx, cl)
	env.Common.Client, env.Common.TaskRefresh = cl, time.Nanosecond
	m := New(env.Common, "production", "sync-reports")
	m.SetSize(100, 30)
	r := panetest.NewRunner(t, view{m})
	tk := &ticks{}
	r.Drop = tk.drop
	r.Run(m.Init())
	v := m.View()
	if !TooLarge(m.got.runsErr) || !strings.Contains(v, "log unreadable") || !strings.Contains(v, "status ") {
		t.Fatalf("runs error %v:\n%s", m.got.runsErr, v)
	}
	env.Run(30 * time.Second)
	r.Send(tk.last)
	if !TooLarge(m.got.runsErr) || m.got.status.ExecCount == 0 {
		t.Fatalf("after a tick: %v", m.got.runsErr)
	}
	if RereadLog(m.got.status, m.got.status, m.got.runsErr) {
		t.Fatal("a log too large is read again")
	}
	if !RereadLog(m.got.status, gateway.TaskStatus{}, m.got.runsErr) {
		t.Fatal("a log too large is not read again once reset")
	}
}

// A poll while the save-as-template dialog is open leaves the dialog
// and its answer alone.
func TestTickKeepsTheDialog(t *testing.T) {
	env, _, r, tk := openTicks(t, "production", "verify-archive", 0)
	r.Key("t")
	env.Run(20 * time.Second)
	r.Send(tk.last)
	if ask := r.Confirm(); ask.Title != "Save template verify-archive" {
		t.Fatalf("dialog %+v", ask)
	}
	if _, err := env.Common.Client.TemplateGetTask(env.Common.Ctx, "verify-archive"); err != nil {
		t.Fatalf("the template was not saved after a poll: %v", err)
	}
}

// TestGoldenDetailPolled: the detail at 80x24 after it polled itself:
// the task was paused on the host (the fake clock stopped, so nothing
// else moves) and the detail shows it with no key pressed.
func TestGoldenDetailPolled(t *testing.T) {
	env := panetest.Start(t)
	env.Run(2 * time.Minute)
	env.Common.TaskRefresh = 20 * time.Millisecond
	tm := panetest.Run(t, view{New(env.Common, "production", "verify-archive")}, 80, 24)
	panetest.WaitFor(t, tm, "status Waiting", "of the last", "</Task>")
	if err := env.Common.Client.TaskPause(env.Common.Ctx, "production", "verify-archive"); err != nil {
		t.Fatal(err)
	}
	panetest.WaitFor(t, tm, "status Paused", "paused: no next run until resumed")
	panetest.RequireGolden(t, panetest.FinalView(t, tm))
}
