package fleet

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/msgroute"
	"dpconsole/views/common"
	"dpconsole/widgets/picker"
)

func names(m *Model) []string {
	var out []string
	for _, i := range m.pane.order {
		out = append(out, m.opts.Hosts[i].Name)
	}
	return out
}

func index(m *Model, name string) int { return m.index[name] }

// TestFleetPolls: problems first, then by name; the hung host holds one
// of the two calls in flight and is marked not answering at its timeout,
// while the others answer and are polled again meanwhile.
func TestFleetPolls(t *testing.T) {
	hosts := fiveHosts(t, 1500*time.Millisecond)
	ft := &fakeTick{}
	m, err := New(testOptions(hosts, ft))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r := newRunner(t, m)
	p := m.pane
	others := []string{"alpha", "bravo", "delta", "echo"}
	answered := func(after time.Time) func() bool {
		return func() bool {
			for _, n := range others {
				if !p.res[index(m, n)].At.After(after) {
					return false
				}
			}
			return true
		}
	}
	r.until("the first round's answers", answered(time.Time{}))
	if ft.armed.Load() != 1 {
		t.Fatalf("%d rounds armed, want 1", ft.armed.Load())
	}
	charlie := index(m, "charlie")
	if !p.inFlight[charlie] || !p.res[charlie].At.IsZero() {
		t.Fatalf("charlie should still be in flight: %+v", p.res[charlie])
	}
	if p.busy != 1 {
		t.Fatalf("%d polls in flight, want 1 (charlie)", p.busy)
	}
	// A second round while charlie hangs: the others answer again,
	// charlie is not asked twice.
	var latest time.Time
	for _, n := range others {
		if at := p.res[index(m, n)].At; at.After(latest) {
			latest = at
		}
	}
	r.send(msgroute.Reply[string]{Msg: tickMsg{gen: p.gen}})
	if p.queued[charlie] {
		t.Fatal("charlie was queued again while its poll hangs")
	}
	r.until("the second round's answers", answered(latest))
	if !p.inFlight[charlie] {
		t.Fatalf("charlie answered early (after %s): %+v", time.Since(start), p.res[charlie])
	}
	r.until("charlie's timeout", func() bool { return !p.res[charlie].At.IsZero() })
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("charlie was marked after %s", took)
	}
	if got := p.res[charlie].Err(); got != "not answering within 1.5s" {
		t.Errorf("charlie's error: %q", got)
	}
	want := []string{"bravo", "charlie", "delta", "echo", "alpha"}
	if got := names(m); !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	view := m.View()
	t.Log("\n" + view)
	for _, w := range []string{"down", "not answering within 1.5s", "errors", "Errors", "disabled", "Disabled",
		"production", "5 gateways", "4 with problems", "ok"} {
		if !strings.Contains(view, w) {
			t.Errorf("the pane lacks %q:\n%s", w, view)
		}
	}
	// alpha holds no session: reachability only.
	if a := p.res[index(m, "alpha")]; a.HaveStatus || !a.Reachable || !a.OK() {
		t.Errorf("alpha: %+v", a)
	}
	if b := p.res[index(m, "bravo")]; b.Reachable || b.Problem() != 0 {
		t.Errorf("bravo: %+v", b)
	}
	// The time of the last answer: none for a host that never answered.
	if !p.answered[index(m, "bravo")].IsZero() || p.answered[index(m, "alpha")].IsZero() {
		t.Errorf("answered: bravo %v alpha %v", p.answered[index(m, "bravo")], p.answered[index(m, "alpha")])
	}

	// Hidden, the pane starts nothing: a stale tick is dropped.
	gen := p.gen
	m.pane.hide()
	if cmd := p.Update(tickMsg{gen: gen}); cmd != nil || len(p.queue) != 0 {
		t.Fatal("a hidden pane polled")
	}
	m.pane.show()
	// / filters; Enter opens the selected gateway.
	for _, k := range []string{"/", "d", "e", "l", "t", "a"} {
		r.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
	}
	r.send(tea.KeyMsg{Type: tea.KeyEnter}) // keeps the filter
	if p.table.Len() != 1 || p.hosts[p.selected()].Name != "delta" {
		t.Fatalf("filter shows %d rows, selected %d:\n%s", p.table.Len(), p.selected(), m.View())
	}
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if cmd == nil {
		t.Fatal("Enter did nothing")
	}
	if msg := cmd(); msg.(msgroute.Reply[string]).Msg != (common.GatewayMsg{Name: "delta"}) {
		t.Fatalf("Enter: %#v", msg)
	}
}

