package configs

import (
	"strings"
	"testing"
	"time"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
)

// A click on the selected configuration shows its tasks, as Enter does;
// a click on another only selects it.
func TestSecondClickOpensTheTasks(t *testing.T) {
	z := mouse.New()
	defer z.Close()
	_, m, r := panetest.Open(t, func(c *common.Common) *Model {
		c.TaskRefresh, c.Mouse = time.Nanosecond, z
		return New(c)
	}, isTick)
	f := mousetest.Settle(t, z, func() string { return z.Scan(m.View()) })
	y := -1
	for i, l := range strings.Split(f, "\n") {
		if strings.Contains(l, " staging ") {
			y = i
			break
		}
	}
	if y < 0 || m.Selected() == "staging" {
		t.Fatalf("staging is not listed, or selected already (%q):\n%s", m.Selected(), f)
	}
	r.Reset()
	r.Send(mousetest.Click(5, y))
	for _, msg := range r.Out {
		if _, ok := msg.(common.OpenTasksMsg); ok {
			t.Fatalf("a click on staging, not selected, opened its tasks: %#v", r.Out)
		}
	}
	if m.Selected() != "staging" {
		t.Fatalf("a click on staging selected %q", m.Selected())
	}
	r.Reset()
	r.Send(mousetest.Click(5, y))
	var opened []string
	for _, msg := range r.Out {
		if o, ok := msg.(common.OpenTasksMsg); ok {
			opened = append(opened, o.Config)
		}
	}
	if len(opened) != 1 || opened[0] != "staging" {
		t.Fatalf("a second click on staging opened %v; sent %#v", opened, r.Out)
	}
}
