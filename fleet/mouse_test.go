package fleet

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway/mockhost"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
)

// on finds text on the frame: the cell of its first character.
func on(t *testing.T, frame, text string) (x, y int) {
	t.Helper()
	for y, l := range strings.Split(frame, "\n") {
		if i := strings.Index(l, text); i >= 0 {
			return len([]rune(l[:i])), y
		}
	}
	t.Fatalf("%q is not on the screen:\n%s", text, frame)
	return 0, 0
}

// fleetOf starts two gateways, alpha logged in, and the fleet's root
// over them with the mouse on (z) or off (nil), both polled once.
func fleetOf(t *testing.T, z *mouse.Zones) (*Model, *runner) {
	t.Helper()
	alpha, _ := startMock(t, mockhost.Config{})
	beta, _ := startMock(t, mockhost.Config{})
	ac := newClient(t, alpha.URL(), 5*time.Second)
	login(t, ac)
	hosts := []Host{
		{Name: "alpha", URL: alpha.URL(), Client: ac, KeptUser: "operator"},
		{Name: "beta", URL: beta.URL(), Client: newClient(t, beta.URL(), 5*time.Second)},
	}
	o := testOptions(hosts, &fakeTick{})
	o.Session.Now = func() time.Time { return testStart }
	o.Session.Mouse = z
	m, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, m)
	r.until("both polled", func() bool { return m.pane.busy == 0 && !m.pane.res[0].At.IsZero() && !m.pane.res[1].At.IsZero() })
	return m, r
}

// With the mouse on, a click on the Fleet pane's table selects the
// gateway under it, the wheel moves the selection, and a click on the
// selected gateway opens its console as Enter does; in the console a
// click on a tab shows that pane. No marker reaches the screen.
func TestFleetMouse(t *testing.T) {
	z := mouse.New()
	defer z.Close()
	m, r := fleetOf(t, z)
	f := mousetest.Settle(t, z, m.View)
	if strings.Contains(f, "\x1b") {
		t.Fatalf("a marker reached the screen: %q", f)
	}
	_, ay := on(t, f, "alpha")
	bx, by := on(t, f, "beta")
	if m.pane.selected() == 1 {
		t.Fatalf("beta is selected before any click:\n%s", f)
	}
	if _, cmd := m.Update(mousetest.Click(bx, by)); cmd != nil {
		t.Fatal("a click on beta, not selected, gave a command")
	}
	if got := m.pane.selected(); got != 1 || m.active != "" {
		t.Fatalf("a click on beta selected host %d, opened %q", got, m.active)
	}
	r.send(mousetest.Wheel(bx, by, ay < by))
	if got := m.pane.selected(); got != 1 {
		t.Fatalf("the wheel past the end selected host %d", got)
	}
	r.send(mousetest.Wheel(bx, by, ay > by))
	if got := m.pane.selected(); got != 0 || m.active != "" {
		t.Fatalf("the wheel towards alpha selected host %d, opened %q", got, m.active)
	}
	r.send(mousetest.Click(bx, ay))
	r.until("alpha's console", func() bool { return m.active == "alpha" && strings.Contains(m.View(), "logged in as operator") })
	f = mousetest.Settle(t, z, m.View)
	x, y := on(t, f, "3 Logs")
	r.send(mousetest.Click(x+2, y))
	r.until("alpha's log", func() bool { return strings.Contains(m.View(), "Agent log") })
}

// With the mouse off, clicks and the wheel on the table do nothing.
func TestFleetMouseOff(t *testing.T) {
	m, _ := fleetOf(t, nil)
	f := m.View()
	sel := m.pane.selected()
	for _, name := range []string{"alpha", "beta"} {
		x, y := on(t, f, name)
		for _, msg := range []tea.MouseMsg{mousetest.Click(x, y), mousetest.Click(x, y), mousetest.Wheel(x, y, true)} {
			if _, cmd := m.Update(msg); cmd != nil {
				t.Fatalf("with the mouse off %v on %s gave a command", msg, name)
			}
		}
	}
	if m.pane.selected() != sel || m.active != "" || m.View() != f {
		t.Fatalf("with the mouse off: host %d selected (was %d), %q opened", m.pane.selected(), sel, m.active)
	}
}
