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

// A click selects the row under the pointer and leaves the list where it
// is: clicking the same line again selects the same row (the list once
// re-centred on each click, so three clicks on one line chose three
// functions), and the wheel scrolls only once the cursor leaves the view.
func TestClickKeepsTheListsScroll(t *testing.T) {
	c := newCommon(t)
	c.Mouse = mouse.New()
	defer c.Mouse.Close()
	m := New(c)
	m.SetSize(80, 24)
	m.Show()
	frame := func() []string {
		return strings.Split(mousetest.Settle(t, c.Mouse, func() string { return c.Mouse.Scan(m.View()) }), "\n")
	}
	lines := frame()
	y := -1
	for i, l := range lines {
		if strings.Contains(l, "agentShutdown") {
			y = i
		}
	}
	if y < 0 {
		t.Fatalf("agentShutdown is not listed:\n%s", strings.Join(lines, "\n"))
	}
	for n := range 3 {
		m.Update(mousetest.Click(3, y))
		if got := m.selectedName(); got != "agentShutdown" {
			t.Fatalf("click %d on the line of agentShutdown selected %q", n+1, got)
		}
		after := frame()
		if !strings.Contains(after[y], "> agentShutdown") || !strings.Contains(after[y-1], "agentRestart") {
			t.Fatalf("click %d moved the list:\n%s", n+1, strings.Join(after, "\n"))
		}
	}
	first := frame()[2]
	m.Update(mousetest.Wheel(3, y, true))
	if got := frame(); got[2] != first || m.selectedName() != "agentStart" {
		t.Fatalf("the wheel one row down scrolled the list (or selected %q):\n%s", m.selectedName(), strings.Join(got, "\n"))
	}
}
