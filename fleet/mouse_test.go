package fleet

import (
	"strings"
	"testing"
	"time"

	"dpconsole/gateway/mockhost"
	"dpconsole/views/common"
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

// With the mouse on, a click on the Fleet pane's table selects the
// gateway under it and the wheel moves the selection; in a gateway's
// console a click on a tab shows that pane. No marker reaches the screen.
func TestFleetMouse(t *testing.T) {
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
	z := mouse.New()
	defer z.Close()
	o.Session.Mouse = z
	m, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, m)
	r.until("both polled", func() bool { return m.pane.busy == 0 && !m.pane.res[0].At.IsZero() && !m.pane.res[1].At.IsZero() })
	f := mousetest.Settle(t, z, m.View)
	if strings.Contains(f, "\x1b") {
		t.Fatalf("a marker reached the screen: %q", f)
	}
	first := m.pane.selected()
	other := hosts[1-first].Name
	x, y := on(t, f, other)
	r.send(mousetest.Click(x, y))
	if got := m.pane.selected(); got != 1-first {
		t.Fatalf("a click on %s selected host %d", other, got)
	}
	r.send(mousetest.Wheel(x, y, false))
	if got := m.pane.selected(); got != first {
		t.Fatalf("the wheel up selected host %d, want %d", got, first)
	}
	r.send(common.GatewayMsg{Name: "alpha"})
	r.until("alpha's console", func() bool { return strings.Contains(m.View(), "logged in as operator") })
	f = mousetest.Settle(t, z, m.View)
	x, y = on(t, f, "3 Logs")
	r.send(mousetest.Click(x+2, y))
	r.until("alpha's log", func() bool { return strings.Contains(m.View(), "Agent log") })
}
