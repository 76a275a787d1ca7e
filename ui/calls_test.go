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
	"dpconsole/testkit"
	"dpconsole/views/common"
)

// pump runs a model's commands the way Bubble Tea does (each in its own
// goroutine) while Update stays on the test's goroutine: step feeds the
// replies back one at a time, so a test decides how far the console runs.
type pump struct {
	t    *testing.T
	m    *Model
	msgs chan tea.Msg
	done chan struct{}
}

func newPump(t *testing.T, m *Model) *pump {
	p := &pump{t: t, m: m, msgs: make(chan tea.Msg), done: make(chan struct{})}
	t.Cleanup(func() { close(p.done) })
	return p
}

// run starts cmd; its message (or each of a batch's) arrives on msgs.
func (p *pump) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				p.run(c)
			}
			return
		}
		if msg == nil {
			return
		}
		select {
		case p.msgs <- msg:
		case <-p.done:
		}
	}()
}

// send updates the model with msg and starts what it returns.
func (p *pump) send(msg tea.Msg) {
	_, cmd := p.m.Update(msg)
	p.run(cmd)
}

// step feeds the next n replies to the model.
func (p *pump) step(n int) {
	p.t.Helper()
	for range n {
		select {
		case msg := <-p.msgs:
			p.send(msg)
		case <-time.After(waitFor):
			p.t.Fatalf("no reply within %s", waitFor)
		}
	}
}

// until feeds replies until cond holds.
func (p *pump) until(what string, cond func() bool) {
	p.t.Helper()
	deadline := time.Now().Add(waitFor)
	for !cond() {
		if time.Now().After(deadline) {
			p.t.Fatalf("%s: not reached within %s", what, waitFor)
		}
		p.step(1)
	}
}

// TestHungHostNeverBlocksTyping: with a host that never answers, the
// footer shows a spinner with the call's name, keys still work, Esc
// cancels the call instead of going back, and the pane says it was
// cancelled; the header's background refresh is left alone.
func TestHungHostNeverBlocksTyping(t *testing.T) {
	client, err := gateway.NewClient(gateway.Options{URL: testkit.HungHost(t), Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c := sessionCommon(t, ctx, client)
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "http://127.0.0.1:PORT/api", demo: true, version: "test"})
	p := newPump(t, m)
	p.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	p.send(loginDone("operator"))
	if !strings.Contains(m.View(), "loading configurations… (esc cancels)") {
		t.Fatalf("no spinner while the configurations load:\n%s", m.View())
	}

	// Typing works while the host hangs: switch pane, drill down, use the palette.
	p.send(keyMsg("1"))
	p.send(common.OpenTasksMsg{Config: "production"})
	if m.active != paneTasks || !strings.Contains(m.View(), "loading tasks… (esc cancels)") {
		t.Fatalf("drilling into tasks while the host hangs:\n%s", m.View())
	}
	p.send(keyMsg(":"))
	for _, r := range "ping" {
		p.send(keyMsg(string(r)))
	}
	if !m.palette.Open() || !strings.Contains(m.View(), "agentPing") {
		t.Fatalf("the palette did not filter while the host hangs:\n%s", m.View())
	}
	p.send(keyMsg("esc")) // closes the palette; the call goes on
	if op, _ := c.Calls.Busy(); op != "loading tasks" {
		t.Fatalf("busy %q after closing the palette", op)
	}

	p.send(keyMsg("esc"))
	if m.active != paneTasks || len(m.stack) != 1 {
		t.Fatalf("esc while busy went back: active %d stack %v", m.active, m.stack)
	}
	if op, _ := c.Calls.Busy(); op != "" || m.flash != "cancelled" {
		t.Fatalf("esc did not cancel: busy %q, flash %q", op, m.flash)
	}
	if c.Calls.Pending() == 0 {
		t.Fatal("esc cancelled the header's background refresh too")
	}
	if strings.Contains(m.View(), "esc cancels") {
		t.Fatalf("the spinner still shows:\n%s", m.View())
	}
	p.until("the tasks pane shows the cancellation", func() bool {
		return strings.Contains(m.View(), "loading cancelled — press r to try again")
	})

	p.send(keyMsg("esc")) // nothing in flight now: back to Configurations
	if m.active != paneConfigs {
		t.Fatalf("esc with nothing in flight: active %d", m.active)
	}
}

