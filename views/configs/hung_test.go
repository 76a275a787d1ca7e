package configs

import (
	"strings"
	"testing"
	"time"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// TestHungListShownAtOnce: a refresh with no answer for its interval marks
// the list as the last known at once, not when the call times out, and
// the mark goes when an answer comes.
func TestHungListShownAtOnce(t *testing.T) {
	env, _, _ := start(t)
	now := time.Now()
	env.Common.Calls = common.NewCalls(env.Common.Ctx, func() time.Time { return now })
	env.Common.TaskRefresh = 50 * time.Millisecond
	m := New(env.Common)
	m.SetSize(100, 30)
	r := panetest.NewRunner(t, m)
	r.Drop = isTick
	r.Run(m.Init())
	if !m.Loaded {
		t.Fatal("not loaded")
	}
	m.reload(reloadRefresh) // the host never answers this one
	call := m.Load.Current()
	now = now.Add(2500 * time.Millisecond)
	m.Update(common.HungCheck{Call: call})
	if v := m.View(); !strings.Contains(v, "last known — no answer for 2s") {
		t.Fatalf("a hung refresh is not shown:\n%s", v)
	}
	r.Run(m.reload(reloadRefresh)) // this one answers
	if strings.Contains(m.View(), "no answer") {
		t.Fatal("the mark stayed after an answer")
	}
}
