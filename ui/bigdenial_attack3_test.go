package ui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
)

// TestHugeLoginDenial: any host the gateway URL points at (no login
// needed) can refuse the login with a message of megabytes, with spaces
// or without. The login screen wraps it in View; a frame must not cost in
// proportion to it.
func TestHugeLoginDenial(t *testing.T) {
	for _, tc := range []struct {
		name, word string
		big        int
	}{
		{"4 MiB of words", "locked out ", 4 << 20},
		{"256 KiB without a space", "lockedout", 256 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			allocs := map[int]float64{}
			for _, n := range []int{100, tc.big} {
				msg := "Denied: " + strings.Repeat(tc.word, n/len(tc.word))
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
				m, p := consoleOn(t, sessionCommon(t, t.Context(), client))
				p.send(tea.WindowSizeMsg{Width: 80, Height: 24})
				p.settle()
				p.typ("admin")
				p.send(tea.KeyMsg{Type: tea.KeyEnter})
				first := strings.TrimSpace(tc.word)[:6]
				p.until("the denial shows", func() bool { return strings.Contains(m.View(), first) })
				allocs[n] = testing.AllocsPerRun(2, func() { _ = m.View() })
			}
			if allocs[tc.big] > 3*allocs[100]+1000 {
				t.Errorf("a login screen with a %d-byte denial allocates %.0f times a frame, with a short one %.0f", tc.big, allocs[tc.big], allocs[100])
			}
		})
	}
}