// TestFleetResultRanks checks the ranking on its own.
func TestFleetResultRanks(t *testing.T) {
	at := testStart
	for _, c := range []struct {
		r    Result
		want int
		ok   bool
	}{
		{Result{}, 4, false},
		{Result{At: at, Reachable: true}, 4, true},
		{Result{At: at}, 0, false},
		{Result{At: at, Reachable: true, HaveStatus: true}, 4, true},
		{Result{At: at, Reachable: true, HaveStatus: true}, 4, true},
	} {
		if got := c.r.Problem(); got != c.want || c.r.OK() != c.ok {
			t.Errorf("%+v: rank %d ok %v, want %d %v", c.r, got, c.r.OK(), c.want, c.ok)
		}
	}
	r := Result{At: at, Reachable: true, HaveStatus: true}
	r.Status.TaskStatus = "Errors"
	if r.Problem() != 1 {
		t.Error("Errors")
	}
	r.Status.TaskStatus, r.Status.Agent = "Normal", "Offline"
	if r.Problem() != 2 {
		t.Error("Offline")
	}
	r.Status.Agent = "Disabled"
	if r.Problem() != 3 {
		t.Error("Disabled")
	}
}

// TestOnlyTheShownConsolePolls: leaving a console for the Fleet pane or
// another console suspends it (its panes and header stop polling its
// host); showing it again resumes it.
func TestOnlyTheShownConsolePolls(t *testing.T) {
	hosts := fiveHosts(t, 500*time.Millisecond)
	m, err := New(testOptions(hosts, &fakeTick{}))
	if err != nil {
		t.Fatal(err)
	}
	m.Update(common.GatewayMsg{Name: "delta"})
	delta := m.Console("delta")
	if delta == nil || delta.Suspended() {
		t.Fatal("delta's console is not shown")
	}
	m.Update(common.FleetMsg{})
	if !delta.Suspended() {
		t.Fatal("delta's console still polls behind the Fleet pane")
	}
	m.Update(common.GatewayMsg{Name: "delta"})
	if delta.Suspended() {
		t.Fatal("delta's console was not resumed when shown again")
	}
	m.Update(common.GatewayMsg{Name: "echo"})
	if !delta.Suspended() || m.Console("echo").Suspended() {
		t.Fatalf("after switching to echo: delta suspended %v, echo suspended %v", delta.Suspended(), m.Console("echo").Suspended())
	}
}

// The title counts the problems of the rows shown: filtered to healthy
// rows it says none (it said "1 with problems" over two healthy rows),
// and how many problems the filter hides.
func TestFleetCountsTheRowsShown(t *testing.T) {
	var hosts []Host
	for _, n := range []string{"alpha", "bravo", "charlie", "delta", "echo"} {
		hosts = append(hosts, Host{Name: n, URL: "http://" + n + ".invalid:8080/api"})
	}
	m, err := New(testOptions(hosts, &fakeTick{}))
	if err != nil {
		t.Fatal(err)
	}
	p := m.pane
	for i := range hosts {
		p.res[i] = Result{Reachable: hosts[i].Name != "bravo", At: testStart}
		p.cells[i] = p.row(i)
	}
	p.rebuild()
	for query, want := range map[string]string{
		"":      "── fleet · 5 gateways · 1 with problems ",
		"alpha": "── fleet · 1 of 5 gateways · 0 with problems (1 more hidden by the filter) ",
		"bravo": "── fleet · 1 of 5 gateways · 1 with problems ",
	} {
		p.table.SetFilter(picker.Filter{Query: query})
		if v := p.View(); !strings.Contains(v, want) {
			t.Errorf("filter %q: want %q:\n%s", query, want, v)
		}
	}
}

// TestFleetFrameIsFiltered: the Fleet pane's frame goes through the same
// last filter as a console's: whatever a view forgot to sanitise, only
// our own styling reaches the terminal.
func TestFleetFrameIsFiltered(t *testing.T) {
	hosts := fiveHosts(t, 500*time.Millisecond)
	m, err := New(testOptions(hosts, &fakeTick{}))
	if err != nil {
		t.Fatal(err)
	}
	m.flash = "forgot \x1b]52;c;T1dORUQ=\a and \x1b[2J"
	if v := m.View(); strings.Contains(v, "\x1b]") || strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\a") {
		t.Fatalf("the Fleet pane's frame passed controls on: %q", v)
	}
}
