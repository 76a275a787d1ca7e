package logs

import (
	"testing"
	"time"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// The agent-log key comes from the key map, so the
// config file's agent_log rebinds it, and the help shows the new key.
func TestAgentKeyFollowsTheKeyMap(t *testing.T) {
	build := func(c *common.Common) *Model {
		c.LogRefresh = time.Nanosecond // ticks are dropped at once
		if err := c.Keys.Apply(map[string][]string{"agent_log": {"A"}}); err != nil {
			t.Fatal(err)
		}
		return New(c)
	}
	_, m, r := panetest.Open(t, build, isTick)
	r.Send(common.OpenLogMsg{Config: "production", Task: "protect-inbox"})
	r.Key("a")
	if _, task := m.Target(); task != "protect-inbox" {
		t.Fatal("a still switches logs after agent_log was rebound")
	}
	if !helpHas(m, "A") {
		t.Fatal("the help does not show the rebound key")
	}
	r.Key("A")
	if _, task := m.Target(); task != "" {
		t.Fatalf("A showed %q, want the agent log", task)
	}
}
