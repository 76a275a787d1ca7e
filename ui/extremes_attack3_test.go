package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
)

// TestExtremeTaskStatuses: a host reports times at the ends of RFC 3339
// (year 9999, year 1, odd offsets) and counts at the ends of int64. The
// Tasks pane and a task in full must neither panic nor overflow the width.
func TestExtremeTaskStatuses(t *testing.T) {
	for _, v := range [][7]string{
		{"9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-11-29T09:00:00+23:59", "Executing", "", "-9223372036854775808", "9223372036854775807"},
		{"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00-23:59", "Error", strings.Repeat("x", 5000), "9223372036854775807", "-1"},
		{"2026-11-29T09:00:00.999999999Z", "2026-11-29T08:59:59Z", "", "Waiting", "", "0", "0"},
	} {
		h := startHost(t)
		url := answeringProxy(t, h, func(req *gateway.Request) *gateway.Response {
			if req.Function == "taskGetStatus" {
				names := []string{"StartTime", "EndTime", "LastErrorTime", "Status", "Error", "ExecCnt", "ErrorCnt"}
				var res []gateway.Arg
				for i, n := range names {
					res = append(res, gateway.Named(n, v[i]))
				}
				return &gateway.Response{Status: gateway.StatusOK, Message: "OK", Results: res}
			}
			return nil
		})
		client, err := gateway.NewClient(gateway.Options{URL: url, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		c := sessionCommon(t, t.Context(), client)
		m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "http://127.0.0.1:PORT/api", version: "test"})
		p := newPump(t, m)
		const W, H = 100, 30
		check := func(step string) {
			t.Helper()
			p.settle()
			for i, l := range strings.Split(m.View(), "\n") {
				if w := lipgloss.Width(l); w > W {
					t.Errorf("%v %s: line %d is %d wide: %q", v[:2], step, i, w, l)
				}
			}
		}
		p.run(m.Init())
		p.loginAdmin(W, H)
		p.send(keyMsg("2"))
		check("tasks")
		for _, k := range []string{"o", "o", "o"} {
			p.send(keyMsg(k))
			check("sort " + k)
		}
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		check("task in full")
	}
}
