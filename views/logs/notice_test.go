package logs

import (
	"strings"
	"testing"

	"dpconsole/gateway/hostdoc"
	"dpconsole/views/panetest"
)

// TestResetNoticeWording: the agent-restart notice shows its time as the
// log's entries show times (UTC here, as the test console is set), not
// RFC 3339, and neither notice gives a count that goes stale as entries
// arrive.
func TestResetNoticeWording(t *testing.T) {
	_, m, _ := start(t)
	started := panetest.Epoch.Add(20e9)
	got := m.resetNotice(hostdoc.LogInfo{Kind: "AgentLog", Started: started})
	want := "the agent restarted: its new log began at " + started.UTC().Format("15:04:05") + " UTC and is shown from its start"
	if got != want {
		t.Fatalf("agent notice %q, want %q", got, want)
	}
	if got := m.resetNotice(hostdoc.LogInfo{Kind: "TaskLog"}); strings.ContainsAny(got, "0123456789") {
		t.Fatalf("task notice gives a count: %q", got)
	}
}

// TestHostDownMarksLogStale: when the host stops answering, the entries
// stay, the title says they are the last known, and the error shows whole.
func TestHostDownMarksLogStale(t *testing.T) {
	env, m, r := start(t)
	n := m.view.Len()
	m.SetSize(80, 20)
	env.Host.Close()
	r.Key("r")
	v := m.View()
	if m.view.Len() != n || !strings.Contains(v, "last known — host not answering") {
		t.Fatalf("after the host stopped answering (%d entries, had %d):\n%s", m.view.Len(), n, v)
	}
	nospace := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if m.lastErr == nil || !strings.Contains(nospace(v), nospace(m.lastErr.Error())) {
		t.Fatalf("the error is cut:\n%s", v)
	}
}
