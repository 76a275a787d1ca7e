package ui

import (
	"runtime"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
)

// TestHugeWindowIsBounded: an SSH client chooses its window size (a
// uint32 each way). A frame must stay bounded whatever it asks, or one
// session can exhaust the server's memory for every session.
func TestHugeWindowIsBounded(t *testing.T) {
	h := startHost(t)
	client, err := gateway.NewClient(gateway.Options{URL: h.URL(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c := sessionCommon(t, t.Context(), client)
	m, p := consoleOn(t, c)
	p.loginAdmin(80, 24)
	p.send(keyMsg("1"))
	p.settle()
	for _, sz := range [][2]int{{1000, 1000}, {4000, 4000}} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		p.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		frame := m.View()
		runtime.ReadMemStats(&after)
		t.Logf("%dx%d: frame %d bytes, %d MB allocated, %s", sz[0], sz[1], len(frame), (after.TotalAlloc-before.TotalAlloc)>>20, time.Since(start))
		if len(frame) > 4<<20 {
			t.Errorf("%dx%d: a frame of %d MB", sz[0], sz[1], len(frame)>>20)
		}
	}
}
