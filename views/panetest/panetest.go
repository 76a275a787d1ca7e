// Package panetest is test support for the console's panes: it starts the
// embedded mock host on loopback with demo data, a fake clock and a fixed
// random seed (so the demo tasks' runs are reproducible), logs in,
// builds the Common a pane gets from the shell (plain ASCII styles, fixed
// clock), and runs a pane's commands synchronously for direct Update
// tests. Only tests import it.
package panetest

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/gateway/mockhost/clock"
	"dpconsole/keymap"
	"dpconsole/theme"
	"dpconsole/views/common"
)

// Epoch is the fake clock's start: the demo data's "now".
var Epoch = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

// RandSeed seeds the mock host's execution durations and simulated
// failures, so what the fake clock makes happen is the same on every run.
const RandSeed = 20261129

// Env is a running mock host, a logged-in client and the pane context.
type Env struct {
	Host   *mockhost.Running
	Clock  *clock.FakeClock
	Common *common.Common
}

// Start runs the mock host with demo data, logs in as operator and
// returns the environment; everything is closed when the test ends.
func Start(tb testing.TB) *Env {
	tb.Helper()
	clk := clock.NewFake(Epoch)
	host, err := mockhost.Start(mockhost.Config{Clock: clk, DataDir: tb.TempDir(), Stderr: io.Discard,
		RandSeed: RandSeed})
	if err != nil {
		tb.Fatalf("starting the mock host: %v", err)
	}
	tb.Cleanup(func() { host.Close() })
	cl, err := gateway.NewClient(gateway.Options{URL: host.URL(), Timeout: 10 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	Login(tb, ctx, cl)
	return &Env{Host: host, Clock: clk, Common: NewCommon(ctx, cl, clk.Now)}
}

// Run lets the demo tasks run for d of fake time, a second at a time as a
// real clock would, so executions start and finish, fail and log, before
// a test looks. The host's scheduler fires its timers within Advance, so
// it has done all of it when Run returns.
func (e *Env) Run(d time.Duration) {
	for ; d > 0; d -= time.Second {
		e.Clock.Advance(min(d, time.Second))
	}
}

// NewCommon builds a pane context with plain ASCII styles, the default
// keys, times in UTC and the given clock.
func NewCommon(ctx context.Context, cl *gateway.Client, now func() time.Time) *common.Common {
	th := theme.Dark()
	return &common.Common{Ctx: ctx, Client: cl, Styles: AsciiStyles(), Keys: keymap.Default(),
		Theme: th, Now: now, UTC: true, TaskRefresh: time.Hour, LogRefresh: time.Hour, Calls: common.NewCalls(ctx, now)}
}

// Runner feeds a view its own replies synchronously and keeps what it
// sends to the shell (flashes, errors, confirms, navigation).
type Runner struct {
	tb   testing.TB
	View common.View
	// Drop says which messages not to feed back (poll ticks, so a drain
	// ends); nil feeds everything.
	Drop func(tea.Msg) bool
	// Out holds the messages meant for the shell, in order.
	Out []tea.Msg
	// Wait bounds one command; a command still running then (a long
	// tea.Tick) is abandoned.
	Wait time.Duration

	answered int // Out before this index holds dialogs already answered
	// Common, when set, has its Input counted for each key sent.
	Common *common.Common
}

// NewRunner wraps v.
func NewRunner(tb testing.TB, v common.View) *Runner {
	return &Runner{tb: tb, View: v, Wait: 10 * time.Second}
}

// Key sends a key by its name ("enter", "esc", "down", or runes such as
// "n") and drains what follows.
func (r *Runner) Key(k string) {
	r.tb.Helper()
	r.Send(KeyMsg(k))
}

// Type sends each rune of s as a key press.
func (r *Runner) Type(s string) {
	r.tb.Helper()
	for _, c := range s {
		r.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}})
	}
}

// KeyMsg builds the tea.KeyMsg for a key name.
func KeyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEscape}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// Send updates the view with msg and drains the commands that follow.
// A key is counted as input, as the console's root counts it.
func (r *Runner) Send(msg tea.Msg) {
	r.tb.Helper()
	if _, ok := msg.(tea.KeyMsg); ok && r.Common != nil {
		r.Common.Input++
	}
	v, cmd := r.View.Update(msg)
	r.View = v
	r.Run(cmd)
}

