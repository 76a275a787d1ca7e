package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// TestResizeStormWithABigWrappedLog: a 100,000-entry log with long lines,
// wrapped, and a window-change storm (an SSH client dragging its window).
// A resize must cost about one screenful, not the whole log.
func TestResizeStormWithABigWrappedLog(t *testing.T) {
	h := startHost(t)
	var log hostdoc.TaskLog
	log.Config, log.Task = "production", "protect-inbox"
	long := strings.Repeat("protected /data/inbox/file-with-a-long-name.bin ", 6)
	for i := range 100000 {
		log.Entries = append(log.Entries, hostdoc.Entry{Time: testStart.Add(time.Duration(i) * time.Second), Level: "info", Text: long})
	}
	logDoc := hostdoc.MarshalTaskLog(&log)
	url := answeringProxy(t, h, func(req *gateway.Request) *gateway.Response {
		if req.Function == "taskGetLog" {
			return &gateway.Response{Status: gateway.StatusOK, Message: "OK", Results: []gateway.Arg{{Value: logDoc}}}
		}
		return nil
	})
	client, err := gateway.NewClient(gateway.Options{URL: url, Timeout: 60 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c := sessionCommon(t, t.Context(), client)
	m, p := consoleOn(t, c)
	p.loginAdmin(120, 40)
	p.send(keyMsg("2"))
	p.settle()
	p.send(tea.KeyMsg{Type: tea.KeyEnter})
	p.settle()
	p.send(tea.KeyMsg{Type: tea.KeyEnter})
	p.until("the log shows", func() bool { return strings.Contains(m.View(), "file-with-a-long-name") })
	p.settle()
	if m.active != paneLogs {
		t.Fatalf("not in the Logs pane:\n%s", m.View())
	}
	p.send(keyMsg("w"))
	p.settle()
	start := time.Now()
	allocs := testing.AllocsPerRun(10, func() {
		p.send(tea.WindowSizeMsg{Width: 80 + int(time.Now().UnixNano()%40), Height: 40})
		_ = m.View()
	})
	t.Logf("resize + frame: %.0f allocs, %s each", allocs, time.Since(start)/11)
	if allocs > 200000 {
		t.Errorf("a resize with a wrapped 100,000-entry log allocates %.0f times", allocs)
	}
}
