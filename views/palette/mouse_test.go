package palette

import (
	"strings"
	"testing"

	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
)

// A click on a row of the list selects it, the wheel moves the
// selection; with the mouse off neither does anything.
func TestMouseSelectsARow(t *testing.T) {
	for _, on := range []bool{true, false} {
		c := newCommon(t)
		if on {
			c.Mouse = mouse.New()
			defer c.Mouse.Close()
		}
		m := opened(t, c)
		f := m.View()
		if on {
			f = mousetest.Settle(t, c.Mouse, func() string { return c.Mouse.Scan(m.View()) })
		}
		y := -1
		for i, l := range strings.Split(f, "\n") {
			if strings.Contains(l, "agentPing") {
				y = i
			}
		}
		if y < 0 {
			t.Fatalf("agentPing is not listed:\n%s", f)
		}
		m.Update(mousetest.Click(3, y))
		if got := m.selectedName(); (got == "agentPing") != on {
			t.Fatalf("mouse %v: a click on agentPing selected %q", on, got)
		}
		before := m.cursor
		m.Update(mousetest.Wheel(3, y, true))
		if on && m.cursor != before+1 || !on && m.cursor != before {
			t.Fatalf("mouse %v: the wheel moved the cursor from %d to %d", on, before, m.cursor)
		}
	}
}

// selectedName names the row under the cursor.
func (m *Model) selectedName() string {
	if m.cursor < len(m.cmds) {
		return ":" + commands[m.cmds[m.cursor]].Name
	}
	return m.all[m.matches[m.cursor-len(m.cmds)]].Name
}
