package ui

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
)

// TestHugeConfigName: a host's error message can be megabytes (the
// answer limit is 64 MiB). The Configs pane shows a failing list's error
// for as long as the host fails; it must fit, and a frame must not cost in
// proportion to the message.
func TestHugeConfigName(t *testing.T) {
	allocs := map[int]float64{}
	for _, n := range []int{100, 64 << 10} {
		h := startHost(t)
		var failing atomic.Bool
		msg := "list-refused-" + strings.Repeat("bad\u00e9-", n/6)
		url := answeringProxy(t, h, func(req *gateway.Request) *gateway.Response {
			if req.Function == "configGetList" && failing.Load() {
				return &gateway.Response{Status: gateway.StatusOK, Message: "OK", Results: []gateway.Arg{gateway.Text("production"), gateway.Text(msg)}}
			}
			return nil
		})
		client, err := gateway.NewClient(gateway.Options{URL: url, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		c := sessionCommon(t, t.Context(), client)
		m, p := consoleOn(t, c)
		p.loginAdmin(80, 24)
		failing.Store(true)
		p.send(keyMsg("1"))
		p.send(keyMsg("r"))
		p.until("the name shows", func() bool { return strings.Contains(m.View(), "list-refused") })
		p.send(keyMsg("j"))
		p.settle()
		frame := m.View()
		lines := strings.Split(frame, "\n")
		if len(lines) > 24 {
			t.Errorf("%d bytes: %d lines", n, len(lines))
		}
		for i, l := range lines {
			if lipgloss.Width(l) > 80 {
				t.Errorf("%d bytes: line %d too wide", n, i)
			}
		}
		allocs[n] = testing.AllocsPerRun(3, func() { _ = m.View() })
		start := time.Now()
		_ = m.View()
		t.Logf("name of %d bytes: %.0f allocs per frame, %s", n, allocs[n], time.Since(start))
	}
	if allocs[64<<10] > 3*allocs[100]+1000 {
		t.Errorf("a frame with a 1 MiB configuration name selected allocates %.0f times, with a short one %.0f", allocs[64<<10], allocs[100])
	}
}
