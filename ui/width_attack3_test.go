package ui

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
)

// widePayload is host text that is safe to print but hard to measure:
// wide CJK, combining marks, zero-width joiners, emoji sequences and a
// very long run without spaces.
var widePayload = "名前漢字表示テスト" + strings.Repeat("e\u0301", 5) + "\u200b\u200d👩‍👩‍👧🇩🇪" + strings.Repeat("W", 300)

// wideHost is hostileHost with widePayload in place of the escapes.
func wideHost(t *testing.T, h *mockhost.Running, add string) string {
	t.Helper()
	lim := gateway.DefaultLimits()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		req, err := gateway.UnmarshalRequest(body, lim)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for i := range req.Args {
			req.Args[i].Value = bytes.ReplaceAll(req.Args[i].Value, []byte(add), nil)
		}
		out, _ := req.Marshal()
		resp, err := http.Post(h.URL(), "application/xml", bytes.NewReader(out))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		answer, err := gateway.UnmarshalResponse(data, lim)
		if err != nil {
			w.Write(data)
			return
		}
		answer.Message += add
		fn, _ := gateway.Lookup(req.Function)
		for i, res := range answer.Results {
			switch {
			case req.Function == "hostOpenSession" && answer.Status == gateway.StatusOK:
				continue
			case i < len(fn.Results) && fn.Results[i].Kind == gateway.KindBinary:
				continue
			case bytes.HasPrefix(bytes.TrimSpace(res.Value), []byte("<")):
				answer.Results[i].Value = append([]byte("<!-- "+add+" -->\n"), res.Value...)
			default:
				answer.Results[i].Value = append(append([]byte{}, res.Value...), add...)
			}
		}
		data, _ = answer.Marshal()
		w.Header().Set("Content-Type", "application/xml")
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestWideHostTextKeepsTheLayout drives the console through a host whose
// every text is wide, combining or very long: no line of any frame may be
// wider than the terminal, and the frame no taller.
func TestWideHostTextKeepsTheLayout(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {40, 12}} {
		W, H := size[0], size[1]
		h := startHost(t)
		client, err := gateway.NewClient(gateway.Options{URL: wideHost(t, h, widePayload), Timeout: 5e9})
		if err != nil {
			t.Fatal(err)
		}
		c := sessionCommon(t, t.Context(), client)
		m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "http://127.0.0.1:PORT/api", version: "test"})
		p := newPump(t, m)
		check := func(step string) {
			t.Helper()
			p.settle()
			frame := m.View()
			lines := strings.Split(frame, "\n")
			if len(lines) > H {
				t.Errorf("%dx%d %s: %d lines in a frame of %d:\n%s", W, H, step, len(lines), H, frame)
			}
			for i, l := range lines {
				if w := lipgloss.Width(l); w > W {
					t.Errorf("%dx%d %s: line %d is %d wide:\n%s", W, H, step, i, w, l)
				}
			}
		}
		p.run(m.Init())
		p.send(tea.WindowSizeMsg{Width: W, Height: H})
		check("login screen")
		p.typ("admin")
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		check("login round 1")
		p.typ("demo")
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		check("login round 2")
		p.typ("424242")
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		p.until("logged in", func() bool { return m.loggedIn })
		check("after login")
		for _, k := range []string{"1", "j", "2", "3", "4", "5", "6"} {
			p.send(keyMsg(k))
			check("pane key " + k)
		}
		p.send(keyMsg("2"))
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		check("task detail")
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		check("task log")
		p.send(keyMsg("1"))
		p.send(keyMsg("j"))
		p.send(keyMsg("d"))
		check("confirm dialog")
		p.send(tea.KeyMsg{Type: tea.KeyEsc})
		p.send(keyMsg("?"))
		check("help")
		p.send(tea.KeyMsg{Type: tea.KeyEsc})
		p.send(keyMsg(":"))
		p.typ("agentGetStatus")
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		check("palette result")
		p.send(tea.KeyMsg{Type: tea.KeyEsc})
		p.send(tea.KeyMsg{Type: tea.KeyEsc})
	}
}
