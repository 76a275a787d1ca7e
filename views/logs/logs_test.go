package logs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway/logtail"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

func TestMain(m *testing.M) { panetest.Main(m) }

// start returns a Logs pane tailing the agent log; its poll ticks fire at
// once and are dropped, so a drain ends.
func start(t *testing.T) (*panetest.Env, *Model, *panetest.Runner) {
	t.Helper()
	fast := func(c *common.Common) *Model {
		c.LogRefresh = time.Nanosecond
		return New(c)
	}
	return panetest.Open(t, fast, isTick)
}

// isTick drops the poll's ticks and its hung checks (TestHungPollMarksLogStale
// sends those itself).
func isTick(msg tea.Msg) bool {
	switch msg.(type) {
	case tickMsg, common.HungCheck:
		return true
	}
	return false
}

// fetched runs a fetch command (a batch with its hung check) and returns
// its reply.
func fetched(t *testing.T, cmd tea.Cmd) logMsg {
	t.Helper()
	for _, msg := range panetest.Collect(cmd) {
		if l, ok := msg.(logMsg); ok {
			return l
		}
		if f, ok := msg.(feedMsg); ok && f.done != nil { // a first load's
			return *f.done
		}
	}
	t.Fatal("the command fetched nothing")
	return logMsg{}
}

func TestAgentLogByDefault(t *testing.T) {
	_, m, _ := start(t)
	if c, task := m.Target(); c != "" || task != "" {
		t.Fatalf("target %q/%q, want the agent log", c, task)
	}
	if m.view.Len() == 0 {
		t.Fatalf("agent log empty:\n%s", m.View())
	}
	if !strings.HasPrefix(m.View(), "Agent log") {
		t.Fatalf("view:\n%s", m.View())
	}
}

func TestTaskLogTailsNewEntriesAndNoticesReset(t *testing.T) {
	env, m, r := start(t)
	r.Send(common.OpenLogMsg{Config: "production", Task: "protect-inbox"})
	if !strings.Contains(m.View(), "log empty") {
		t.Fatalf("fresh task log:\n%s", m.View())
	}
	env.Clock.Advance(12 * time.Second)
	r.Key("r")
	first := m.view.Len()
	if first == 0 {
		t.Fatalf("no entries after two executions:\n%s", m.View())
	}
	env.Clock.Advance(12 * time.Second)
	r.Key("r")
	if m.view.Len() <= first {
		t.Fatalf("entries %d after more executions, had %d", m.view.Len(), first)
	}
	grown := m.view.Len()
	r.Key("r") // nothing new: nothing added
	if m.view.Len() != grown {
		t.Fatalf("entries %d after an idle poll, had %d", m.view.Len(), grown)
	}
	if err := env.Common.Client.TaskReset(env.Common.Ctx, "production", "protect-inbox"); err != nil {
		t.Fatal(err)
	}
	r.Key("r")
	if !strings.Contains(m.View(), "reset or shrank") {
		t.Fatalf("reset not noticed:\n%s", m.View())
	}
	if m.view.Len() >= grown {
		t.Fatalf("entries %d after reset, had %d", m.view.Len(), grown)
	}
}

func TestAgentOffline(t *testing.T) {
	env, m, r := start(t)
	r.Send(common.OpenLogMsg{Config: "production", Task: "protect-inbox"})
	if err := env.Common.Client.AgentShutdown(env.Common.Ctx); err != nil {
		t.Fatal(err)
	}
	r.Key("r")
	if v := m.View(); !strings.Contains(v, "agent offline") {
		t.Fatalf("view:\n%s", v)
	}
}

func TestSaveLog(t *testing.T) {
	_, m, r := start(t)
	path := filepath.Join(t.TempDir(), "agent.log")
	r.Key("s")
	if !m.Capturing() {
		t.Fatalf("s did not ask for a path:\n%s", m.View())
	}
	r.Key("ctrl+u")
	r.Type(path)
	r.Key("enter")
	data, err := os.ReadFile(path)
	if err != nil || len(data) == 0 {
		t.Fatalf("saved %q, %v; flashes %v", data, err, r.Flashes())
	}
	if f := r.Flashes(); len(f) != 1 || !strings.HasPrefix(f[0], "saved ") {
		t.Fatalf("flashes %v", f)
	}
}

