package ui

import (
	"bytes"
	"context"
	"io"
	"os"
	"regexp"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/gateway/mockhost/clock"
	"dpconsole/keymap"
	"dpconsole/theme"
	"dpconsole/views/common"
)

// testStart is the fixed time the fake clocks start at.
var testStart = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

// waitFor bounds every teatest.WaitFor: long enough for a slow CI box,
// short enough that a broken test fails fast.
const waitFor = 10 * time.Second

// TestMain arms a canary instead of setting a colour profile: each test
// session renders with its own renderer (asciiRenderer), and lipgloss's
// default renderer is made to colour (CLICOLOR_FORCE), so a style built on
// it shows up as escape codes in an Ascii golden or frame.
func TestMain(m *testing.M) {
	os.Unsetenv("NO_COLOR")
	os.Setenv("CLICOLOR_FORCE", "1")
	os.Exit(m.Run())
}

// startHost runs the embedded mock host on loopback with a fake clock, so
// its tasks only run when the test advances time.
func startHost(t *testing.T) *mockhost.Running {
	t.Helper()
	h, err := mockhost.Start(mockhost.Config{Clock: clock.NewFake(testStart), Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// testCommon is the views' context against host, with a fixed clock.
func testCommon(t *testing.T, h *mockhost.Running) *common.Common {
	t.Helper()
	client, err := gateway.NewClient(gateway.Options{URL: h.URL(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return sessionCommon(t, ctx, client)
}

// asciiRenderer renders without colour, as the goldens expect.
func asciiRenderer() *lipgloss.Renderer { return testRenderer(termenv.Ascii) }

// testRenderer is one test session's renderer with profile p on a dark
// background. The profile is set on the renderer itself: lipgloss reads
// the environment (CLICOLOR_FORCE, NO_COLOR), not termenv.WithProfile.
func testRenderer(p termenv.Profile) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(p))
	r.SetColorProfile(p)
	r.SetHasDarkBackground(true)
	return r
}

// sessionCommon is one session's views' context: client, the Ascii
// renderer, the dark theme, the default keys and a fixed clock.
func sessionCommon(t *testing.T, ctx context.Context, client *gateway.Client) *common.Common {
	t.Helper()
	c, err := newCommon(Session{Ctx: ctx, Client: client, Renderer: asciiRenderer(), Theme: theme.Dark(),
		Keys: keymap.Default(), Now: func() time.Time { return testStart }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testModel is the root model with the real panes; the gateway is shown
// without its port so goldens do not change between runs.
func testModel(t *testing.T, h *mockhost.Running, panes func(*common.Common) []common.View) (*Model, *common.Common) {
	t.Helper()
	c := testCommon(t, h)
	if panes == nil {
		panes = newPanes
	}
	m := newModel(modelConfig{common: c, panes: panes(c), gateway: "http://127.0.0.1:PORT/api", demo: true, version: "test"})
	return m, c
}

// screen follows a program's output. Each wait looks only at what was
// written since the last key sent, so text left over from an earlier
// screen cannot satisfy it, and nothing read is ever lost between waits.
type screen struct {
	t    *testing.T
	tm   *teatest.TestModel
	buf  []byte
	mark int
}

func newScreen(t *testing.T, m tea.Model, w, h int) *screen {
	return &screen{t: t, tm: teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))}
}

// wait blocks until everything in want was written since the last key.
func (s *screen) wait(want ...string) {
	s.t.Helper()
	teatest.WaitFor(s.t, s.tm.Output(), func(b []byte) bool {
		s.buf = append(s.buf, b...)
		for _, w := range want {
			if !bytes.Contains(s.buf[s.mark:], []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(waitFor), teatest.WithCheckInterval(5*time.Millisecond))
}

// read collects output into buf; WaitFor hands over each chunk once.
func (s *screen) key(k tea.KeyType) {
	s.mark = len(s.buf)
	s.tm.Send(tea.KeyMsg{Type: k})
}

func (s *screen) typ(text string) {
	s.mark = len(s.buf)
	s.tm.Type(text)
}

func (s *screen) line(text string) {
	s.typ(text)
	s.tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
}

// send delivers a message without moving the mark.
func (s *screen) send(msg tea.Msg) { s.tm.Send(msg) }

// final quits the program and returns the model's last screen.
func (s *screen) final() string {
	s.t.Helper()
	s.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	return s.tm.FinalModel(s.t, teatest.WithFinalTimeout(waitFor)).View()
}

var trailing = regexp.MustCompile(`[ \t]+\n`)

// golden compares a screen with testdata/<test>.golden (refresh with
// -update); trailing spaces are dropped so editors do not break goldens.
func golden(t *testing.T, screen string) {
	t.Helper()
	teatest.RequireEqualOutput(t, []byte(trailing.ReplaceAllString(screen+"\n", "\n")))
}
