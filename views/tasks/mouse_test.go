package tasks

import (
	"strings"
	"testing"
	"time"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
	"dpconsole/widgets/picker"
)

// screen is the pane as the terminal gets it, its zones stored when the
// mouse is on.
func screen(t *testing.T, m *Model) []string {
	t.Helper()
	z := m.c.Mouse
	f := m.View()
	if z.On() {
		f = mousetest.Settle(t, z, func() string { return z.Scan(m.View()) })
	}
	return strings.Split(f, "\n")
}

// taskLine is the table's line showing task name.
func taskLine(t *testing.T, lines []string, name string) int {
	t.Helper()
	for i, l := range lines {
		if f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(l), picker.Marker)); len(f) > 0 && f[0] == name {
			return i
		}
	}
	t.Fatalf("%s is not listed:\n%s", name, strings.Join(lines, "\n"))
	return -1
}

// A click on a task selects it, the wheel moves the selection, and a
// click on the selected task opens it in full, as Enter does; with the
// mouse off none of it happens.
func TestMouseOnTheTable(t *testing.T) {
	for _, on := range []bool{true, false} {
		var z *mouse.Zones
		if on {
			z = mouse.New()
			defer z.Close()
		}
		_, m, r := panetest.Open(t, func(c *common.Common) *Model {
			c.TaskRefresh, c.Mouse = time.Nanosecond, z
			return New(c)
		}, isTick)
		if len(m.rows) < 3 {
			t.Fatalf("%d tasks listed, want 3 or more", len(m.rows))
		}
		first := m.selected()
		other := m.rows[1].Name
		if other == first {
			other = m.rows[2].Name
		}
		y := taskLine(t, screen(t, m), other)
		r.Send(mousetest.Click(5, y))
		if want := map[bool]string{true: other, false: first}[on]; m.selected() != want || m.full != nil {
			t.Fatalf("mouse %v: a click on %s selected %q (open %v)", on, other, m.selected(), m.full != nil)
		}
		before := m.selected()
		r.Send(mousetest.Wheel(5, y, true))
		if moved := m.selected() != before; moved != on {
			t.Fatalf("mouse %v: the wheel down left %q selected", on, m.selected())
		}
		r.Send(mousetest.Click(5, y))
		if on && (m.selected() != other || m.full != nil) {
			t.Fatalf("a click on %s again selected %q (open %v)", other, m.selected(), m.full != nil)
		}
		r.Send(mousetest.Click(5, y))
		if !on {
			if m.selected() != first || m.full != nil {
				t.Fatalf("mouse off: %q selected, open %v", m.selected(), m.full != nil)
			}
			continue
		}
		if m.full == nil || !strings.Contains(m.View(), "Task "+other+" of ") {
			t.Fatalf("a second click on %s did not open it in full:\n%s", other, m.View())
		}
	}
}