// Run executes cmd and everything it leads to. Messages for the shell
// are kept in Out; a ConfirmMsg is kept and not confirmed (see Confirm).
func (r *Runner) Run(cmd tea.Cmd) {
	r.tb.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg, ok := r.exec(c)
		if !ok {
			continue
		}
		switch msg := msg.(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
			continue
		case tea.QuitMsg:
			continue
		case common.FlashMsg, common.ErrMsg, common.ConfirmMsg, common.OpenLogMsg, common.OpenTasksMsg,
			common.BackMsg, common.AgentChangedMsg:
			r.Out = append(r.Out, msg)
			continue
		}
		if msg == nil || (r.Drop != nil && r.Drop(msg)) {
			continue
		}
		if _, isCfg := msg.(common.ConfigSelectedMsg); isCfg {
			r.Out = append(r.Out, msg)
		}
		v, next := r.View.Update(msg)
		r.View = v
		queue = append(queue, next)
	}
}

func (r *Runner) exec(c tea.Cmd) (tea.Msg, bool) {
	done := make(chan tea.Msg, 1)
	go func() { done <- c() }()
	t := time.NewTimer(r.Wait)
	defer t.Stop()
	select {
	case msg := <-done:
		return msg, true
	case <-t.C:
		return nil, false
	}
}

// Confirm runs the OnConfirm of the last ConfirmMsg in Out, as if the
// operator chose the action, and returns the dialog.
func (r *Runner) Confirm() common.ConfirmMsg {
	r.tb.Helper()
	for i := len(r.Out) - 1; i >= r.answered; i-- {
		if c, ok := r.Out[i].(common.ConfirmMsg); ok {
			r.answered = i + 1 // the next Confirm answers a newer dialog
			r.Run(c.OnConfirm)
			return c
		}
	}
	r.tb.Fatalf("no confirm dialog was asked for; sent: %#v", r.Out)
	return common.ConfirmMsg{}
}

// Dialog returns the last ConfirmMsg in Out without answering it.
func (r *Runner) Dialog() common.ConfirmMsg {
	r.tb.Helper()
	for i := len(r.Out) - 1; i >= r.answered; i-- {
		if c, ok := r.Out[i].(common.ConfirmMsg); ok {
			return c
		}
	}
	r.tb.Fatalf("no new confirm dialog was asked for; sent: %#v", r.Out)
	return common.ConfirmMsg{}
}

// Answer answers the last dialog with its other choice ("Edit again") or
// with Cancel, as the operator would, and returns it.
func (r *Runner) Answer(other bool) common.ConfirmMsg {
	r.tb.Helper()
	c := r.Dialog()
	r.answered = len(r.Out)
	if other {
		r.Run(c.OnOther)
	} else {
		r.Run(c.OnCancel)
	}
	return c
}

// Flashes returns the texts of the flashes and errors sent so far, errors
// prefixed "ERROR ".
func (r *Runner) Flashes() []string {
	var out []string
	for _, m := range r.Out {
		switch m := m.(type) {
		case common.FlashMsg:
			if m.Error {
				out = append(out, "ERROR "+m.Text)
			} else {
				out = append(out, m.Text)
			}
		case common.ErrMsg:
			out = append(out, "ERROR "+m.Op+": "+m.Err.Error())
		}
	}
	return out
}

// Reset forgets the messages sent so far.
func (r *Runner) Reset() { r.Out, r.answered = nil, 0 }

// RequireReadOnly presses each key on a read-only console and requires
// that each is refused with one "read-only mode" flash and opens no
// prompt.
func (r *Runner) RequireReadOnly(keys ...string) {
	r.tb.Helper()
	for _, k := range keys {
		r.Reset()
		r.Key(k)
		if f := r.Flashes(); len(f) != 1 || !strings.Contains(f[0], "read-only mode") || r.View.Capturing() {
			r.tb.Errorf("key %s in read-only mode: flashes %v, prompt open %v", k, f, r.View.Capturing())
		}
	}
}

