package sshserve

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
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
	"dpconsole/theme"
	"dpconsole/ui"
)

// countWriter counts what a local program writes to its terminal.
type countWriter struct{ n atomic.Int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n.Add(int64(len(p))); return len(p), nil }

var paneNames = []string{"configurations", "tasks", "logs", "shared", "templates", "host"}

// TestMeasure prints the figures: output bytes per second per
// session, idle on each pane and while tailing a busy log, over SSH and on
// a local terminal; memory per session at 20 sessions; connect to first
// console frame after a two-round login. It takes about a minute, so it
// runs only with DPCONSOLE_MEASURE=1.
func TestMeasure(t *testing.T) {
	if os.Getenv("DPCONSOLE_MEASURE") == "" {
		t.Skip("set DPCONSOLE_MEASURE=1 to measure")
	}
	const settle, window = 2 * time.Second, 5 * time.Second
	hostClock := clock.NewFake(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	host := startHost(t, mockhost.Config{Clock: hostClock, RandSeed: 1})
	s := testServer(t, host, nil)

	// Connect to first console frame.
	var total time.Duration
	const logins = 5
	for i := 0; i < logins; i++ {
		start := time.Now()
		tm, _ := loginAdmin(t, s, "xterm-256color", 120, 40, nil)
		tm.waitText("logged in as admin")
		total += time.Since(start)
		tm.sess.Close()
	}
	fmt.Printf("connect to first console frame (two-round login, loopback): %s mean of %d\n", total/logins, logins)

	// Idle, per pane, over SSH and locally.
	tm, _ := loginAdmin(t, s, "xterm-256color", 120, 40, nil)
	tm.waitText("logged in as admin")
	local := startLocal(t, host)
	for i, name := range paneNames {
		key := fmt.Sprint(i + 1)
		tm.send(key)
		local.prog.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(key)})
		time.Sleep(settle)
		sshRate, localRate := rates(tm, local.out, window, nil)
		fmt.Printf("idle on %-14s ssh %7.1f B/s   local %7.1f B/s\n", name, sshRate, localRate)
	}

	// Tailing a busy log: the host's clock runs a minute every 20 ms, so
	// tasks execute and the agent log grows all the time.
	tm.send("3")
	local.prog.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("3")})
	time.Sleep(settle)
	busy := func(stop <-chan struct{}) {
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				hostClock.Advance(time.Minute)
			}
		}
	}
	sshRate, localRate := rates(tm, local.out, window, busy)
	fmt.Printf("tailing a busy log       ssh %7.1f B/s   local %7.1f B/s\n", sshRate, localRate)

	// Memory per session at 20 sessions (server and test client in one
	// process: an upper bound for the server's share).
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	terms := make([]*term, 20)
	for i := range terms {
		terms[i], _ = loginAdmin(t, s, "xterm-256color", 120, 40, nil)
	}
	for _, tm := range terms {
		tm.waitText("logged in as admin")
	}
	time.Sleep(settle)
	runtime.GC()
	runtime.ReadMemStats(&after)
	fmt.Printf("memory per session at 20 sessions: %.0f KiB heap (server and client sides)\n",
		float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/20/1024)
}

// rates measures bytes per second over window on the SSH terminal and the
// local one, with load running meanwhile when given.
func rates(tm *term, local *countWriter, window time.Duration, load func(stop <-chan struct{})) (float64, float64) {
	stop := make(chan struct{})
	if load != nil {
		go load(stop)
	}
	raw, _ := tm.output()
	s0, l0 := len(raw), local.n.Load()
	time.Sleep(window)
	raw, _ = tm.output()
	s1, l1 := len(raw), local.n.Load()
	close(stop)
	sec := window.Seconds()
	return float64(s1-s0) / sec, float64(l1-l0) / sec
}

type localConsole struct {
	prog *tea.Program
	out  *countWriter
}

// startLocal runs a console as the local terminal does, logged in as
// admin, writing to a counter.
func startLocal(t *testing.T, host *mockhost.Running) *localConsole {
	t.Helper()
	client, err := gateway.NewClient(gateway.Options{URL: host.URL()})
	if err != nil {
		t.Fatal(err)
	}
	answers := []string{"demo", "424242"}
	if _, err := client.Login(context.Background(), "admin", func(_ context.Context, round int, _ []gateway.Prompt) ([]string, error) {
		return []string{answers[round-1]}, nil
	}); err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.ANSI256))
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(true)
	th, _ := theme.ByName("dark")
	m, err := ui.New(ui.Session{Client: client, Renderer: r, Width: 120, Height: 40, Keys: keymap.Default(), Theme: th, LoggedInAs: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	out := &countWriter{}
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(out), tea.WithAltScreen(), tea.WithoutSignalHandler())
	go p.Run()
	t.Cleanup(func() { p.Kill(); m.Close(context.Background()) })
	return &localConsole{prog: p, out: out}
}
