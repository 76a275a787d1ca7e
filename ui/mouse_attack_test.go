package ui

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
)

// markerHost stands in front of the mock host and appends *inject to every
// text result it sends (names, statuses, log entries, documents), and takes
// it out of what the console sends back.
func markerHost(t *testing.T, inject *atomic.Value) string {
	t.Helper()
	h := startHost(t)
	lim := gateway.DefaultLimits()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req, err := gateway.UnmarshalRequest(body, lim)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		p, _ := inject.Load().(string)
		for i := range req.Args {
			if p != "" {
				req.Args[i].Value = bytes.ReplaceAll(req.Args[i].Value, []byte(p), nil)
			}
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
		if err != nil || p == "" {
			w.Write(data)
			return
		}
		answer.Message += p
		fn, _ := gateway.Lookup(req.Function)
		for i, res := range answer.Results {
			switch {
			case req.Function == "hostOpenSession":
				continue
			case i < len(fn.Results) && fn.Results[i].Kind == gateway.KindBinary:
				continue
			case bytes.HasPrefix(bytes.TrimSpace(res.Value), []byte("<")):
				// In a document, where it shows: in a log entry's text, a
				// task's name attribute would break the XML.
				answer.Results[i].Value = bytes.ReplaceAll(res.Value, []byte("</Entry>"), []byte(p+"</Entry>"))
			default:
				answer.Results[i].Value = append(append([]byte{}, res.Value...), p...)
			}
		}
		data, _ = answer.Marshal()
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// A host whose texts carry bubblezone's own markers, the very marker of
// the Configs tab's zone, around a word: the views must show them as
// text (^[[Nz), so the mouse's Scan (which runs before the frame filter)
// never takes them for a zone, and a click on the host's word does not
// switch tabs.
func TestAttackHostTextCannotForgeClickZones(t *testing.T) {
	var inject atomic.Value
	inject.Store("")
	client, err := gateway.NewClient(gateway.Options{URL: markerHost(t, &inject), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if _, err := client.Login(ctx, "operator", func(context.Context, int, []gateway.Prompt) ([]string, error) {
		return []string{"demo"}, nil
	}); err != nil {
		t.Fatal(err)
	}
	c := sessionCommon(t, ctx, client)
	c.Mouse = mouse.New()
	t.Cleanup(c.Mouse.Close)
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "test", version: "test"})
	p := newPump(t, m)
	p.send(tea.WindowSizeMsg{Width: 140, Height: 40})
	p.send(loginDone("operator"))
	p.settle()
	mousetest.Settle(t, c.Mouse, m.View)
	// The marker the Configs tab (pane 0) is drawn with.
	marked := c.Mouse.Mark(m.tabZone(0), "x")
	gid := marked[:strings.Index(marked, "x")]
	inject.Store(gid + "FORGED" + gid)

	shown := 0
	for _, step := range []struct{ what, key string }{{"configs", "1"}, {"tasks", "2"}, {"a task in full", "enter"}, {"its log", "enter"}} {
		if step.key == "enter" {
			p.send(tea.KeyMsg{Type: tea.KeyEnter})
		} else {
			p.send(keyMsg(step.key))
		}
		p.send(keyMsg("r"))
		p.settle()
		raw := m.rawView()
		if strings.Contains(raw, gid+"FORGED") {
			t.Fatalf("%s: the host's marker reached the frame raw (Scan would take it for a zone):\n%q", step.what, raw)
		}
		frame := mousetest.Settle(t, c.Mouse, m.View)
		if !strings.Contains(frame, "FORGED") {
			continue // the host's text is not on this screen
		}
		shown++
		t.Logf("%s: shown as %q", step.what, frame[max(0, strings.Index(frame, "FORGED")-12):strings.Index(frame, "FORGED")+6])
		if !strings.Contains(frame, "^[[") {
			t.Fatalf("%s: the host's marker is not shown as text:\n%s", step.what, frame)
		}
		before := m.active
		x, y := at(t, frame, "FORGED")
		m.Update(mousetest.Click(x+1, y))
		if m.active != before && m.active == 0 {
			t.Fatalf("%s: a click on the host's text switched to the Configs tab", step.what)
		}
	}
	if shown == 0 {
		t.Fatal("the host's text was on no screen: the test tested nothing")
	}
}
