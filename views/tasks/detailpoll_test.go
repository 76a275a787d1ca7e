package tasks

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/msgroute"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
	"dpconsole/views/taskdetail"
)

// The task open in full polls through the pane: its tick reaches it
// there and shows the host's change; once it is closed (Esc) or the pane
// is hidden its ticks poll nothing, and showing the pane again polls it
// again.
func TestDetailPollsInThePane(t *testing.T) {
	var last tea.Msg
	n := 0 // the detail's ticks armed
	env, m, r := panetest.Open(t, func(c *common.Common) *Model {
		c.TaskRefresh = time.Nanosecond
		return New(c)
	}, func(msg tea.Msg) bool {
		if r, ok := msg.(msgroute.Reply[*taskdetail.Model]); ok {
			if _, hung := r.Msg.(common.HungCheck); !hung { // its hung checks are not ticks
				last, n = msg, n+1
			}
		}
		return isTick(msg)
	})
	selectTask(t, m, r, "verify-archive")
	r.Key("enter")
	if last == nil || !strings.Contains(m.View(), "status Waiting") {
		t.Fatalf("the detail armed no tick (%v):\n%s", last, m.View())
	}
	if err := env.Common.Client.TaskPause(env.Common.Ctx, "production", "verify-archive"); err != nil {
		t.Fatal(err)
	}
	tick, armed := last, n
	r.Send(tick)
	if !strings.Contains(m.View(), "status Paused") || n != armed+1 {
		t.Fatalf("the tick did not poll the detail:\n%s", m.View())
	}
	m.Deactivate()
	if _, cmd := m.Update(last); cmd != nil {
		t.Fatal("a tick of the detail of a hidden pane polled")
	}
	r.Run(m.Activate())
	if !strings.Contains(m.View(), "status Paused") {
		t.Fatalf("shown again:\n%s", m.View())
	}
	tick = last
	r.Key("esc")
	if _, cmd := m.Update(tick); cmd != nil || m.full != nil {
		t.Fatal("a tick of the closed detail polled")
	}
}
