package fleet

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
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
	// A host that answers, with a session, brings its columns back;
	// those that do not fit at 80 go before the error does.
	h, _ := startMock(t, mockhost.Config{})
	c := newClient(t, h.URL(), 5*time.Second)
	login(t, c)
	hosts2 := append(hosts[:1:1], Host{Name: "alive", URL: h.URL(), Client: c, KeptUser: "operator"})
	o2 := testOptions(hosts2, &fakeTick{})
	o2.Session.Width, o2.Session.Height = 80, 24
	m2, err := New(o2)
	if err != nil {
		t.Fatal(err)
	}
	r2 := newRunner(t, m2)
	r2.until("the answer", func() bool { return strings.Contains(m2.View(), "ok") && strings.Contains(m2.View(), "down") })
	r2.until("the status", func() bool { return m2.pane.res[1].HaveStatus })
	v = m2.View()
	for _, want := range []string{"CONFIG", "production", "ERROR", "connection refused", "prod-eu-west-1"} {
		if !strings.Contains(v, want) {
			t.Errorf("at 80 columns with one host up, %q is not shown:\n%s", want, v)
		}
	}
	for i, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > 80 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
	// Wide enough, every column with a value shows.
	m2.Update(tea.WindowSizeMsg{Width: 160, Height: 24})
	if v := m2.View(); !strings.Contains(v, "PING") || !strings.Contains(v, "ANSWERED") || !strings.Contains(v, "TASKS") {
		t.Errorf("at 160 columns, a column with values is left out:\n%s", v)
	}
}
