package tasks

import (
	"strings"
	"testing"

	"dpconsole/views/common"
)

// TestPauseOnPausedSaysSo: p on a task the host already has paused says
// it is already paused, not that it was paused now.
func TestPauseOnPausedSaysSo(t *testing.T) {
	_, m, r := start(t)
	selectTask(t, m, r, "rotate-keys")
	r.Reset()
	r.Key("p")
	f := r.Flashes()
	if len(f) != 1 || f[0] != "task rotate-keys of production is already paused (u resumes it)" {
		t.Fatalf("flashes %v", f)
	}
}

// TestResumeOnRunningSaysSo: u on a task that is not paused says so,
// not that it was resumed.
func TestResumeOnRunningSaysSo(t *testing.T) {
	_, m, r := start(t)
	selectTask(t, m, r, "protect-inbox")
	r.Reset()
	r.Key("u")
	f := r.Flashes()
	if len(f) != 1 || f[0] != "task protect-inbox of production is not paused (p pauses it)" {
		t.Fatalf("flashes %v", f)
	}
}

// TestResumeAllNamesThePaused: * u asks first, naming the tasks that are
// paused (some may be paused on purpose); with none paused it says so and
// sends nothing.
func TestResumeAllNamesThePaused(t *testing.T) {
	env, _, r := start(t)
	r.Reset()
	r.Key("*")
	r.Key("u")
	ask := r.Dialog()
	if ask.Title != "Resume 1 paused task of production" || ask.Body != "rotate-keys runs on its schedule again." {
		t.Fatalf("dialog %+v", ask)
	}
	r.Confirm()
	if st, err := env.Common.Client.TaskGetStatus(env.Common.Ctx, "production", "rotate-keys"); err != nil || st.Status == "Paused" {
		t.Fatalf("rotate-keys after the resume: %+v %v", st, err)
	}
	r.Key("r")
	r.Reset()
	r.Key("*")
	r.Key("u")
	if f := r.Flashes(); len(f) != 1 || f[0] != "no task of production is paused; nothing to resume" {
		t.Fatalf("flashes %v", f)
	}
}

// TestDisabledAgentSaysWhyIdle: with the agent disabled the host shows
// every task Idle; the pane keeps the paused rotate-keys Paused, shows
// the document-disabled cleanup as Disabled, and the detail says why.
func TestDisabledAgentSaysWhyIdle(t *testing.T) {
	env, m, r := start(t)
	m.SetSize(100, 24)
	if err := env.Common.Client.AgentAlter(env.Common.Ctx, "Disable"); err != nil {
		t.Fatal(err)
	}
	r.Key("r")
	if got := status(m, "rotate-keys"); got != "Paused" {
		t.Fatalf("rotate-keys shows %q with the agent disabled", got)
	}
	if got := status(m, "protect-inbox"); got != "Idle" {
		t.Fatalf("protect-inbox shows %q", got)
	}
	if v := m.View(); !strings.Contains(v, "agent disabled — no task runs and every task shows Idle; E enables it") {
		t.Fatalf("the status does not say the agent is disabled:\n%s", v)
	}
	selectTask(t, m, r, "protect-inbox")
	if v := m.View(); !strings.Contains(v, "idle: the agent is disabled (E enables it)") {
		t.Fatalf("protect-inbox's detail does not say why:\n%s", v)
	}
	selectTask(t, m, r, "rotate-keys")
	if v := m.View(); !strings.Contains(v, "paused when last seen") {
		t.Fatalf("rotate-keys' detail does not say why:\n%s", v)
	}

	r.Send(common.ConfigSelectedMsg{Config: "staging"})
	row := -1
	for i, rw := range m.rows {
		if rw.Name == "cleanup" {
			row = i
		}
	}
	if row < 0 || m.rows[row].statusText() != "Disabled" {
		t.Fatalf("cleanup: rows %+v", m.rows)
	}
	selectTask(t, m, r, "cleanup")
	if v := m.View(); !strings.Contains(v, `disabled in the tasks document (enabled="false")`) {
		t.Fatalf("cleanup's detail does not say why:\n%s", v)
	}
}
