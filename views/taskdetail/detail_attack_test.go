package taskdetail

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/views/panetest"
)

// slowLogHost forwards to the mock host, but answers taskGetLog only after
// delay: a task whose log is big, on a slow link.
func slowLogHost(t *testing.T, env *panetest.Env, delay time.Duration) *gateway.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if req, err := gateway.UnmarshalRequest(body, gateway.DefaultLimits()); err == nil && req.Function == "taskGetLog" {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		resp, err := http.Post(env.Host.URL(), "application/xml", bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(srv.Close)
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	panetest.Login(t, env.Common.Ctx, cl)
	return cl
}

// Opening a task whose log is slow to read: the definition, status and
// counts are read in the same command as the log, so nothing of the task
// shows ("reading the task…") until the whole log has arrived — up to the
// call timeout (30 s) for a big log, and again after every action
// (Refresh reads the log again too).
func TestAttackSlowLogHoldsTheWholeDetail(t *testing.T) {
	env := panetest.Start(t)
	env.Run(time.Minute)
	env.Common.Client = slowLogHost(t, env, 4*time.Second)
	m := New(env.Common, "production", "sync-reports")
	m.SetSize(100, 30)
	cmd := m.Init()
	msgs := make(chan tea.Msg, 16)
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		msg := c()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				go run(c)
			}
			return
		}
		msgs <- msg
	}
	go run(cmd)
	deadline := time.After(2 * time.Second)
	for {
		select {
		case msg := <-msgs:
			m.Update(msg)
			if strings.Contains(m.View(), "schedule") {
				return // the definition shows while the log is still on its way
			}
		case <-deadline:
			t.Fatalf("2 s after opening, with only the log slow, the detail still shows:\n%s", m.View())
		}
	}
}
