package fleet

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/gateway/mockhost/clock"
	"dpconsole/keymap"
	"dpconsole/msgroute"
	"dpconsole/theme"
	"dpconsole/ui"
)

var testStart = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	os.Unsetenv("NO_COLOR")
	os.Exit(m.Run())
}

func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

// startMock runs a seeded mock host on loopback with a fake clock (its
// tasks run only when the test advances it).
func startMock(t testing.TB, cfg mockhost.Config) (*mockhost.Running, *clock.FakeClock) {
	t.Helper()
	fc := clock.NewFake(testStart)
	cfg.Clock, cfg.Stderr = fc, io.Discard
	h, err := mockhost.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h, fc
}

func newClient(t testing.TB, url string, timeout time.Duration) *gateway.Client {
	t.Helper()
	c, err := gateway.NewClient(gateway.Options{URL: url, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func login(t testing.TB, c *gateway.Client) {
	t.Helper()
	if _, err := c.Login(context.Background(), "operator", func(context.Context, int, []gateway.Prompt) ([]string, error) {
		return []string{"demo"}, nil
	}); err != nil {
		t.Fatal(err)
	}
}

// hung is a gateway that accepts and never answers, until the test ends.
func hung(t testing.TB) string {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv.URL + "/api"
}

// fiveHosts is the test fleet: alpha well, bravo stopped, charlie hung
// (hungTimeout), delta with tasks in error, echo disabled and read-only.
// delta and echo hold kept sessions; alpha has none.
func fiveHosts(t *testing.T, hungTimeout time.Duration) []Host {
	t.Helper()
	alpha, _ := startMock(t, mockhost.Config{})
	bravo, _ := startMock(t, mockhost.Config{})
	bravoURL := bravo.URL()
	bravo.Close()
	delta, dclock := startMock(t, mockhost.Config{})
	echo, _ := startMock(t, mockhost.Config{})

	dc := newClient(t, delta.URL(), 5*time.Second)
	login(t, dc)
	dclock.Advance(20 * time.Second) // export-partners' ID is missing: it fails every run
	if st, err := dc.AgentGetStatus(context.Background()); err != nil || st.TaskStatus != "Errors" {
		t.Fatalf("delta: %+v %v", st, err)
	}
	ec := newClient(t, echo.URL(), 5*time.Second)
	login(t, ec)
	if err := ec.AgentAlter(context.Background(), "Disable"); err != nil {
		t.Fatal(err)
	}
	return []Host{
		{Name: "alpha", URL: alpha.URL(), Client: newClient(t, alpha.URL(), 5*time.Second)},
		{Name: "bravo", URL: bravoURL, Client: newClient(t, bravoURL, 5*time.Second)},
		{Name: "charlie", URL: hung(t), Timeout: hungTimeout},
		{Name: "delta", URL: delta.URL(), Client: dc, KeptUser: "operator"},
		{Name: "echo", URL: echo.URL(), Client: ec, KeptUser: "operator", ReadOnly: true},
	}
}

// fakeTick records the rounds armed; the test fires them.
type fakeTick struct{ armed atomic.Int64 }

func (f *fakeTick) tick(time.Duration, func(time.Time) tea.Msg) tea.Cmd {
	f.armed.Add(1)
	return nil
}

// stepClock is a clock that moves one second per reading, so each
// result's time tells the rounds apart.
func stepClock() func() time.Time {
	var n atomic.Int64
	return func() time.Time { return testStart.Add(time.Duration(n.Add(1)) * time.Second) }
}

func testOptions(hosts []Host, ft *fakeTick) Options {
	for i := range hosts {
		if hosts[i].Client == nil {
			c, _ := gateway.NewClient(gateway.Options{URL: hosts[i].URL, Timeout: time.Minute})
			hosts[i].Client = c
		}
	}
	return Options{Hosts: hosts, Concurrency: 2, Tick: ft.tick, Session: ui.Session{
		Renderer: asciiRenderer(), Theme: theme.Dark(), Keys: keymap.Default(), Now: stepClock(),
		Width: 140, Height: 30, Version: "test"}}
}

// runner runs a model's commands as the runtime would, each in its own
// goroutine, and feeds their messages back on the test's goroutine.
type runner struct {
	t    *testing.T
	m    tea.Model
	msgs chan tea.Msg
}

func newRunner(t *testing.T, m tea.Model) *runner {
	r := &runner{t: t, m: m, msgs: make(chan tea.Msg, 10000)}
	r.exec(m.Init())
	return r
}

func (r *runner) exec(cmd tea.Cmd) {
	if cmd != nil {
		go func() { r.feed(cmd()) }()
	}
}

func (r *runner) feed(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			r.exec(c)
		}
	default:
		if cmds, ok := msgroute.Sequence(msg); ok {
			for _, c := range cmds {
				if c != nil {
					r.feed(c())
				}
			}
			return
		}
		r.msgs <- msg
	}
}

// send updates the model with msg and runs what it returns.
func (r *runner) send(msg tea.Msg) {
	_, cmd := r.m.Update(msg)
	r.exec(cmd)
}

// until processes messages until cond holds; it fails after 15 s.
func (r *runner) until(what string, cond func() bool) {
	r.t.Helper()
	deadline := time.After(15 * time.Second)
	for !cond() {
		select {
		case msg := <-r.msgs:
			r.send(msg)
		case <-deadline:
			r.t.Fatalf("timed out waiting for %s", what)
		}
	}
}
