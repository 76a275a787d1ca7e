package fleet

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway/mockhost"
)

// TestColumnsAt80WithEveryHostDown: at 80x24 with every host down, the
// names show whole (they are what :gateway NAME takes) and the error
// shows; the agent, configuration, task, ping and answered columns,
// empty for every row, are left out rather than the error.
func TestColumnsAt80WithEveryHostDown(t *testing.T) {
	names := []string{"prod-eu-west-1", "prod-us-east-2", "staging-berlin", "dr-site-frankfurt"}
	var hosts []Host
	for _, n := range names {
		hosts = append(hosts, Host{Name: n, URL: downURL(t)})
	}
	o := testOptions(hosts, &fakeTick{})
	o.Session.Width, o.Session.Height = 80, 24
	m, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, m)
	r.until("every poll", func() bool { return strings.Count(m.View(), "down") >= len(names) })
	v := m.View()
	for _, n := range names {
		if !strings.Contains(v, n) {
			t.Errorf("the name %q is cut:\n%s", n, v)
		}
	}
	if !strings.Contains(v, "ERROR") || !strings.Contains(v, "connection refused") {
		t.Errorf("the error column is gone:\n%s", v)
	}
	for _, empty := range []string{"AGENT", "CONFIG", "TASKS", "PING", "ANSWERED"} {
		if strings.Contains(v, empty) {
			t.Errorf("the empty column %s is shown:\n%s", empty, v)
		}
	}
	for i, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > 80 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
	// A host that answers brings its columns back.
	h, _ := startMock(t, mockhost.Config{})
	hosts2 := append(hosts[:1:1], Host{Name: "alive", URL: h.URL()})
	o2 := testOptions(hosts2, &fakeTick{})
	o2.Session.Width, o2.Session.Height = 80, 24
	m2, err := New(o2)
	if err != nil {
		t.Fatal(err)
	}
	r2 := newRunner(t, m2)
	r2.until("the answer", func() bool { return strings.Contains(m2.View(), "ok") && strings.Contains(m2.View(), "down") })
	if v := m2.View(); !strings.Contains(v, "PING") || !strings.Contains(v, "ANSWERED") {
		t.Errorf("a host that answers does not bring the ping back:\n%s", v)
	}
}
