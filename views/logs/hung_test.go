package logs

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

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

// TestHungPollMarksLogStale: a poll in flight longer than its interval
// (at most 3 s) marks the log as the last known at once, before the call
// times out; the answer clears it.
func TestHungPollMarksLogStale(t *testing.T) {
	env, m, _ := start(t)
	m.SetSize(100, 20)
	m.c.LogRefresh = 10 * time.Second // the mark waits 3 s, not the interval
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

	env.Clock.Advance(2 * time.Second)
	m.Update(common.HungCheck{Call: call})
	if strings.Contains(m.View(), "no answer") {
		t.Fatalf("stale after 2s:\n%s", m.View())
	}
	env.Clock.Advance(1500 * time.Millisecond)
	m.Update(common.HungCheck{Call: call})
	if title := strings.SplitN(m.View(), "\n", 2)[0]; !strings.Contains(title, "last known — no answer for 3s") {
		t.Fatalf("not stale after 3.5s: %q", title)
	}

	m.c.Client = live
	m.Update(logMsg{gen: m.poll.Gen(), call: call, target: m.target})
	if strings.Contains(m.View(), "no answer") {
		t.Fatalf("still stale after the answer:\n%s", m.View())
	}

	m.SetSize(80, 20)
	m.target, m.loaded, m.hung = target{Config: "production", Task: "protect-inbox"}, true, 59*time.Second
	if title := strings.SplitN(m.View(), "\n", 2)[0]; ansi.StringWidth(title) > 80 {
		t.Fatalf("a task log's stale title is wider than 80: %q", title)
	}
}