// Collect runs cmd (and its batches) and returns the messages that arrive
// within two seconds each; timers never fire in time and are dropped.
func Collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		if b, ok := msg.(tea.BatchMsg); ok {
			var out []tea.Msg
			for _, c := range b {
				out = append(out, Collect(c)...)
			}
			return out
		}
		return []tea.Msg{msg}
	case <-time.After(2 * time.Second):
		return nil // a timer
	}
}

// Main runs a pane package's tests. It sets no colour profile: each test
// Common has its own Ascii renderer (AsciiStyles). Instead it makes
// lipgloss's default renderer colour (CLICOLOR_FORCE), so a style built on
// it, which an SSH server would share between sessions, shows up as escape
// codes in a golden or an assertion. Call it from TestMain.
func Main(m *testing.M) {
	os.Unsetenv("NO_COLOR")
	os.Setenv("CLICOLOR_FORCE", "1")
	os.Exit(m.Run())
}

// Renderer is a test session's renderer with profile p on a dark
// background. The profile is set on the renderer itself, since lipgloss
// takes it from the environment, not from termenv.WithProfile.
func Renderer(p termenv.Profile) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(p))
	r.SetColorProfile(p)
	r.SetHasDarkBackground(true)
	return r
}

// AsciiStyles are the dark theme's styles on a fresh Ascii renderer: what
// the goldens are captured with.
func AsciiStyles() *theme.Styles { return theme.NewStyles(Renderer(termenv.Ascii), theme.Dark()) }

// Open starts the mock host (Start), builds a pane with build, sizes it
// 100x30 and runs its Init through a Runner. drop, when not nil, is what
// the Runner must not feed back (poll ticks, so a drain ends); build may
// set the Common first (a fast poll interval).
func Open[V common.View](t testing.TB, build func(*common.Common) V, drop func(tea.Msg) bool) (*Env, V, *Runner) {
	t.Helper()
	env := Start(t)
	v := build(env.Common)
	v.SetSize(100, 30)
	r := NewRunner(t, v)
	r.Drop = drop
	r.Common = env.Common
	r.Run(v.Init())
	return env, v, r
}

// Dial starts a mock host with demo data on loopback (its clock stopped
// at Epoch) and returns a Common for it that is not logged in, with plain
// ASCII styles and timed by the wall clock: what the login and palette
// tests drive.
func Dial(tb testing.TB) *common.Common {
	tb.Helper()
	h, err := mockhost.Start(mockhost.Config{Clock: clock.NewFake(Epoch), Stderr: io.Discard})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { h.Close() })
	client, err := gateway.NewClient(gateway.Options{URL: h.URL(), Timeout: 5 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	return &common.Common{Ctx: ctx, Client: client, Styles: AsciiStyles(),
		Keys: keymap.Default(), Now: time.Now, Calls: common.NewCalls(ctx, time.Now)}
}

// Login logs cl in as operator with the demo answer.
func Login(tb testing.TB, ctx context.Context, cl *gateway.Client) {
	tb.Helper()
	answer := func(context.Context, int, []gateway.Prompt) ([]string, error) { return []string{"demo"}, nil }
	if _, err := cl.Login(ctx, "operator", answer); err != nil {
		tb.Fatalf("login: %v", err)
	}
}

// HelpDescs maps each key of a pane's full help to what the help says it
// does.
func HelpDescs(groups [][]key.Binding) map[string]string {
	help := map[string]string{}
	for _, group := range groups {
		for _, b := range group {
			help[b.Help().Key] = b.Help().Desc
		}
	}
	return help
}

// RequireHelpHides requires that no enabled binding of a pane's short or
// full help answers one of keys: in read-only mode the key map's
// mutating bindings are disabled, and footers built from the pane's
// bindings (renamed ones included) must leave them out.
func RequireHelpHides(tb testing.TB, short []key.Binding, full [][]key.Binding, keys ...string) {
	tb.Helper()
	all := append([][]key.Binding{short}, full...)
	for _, group := range all {
		for _, b := range group {
			if !b.Enabled() {
				continue
			}
			for _, k := range b.Keys() {
				for _, hidden := range keys {
					if k == hidden {
						tb.Errorf("help offers %q (%s), which should be hidden", k, b.Help().Desc)
					}
				}
			}
		}
	}
}