// countingHost is the mock host behind a proxy that counts the
// taskGetStatus requests it passes on.
func countingHost(t *testing.T) (url string, taskStatus *atomic.Int64, c *common.Common) {
	h := startHost(t)
	var n atomic.Int64
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if bytes.Contains(body, []byte("taskGetStatus")) {
			n.Add(1)
		}
		resp, err := http.Post(h.URL(), r.Header.Get("Content-Type"), bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(proxy.Close)
	client, err := gateway.NewClient(gateway.Options{URL: proxy.URL, Timeout: 5 * time.Second})
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
	c = sessionCommon(t, ctx, client)
	c.TaskRefresh = time.Nanosecond
	c.Now = func() time.Time { return testStart }
	return proxy.URL, &n, c
}

// TestHiddenTasksPaneStopsPolling: the tasks pane polls only while shown:
// not at start (Configurations is shown), not after switching away, and
// again after switching back.
func TestHiddenTasksPaneStopsPolling(t *testing.T) {
	_, calls, c := countingHost(t)
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "test", version: "test"})
	p := newPump(t, m)
	p.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	p.send(loginDone("operator"))
	p.step(60) // the configurations list refreshes all the while
	if n := calls.Load(); n != 0 {
		t.Fatalf("the hidden tasks pane made %d taskGetStatus calls", n)
	}

	p.send(keyMsg("2"))
	p.until("the tasks pane polls", func() bool { return calls.Load() >= 12 }) // two rounds of 6 tasks
	p.send(keyMsg("1"))
	p.step(60) // the fetch cancelled by leaving ends; its reply is dropped
	before := calls.Load()
	p.step(60)
	if after := calls.Load(); after != before {
		t.Fatalf("the hidden tasks pane kept polling: %d taskGetStatus calls, then %d", before, after)
	}

	p.send(keyMsg("2"))
	p.until("polling resumes", func() bool { return calls.Load() >= before+12 })
}

// escPane is a fake pane that wants Esc while it has something open.
type escPane struct {
	fakePane
	open bool
}

func (p *escPane) ConsumesEsc() bool { return p.open }
func (p *escPane) Update(msg tea.Msg) (common.View, tea.Cmd) {
	p.got = append(p.got, msg)
	return p, nil
}

func TestEscGoesToAPaneThatConsumesIt(t *testing.T) {
	h := startHost(t)
	logs := &escPane{fakePane: fakePane{title: "Logs"}, open: true}
	m, _ := testModel(t, h, func(c *common.Common) []common.View {
		panes := fakePanes(c)
		panes[paneLogs] = logs
		return panes
	})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(loginDone("operator"))
	m.Update(common.OpenLogMsg{Task: ""})
	m.Update(keyMsg("esc"))
	if m.active != paneLogs || countKeys(logs.got) != 1 {
		t.Fatalf("esc with a search open: active %d, the pane got %d keys", m.active, countKeys(logs.got))
	}
	logs.open = false
	m.Update(keyMsg("esc"))
	if m.active != paneConfigs || countKeys(logs.got) != 1 {
		t.Fatalf("esc with nothing open: active %d, the pane got %d keys", m.active, countKeys(logs.got))
	}
}

func TestLatency(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "<1ms", 300 * time.Microsecond: "<1ms", 3 * time.Millisecond: "3ms", 999 * time.Millisecond: "999ms",
		999700 * time.Microsecond: "1.0s", 1200 * time.Millisecond: "1.2s",
	} {
		if got := latency(d); got != want {
			t.Errorf("latency(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestExpiryTextDropsProtocolAdvice(t *testing.T) {
	for msg, want := range map[string]string{
		"session was closed: log in again with hostOpenSession":               "host said: session was closed)",
		"session expired after 15m0s idle: log in again with hostOpenSession": "host said: session expired after 15m0s idle)",
		"call HOSTOPENSESSION":   "host said: session refused)",
		"token revoked by admin": "host said: token revoked by admin)",
	} {
		got := expiryText(&gateway.Error{Function: "agentGetStatus", Status: gateway.StatusDenied, Message: msg})
		if !strings.Contains(got, want) || strings.Contains(strings.ToLower(got), "hostopensession") {
			t.Errorf("%q: %q", msg, got)
		}
	}
}
