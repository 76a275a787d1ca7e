package ui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dpconsole/gateway"

	tea "github.com/charmbracelet/bubbletea"
)

// TestSpacelessLoginDenial: any host the gateway URL points at (no login
// needed) can refuse the login with a message of megabytes. The login
// screen wraps it in View; a frame must not cost in proportion to it.
func TestSpacelessLoginDenial(t *testing.T) {
	allocs := map[int]float64{}
	for _, n := range []int{100, 256 << 10} {
		msg := "Denied: " + strings.Repeat("lockedout", n/9)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			out, _ := (&gateway.Response{Status: gateway.StatusDenied, Message: msg}).Marshal()
			w.Header().Set("Content-Type", "application/xml")
			w.Write(out)
		}))
		t.Cleanup(srv.Close)
		client, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		c := sessionCommon(t, t.Context(), client)
		m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "http://127.0.0.1:PORT/api", version: "test"})
		p := newPump(t, m)
		p.run(m.Init())
		p.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		p.settle()
		p.typ("admin")
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		p.until("the denial shows", func() bool { return strings.Contains(m.View(), "lockedout") })
		start := time.Now()
		allocs[n] = testing.AllocsPerRun(1, func() { _ = m.View() })
		t.Logf("denial of %d bytes: %.0f allocs per frame, %s", len(msg), allocs[n], time.Since(start)/3)
	}
	if allocs[256<<10] > 3*allocs[100]+1000 {
		t.Errorf("a login screen with a 256 KiB spaceless denial allocates %.0f times a frame, with a short one %.0f", allocs[256<<10], allocs[100])
	}
}
