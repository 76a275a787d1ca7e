package logs

import (
	"strings"
	"testing"

	"dpconsole/views/common"
)

// Key a switches from a task's log to the agent log and back, the
// title says which log is shown, and the help lists the key.
func TestAgentKeySwitchesLogs(t *testing.T) {
	_, m, r := start(t)
	if helpHas(m, "a") {
		t.Fatal("a is offered while it has nothing to switch to")
	}
	r.Send(common.OpenLogMsg{Config: "production", Task: "protect-inbox"})
	if !strings.HasPrefix(m.View(), "Log of production / protect-inbox") || !helpHas(m, "agent log") {
		t.Fatalf("task log title or help wrong:\n%s", m.View())
	}
	r.Key("a")
	if c, task := m.Target(); c != "" || task != "" || !strings.HasPrefix(m.View(), "Agent log") {
		t.Fatalf("a showed %q/%q:\n%s", c, task, m.View())
	}
	if !helpHas(m, "log of protect-inbox") {
		t.Fatal("the help does not offer the way back to the task log")
	}
	r.Key("a")
	if _, task := m.Target(); task != "protect-inbox" {
		t.Fatalf("a went to %q, want back to protect-inbox", task)
	}
}

func helpHas(m *Model, text string) bool {
	for _, group := range m.FullHelp() {
		for _, b := range group {
			if b.Enabled() && (b.Help().Desc == text || b.Help().Key == text) {
				return true
			}
		}
	}
	return false
}
