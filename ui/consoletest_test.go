package ui

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/views/common"
)

// answeringProxy is a host that gives answer's response to the calls it
// returns one for, and passes every other call on to the mock host h: the
// mock host's login and data, with a hostile answer where a test wants it.
func answeringProxy(t *testing.T, h *mockhost.Running, answer func(*gateway.Request) *gateway.Response) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if req, err := gateway.UnmarshalRequest(body, gateway.DefaultLimits()); err == nil {
			if resp := answer(req); resp != nil {
				out, _ := resp.Marshal()
				w.Header().Set("Content-Type", "application/xml")
				w.Write(out)
				return
			}
		}
		resp, err := http.Post(h.URL(), "application/xml", bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		w.Header().Set("Content-Type", "application/xml")
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// consoleOn is the whole console on c, with its six panes, and a pump to
// drive it; Init has run.
func consoleOn(t *testing.T, c *common.Common) (*Model, *pump) {
	t.Helper()
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "http://127.0.0.1:PORT/api", version: "test"})
	p := newPump(t, m)
	p.run(m.Init())
	return m, p
}

// loginAdmin logs the console in at width x height as the mock host's admin
// (admin / demo, then the one-time code 424242).
func (p *pump) loginAdmin(width, height int) {
	p.t.Helper()
	p.send(tea.WindowSizeMsg{Width: width, Height: height})
	p.settle()
	for _, s := range []string{"admin", "demo", "424242"} {
		p.typ(s)
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		p.settle()
	}
	p.until("logged in", func() bool { return p.m.loggedIn })
}
