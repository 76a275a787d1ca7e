package fleet

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway/mockhost"
	"dpconsole/msgroute"
)

// benchHosts starts n mock hosts on loopback. They are started empty
// (no demo data, a fake clock: no scheduler runs), since 500 seeded
// hosts would spend the benchmark writing demo files; every poll still
// crosses HTTP to a real mock host.
func benchHosts(b *testing.B, n int) []Host {
	b.Helper()
	hosts := make([]Host, n)
	for i := range hosts {
		h, _ := startMock(b, mockhost.Config{Empty: true})
		hosts[i] = Host{Name: fmt.Sprintf("host-%03d", i), URL: h.URL()}
	}
	return hosts
}

// BenchmarkFleet measures, over 500 mock hosts in this process: one
// full refresh through the pane (16 in flight) beside its floor (500
// sequential agentPing round trips / 16), the memory each host costs
// the fleet (client, row, state), and the pane's frame time at 500
// rows beside 10 rows.
func BenchmarkFleet(b *testing.B) {
	const n = 500
	hosts := benchHosts(b, n)
	ctx := context.Background()
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	for i := range hosts {
		hosts[i].Client = newClient(b, hosts[i].URL, 10*time.Second)
	}

	// The floor: one agentPing per host, one after another, over 16.
	for _, h := range hosts { // warm the connections, as a running fleet has them
		h.Client.AgentPing(ctx)
	}
	start := time.Now()
	for _, h := range hosts {
		if err := h.Client.AgentPing(ctx); err != nil {
			b.Fatal(err)
		}
	}
	serial := time.Since(start)
	floor := serial / DefaultConcurrency

	o := testOptions(hosts, &fakeTick{})
	o.Concurrency = DefaultConcurrency
	o.Session.Now = time.Now
	m, err := New(o)
	if err != nil {
		b.Fatal(err)
	}
	m.pane.shown = true // as Init leaves it, without its first round
	refreshAll(b, m)    // the state a polled fleet holds
	runtime.GC()
	runtime.ReadMemStats(&ms1)
	// The client (its transport and idle connection), the result, the
	// row: what the console holds per host; the mock hosts' own memory is
	// outside (they were started before ms0).
	perHost := float64(ms1.HeapAlloc-ms0.HeapAlloc) / n

	b.ResetTimer()
	var refresh time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		refreshAll(b, m)
		refresh += time.Since(start)
	}
	b.StopTimer()
	refresh /= time.Duration(b.N)
	if p, hidden := m.pane.problems(); p+hidden != 0 {
		b.Fatalf("%d hosts with problems", p)
	}

	frame := func(rows int) time.Duration {
		o := testOptions(hosts[:rows], &fakeTick{})
		o.Session.Width, o.Session.Height = 160, 50
		fm, _ := New(o)
		fm.pane.res = append([]Result(nil), m.pane.res[:rows]...)
		for i := range rows {
			fm.pane.cells[i] = fm.pane.row(i)
		}
		fm.pane.rebuild()
		const frames = 200
		start := time.Now()
		for range frames {
			if !strings.Contains(fm.View(), "host-000") {
				b.Fatal("no rows drawn")
			}
		}
		return time.Since(start) / frames
	}
	f500, f10 := frame(n), frame(10)
	start = time.Now()
	const layouts = 50
	for range layouts {
		m.pane.rebuild()
	}
	layout := time.Since(start) / layouts
	b.ReportMetric(float64(refresh.Microseconds())/1000, "refresh-ms")
	b.ReportMetric(float64(floor.Microseconds())/1000, "floor-ms")
	b.ReportMetric(float64(serial.Microseconds())/1000, "serial-pings-ms")
	b.ReportMetric(perHost, "bytes/host")
	b.ReportMetric(float64(f500.Microseconds())/1000, "frame500-ms")
	b.ReportMetric(float64(f10.Microseconds())/1000, "frame10-ms")
	b.ReportMetric(float64(layout.Microseconds())/1000, "layout500-ms")
	b.ReportMetric(0, "ns/op")
}

// refreshAll runs one round on m's pane to its end, delivering each
// result as the runtime would.
func refreshAll(b *testing.B, m *Model) {
	msgs := make(chan tea.Msg, n500)
	var run func(tea.Cmd)
	run = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		go func() {
			switch msg := cmd().(type) {
			case nil:
			case tea.BatchMsg:
				for _, c := range msg {
					run(c)
				}
			default:
				msgs <- msg
			}
		}()
	}
	run(msgroute.To("", m.pane.refreshNow()))
	for m.pane.busy > 0 || len(m.pane.queue) > 0 {
		_, cmd := m.Update(<-msgs)
		run(cmd)
	}
}

const n500 = 1000
