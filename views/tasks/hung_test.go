package tasks

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/testkit"
	"dpconsole/views/common"
)

// neverAnswers is a client of a host that never answers.
func neverAnswers(t *testing.T) *gateway.Client {
	t.Helper()
	cl, err := gateway.NewClient(gateway.Options{URL: testkit.HungHost(t), Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// TestHungPollMarksRowsStale: a poll in flight longer than its interval
// marks the rows stale at once (title and status), long before the call
// times out; the answer clears it.
func TestHungPollMarksRowsStale(t *testing.T) {
	env, m, _ := start(t)
	m.SetSize(100, 24)
	m.c.TaskRefresh = 2 * time.Second
	live := m.c.Client
	m.c.Client = neverAnswers(t)
	_, cmd := m.Update(tickMsg{gen: m.poll.Gen()})
	if cmd == nil {
		t.Fatal("the tick did not poll")
	}
	for _, c := range cmd().(tea.BatchMsg) {
		go c() // the fetch hangs; the hung check's tick is sent by hand below
	}
	call := m.poll.Current()

	env.Clock.Advance(time.Second)
	m.Update(common.HungCheck{Call: call})
	if m.stale() || strings.Contains(m.View(), "host not answering") {
		t.Fatalf("stale after 1s of a 2s poll:\n%s", m.View())
	}
	env.Clock.Advance(1500 * time.Millisecond)
	_, again := m.Update(common.HungCheck{Call: call})
	v := m.View()
	if !m.stale() || !strings.Contains(strings.SplitN(v, "\n", 2)[0], "last known — host not answering") ||
		!strings.Contains(v, "no answer for 2s") || strings.Contains(v, "agent: Active") {
		t.Fatalf("not stale after 2.5s of a 2s poll:\n%s", v)
	}
	if again == nil {
		t.Fatal("the hung check stopped while the call is in flight")
	}

	m.c.Client = live
	m.Update(fetchedMsg{gen: m.poll.Gen(), call: call, config: m.config, active: m.active, agent: m.agent, rows: m.rows})
	if m.stale() || strings.Contains(m.View(), "host not answering") {
		t.Fatalf("still stale after the answer:\n%s", m.View())
	}
	if _, next := m.Update(common.HungCheck{Call: call}); next != nil || m.hung != 0 {
		t.Fatal("a check of an answered call re-armed")
	}
}