func TestStaleAndOtherTargetRepliesDropped(t *testing.T) {
	_, m, r := start(t)
	n := m.view.Len()
	_, old := m.poll.Start("superseded", true)
	_, latest := m.poll.Start("latest", true)
	r.Send(logMsg{call: old, gen: m.poll.Gen(), target: m.target, up: logtail.Update{Reset: true}})
	if m.view.Len() != n {
		t.Fatal("a stale reply changed the log")
	}
	r.Send(logMsg{call: latest, gen: m.poll.Gen(), target: target{"x", "y"}, up: logtail.Update{Reset: true}})
	if m.view.Len() != n {
		t.Fatal("a reply for another log changed this one")
	}
}

func TestHiddenPaneStopsPolling(t *testing.T) {
	_, m, _ := start(t)
	gen := m.poll.Gen()
	m.Deactivate()
	if _, cmd := m.Update(tickMsg{gen: gen}); cmd != nil {
		t.Fatal("a hidden pane fetched on a tick")
	}
	if m.Activate() == nil {
		t.Fatal("Activate did not fetch")
	}
}

// TestGolden: the log of export-partners (its ID is missing, so every
// run fails) after a minute of (fake) time: runs started, their errors
// and their ends.
func TestGolden(t *testing.T) {
	env := panetest.Start(t)
	env.Run(time.Minute)
	m := New(env.Common)
	tm := panetest.Run(t, m, 100, 30)
	panetest.WaitFor(t, tm, "Agent log", "INFO")
	tm.Send(common.OpenLogMsg{Config: "production", Task: "export-partners"})
	panetest.WaitFor(t, tm, "export-partners", "ERROR")
	panetest.RequireGolden(t, panetest.FinalView(t, tm))
}

// TestEscClearsSearchFirst: while a search is typed or shown the pane
// asks the shell for Esc, and Esc clears it; a notice does not ask.
func TestEscClearsSearchFirst(t *testing.T) {
	_, m, _ := start(t)
	if m.ConsumesEsc() {
		t.Fatal("the pane wants Esc with nothing open")
	}
	key := func(k string) { m.Update(panetest.KeyMsg(k)) } // no cursor blinks to wait for
	key("/")
	if !m.ConsumesEsc() {
		t.Fatal("the pane does not want Esc while a search is typed")
	}
	for _, c := range "agent" {
		key(string(c))
	}
	key("enter")
	if !m.view.Searching() || !m.ConsumesEsc() {
		t.Fatal("the pane does not want Esc while a search is shown")
	}
	key("esc")
	if m.view.Searching() || m.ConsumesEsc() {
		t.Fatalf("esc did not clear the search (query %q)", m.view.Query())
	}
	m.view.Notice("the log was reset")
	if m.ConsumesEsc() {
		t.Fatal("the pane wants Esc for a notice: Esc would only dismiss it instead of going back")
	}
}

// TestNoticeNeverEatsItsKey: the key that dismisses a notice still does
// its work (j scrolls), and leaving the pane takes the notice down.
func TestNoticeNeverEatsItsKey(t *testing.T) {
	_, m, _ := start(t)
	m.SetSize(80, 5)
	m.view.Notice("the log was reset")
	m.Update(panetest.KeyMsg("g")) // to the top
	m.view.Notice("the log was reset")
	top := m.view.View()
	m.Update(panetest.KeyMsg("j"))
	if m.view.Noticing() || m.view.View() == top {
		t.Fatalf("j only dismissed the notice (noticing %v):\n%s", m.view.Noticing(), m.view.View())
	}
	m.view.Notice("host not answering")
	m.Deactivate()
	if m.view.Noticing() {
		t.Fatal("the notice waits for the operator's return after leaving")
	}
}

// TestCancelledOpenStopsPolling: Esc (the shell cancelling the foreground
// calls) while a log opens leaves a cancelled state and no poll; r
// starts again.
func TestCancelledOpenStopsPolling(t *testing.T) {
	env, m, r := start(t)
	cmd := m.Open("production", "protect-inbox")
	if op, _ := env.Common.Calls.Busy(); !strings.Contains(op, "protect-inbox") {
		t.Fatalf("opening a log is not a foreground call: busy %q", op)
	}
	env.Common.Calls.CancelAll()
	msg := fetched(t, cmd)
	if _, next := m.Update(msg); next != nil {
		t.Fatal("a cancelled fetch re-armed the poll")
	}
	if !strings.Contains(m.View(), "cancelled") || env.Common.Calls.Pending() != 0 {
		t.Fatalf("pending %d; view:\n%s", env.Common.Calls.Pending(), m.View())
	}
	r.Key("r")
	if strings.Contains(m.View(), "cancelled") || !m.loaded {
		t.Fatalf("r did not load the log again:\n%s", m.View())
	}
}
