package ui

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/theme"
)

// testSession is one console built by New against the shared host,
// logged in, its commands run by a pump.
type testSession struct {
	name string
	m    *Model
	p    *pump
}

func newTestSession(t *testing.T, name, url string, profile termenv.Profile) *testSession {
	t.Helper()
	client, err := gateway.NewClient(gateway.Options{URL: url, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	answer := func(context.Context, int, []gateway.Prompt) ([]string, error) { return []string{"demo"}, nil }
	if _, err := client.Login(ctx, "operator", answer); err != nil {
		t.Fatalf("%s: login: %v", name, err)
	}
	m, err := New(Session{Ctx: ctx, Client: client, Renderer: testRenderer(profile), Theme: theme.Dark(),
		Keys: keymap.Default(), Now: func() time.Time { return testStart }, Width: 100, Height: 30,
		Gateway: "http://127.0.0.1:PORT/api", Demo: true, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	s := &testSession{name: name, m: m, p: newPump(t, m)}
	s.p.run(m.Init())
	s.p.send(loginDone("operator"))
	return s
}

// sgr is one escape sequence as the frames may hold it: CSI … m.
var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// checkAscii fails if frame holds any escape byte.
func checkAscii(t *testing.T, what, frame string) {
	t.Helper()
	if i := strings.IndexByte(frame, 0x1b); i >= 0 {
		t.Errorf("%s: the Ascii session's frame has an escape at byte %d (%q):\n%s",
			what, i, frame[i:min(len(frame), i+16)], frame)
	}
}

// check256 fails if frame has no SGR sequence, an escape that is not
// SGR, or a true-colour colour (38;2 or 48;2: what the theme's hex colours
// become on a TrueColor renderer). It returns how many 256-colour
// colours (38;5 or 48;5) the frame holds.
func check256(t *testing.T, what, frame string) int {
	t.Helper()
	seqs := sgr.FindAllStringSubmatchIndex(frame, -1)
	if len(seqs) == 0 {
		t.Errorf("%s: the 256-colour session's frame has no SGR:\n%s", what, frame)
	}
	if n := strings.Count(frame, "\x1b"); n != len(seqs) {
		t.Errorf("%s: %d escapes, only %d of them SGR:\n%q", what, n, len(seqs), frame)
	}
	colours := 0
	for _, loc := range seqs {
		params := strings.Split(frame[loc[2]:loc[3]], ";")
		for i := 0; i < len(params); i++ {
			switch params[i] {
			case "38", "48":
				if i+1 >= len(params) {
					t.Errorf("%s: truncated colour in %q", what, frame[loc[0]:loc[1]])
					break
				}
				switch params[i+1] {
				case "5":
					colours++
					i += 2
				default:
					t.Errorf("%s: colour form %s;%s in %q, want 256-colour (5) only", what, params[i], params[i+1], frame[loc[0]:loc[1]])
				}
			default:
				if n, err := strconv.Atoi(params[i]); params[i] != "" && (err != nil || n > 107) {
					t.Errorf("%s: unexpected SGR parameter %q in %q", what, params[i], frame[loc[0]:loc[1]])
				}
			}
		}
	}
	return colours
}

// checkSize fails if frame is not h lines of at most w cells.
func checkSize(t *testing.T, what, frame string, w, h int) {
	t.Helper()
	ls := strings.Split(frame, "\n")
	if len(ls) != h {
		t.Errorf("%s: %d lines, want %d", what, len(ls), h)
	}
	for i, l := range ls {
		if lipgloss.Width(l) > w {
			t.Errorf("%s: line %d is %d wide", what, i, lipgloss.Width(l))
		}
	}
}

// TestSessionsRenderWithTheirOwnProfiles runs two consoles in one process
// against one host, one on a 256-colour renderer and one on an Ascii
// renderer, and renders every pane and overlay of each, interleaved, so a
// style or cache shared between sessions would show in the other's frame.
// lipgloss's default renderer is made to colour (TestMain), so a style
// built on it would put escapes into the Ascii frames; a style from the
// wrong session would put 256-colour escapes there, or Ascii text into
// the 256-colour frames.
func TestSessionsRenderWithTheirOwnProfiles(t *testing.T) {
	if p := termenv.NewOutput(os.Stdout).EnvColorProfile(); p == termenv.Ascii {
		t.Fatal("lipgloss's default renderer would not colour: a style built on it would go unseen (TestMain sets CLICOLOR_FORCE)")
	}
	h := startHost(t)
	colour := newTestSession(t, "ANSI256", h.URL(), termenv.ANSI256)
	plain := newTestSession(t, "Ascii", h.URL(), termenv.Ascii)
	both := []*testSession{colour, plain}

	colours := 0
	check := func(what string) {
		t.Helper()
		// Render both sessions, then the first again: a cache filled by
		// the second would show in the first's second frame.
		frames := [3]string{colour.m.View(), plain.m.View(), colour.m.View()}
		colours += check256(t, what+" (256)", frames[0])
		checkAscii(t, what+" (ascii)", frames[1])
		check256(t, what+" (256, again)", frames[2])
		for _, f := range frames {
			checkSize(t, what, f, 100, 30)
		}
		if testing.Verbose() {
			t.Logf("%s:\n%s\n%s", what, frames[0], frames[1])
		}
	}
	// each sends msg to both sessions, one after the other, and feeds
	// each its replies until ready holds for it.
	each := func(msg tea.Msg, what string, ready func(*testSession) bool) {
		t.Helper()
		for _, s := range both {
			s.p.send(msg)
			s.p.until(s.name+": "+what, func() bool { return ready(s) })
		}
	}
	shows := func(text ...string) func(*testSession) bool {
		return func(s *testSession) bool {
			v := sgr.ReplaceAllString(s.m.View(), "")
			for _, w := range text {
				if !strings.Contains(v, w) {
					return false
				}
			}
			return true
		}
	}

	// loaded: pane i is shown and nothing on screen is still loading.
	loaded := func(i int) func(*testSession) bool {
		return func(s *testSession) bool {
			return s.m.active == i && !strings.Contains(sgr.ReplaceAllString(s.m.View(), ""), "loading")
		}
	}
	each(tea.WindowSizeMsg{Width: 100, Height: 30}, "configurations", loaded(paneConfigs))
	check("configurations")
	for _, i := range []int{1, 2, 3, 4, 5, 0} {
		key := strconv.Itoa(i + 1)
		each(keyMsg(key), "pane "+key, loaded(i))
		check("pane " + key)
	}
	each(keyMsg(":"), "palette", shows("type to filter"))
	check("palette")
	each(keyMsg("esc"), "palette closed", func(s *testSession) bool { return !s.m.palette.Open() })
	each(keyMsg("?"), "help", shows("ping agent"))
	check("help")
	each(keyMsg("esc"), "help closed", func(s *testSession) bool { return !s.m.showHelp })
	each(keyMsg("D"), "confirm", func(s *testSession) bool { return s.m.confirm != nil })
	check("confirm")
	each(keyMsg("esc"), "confirm closed", func(s *testSession) bool { return s.m.confirm == nil })
	check("after the overlays")
	if colours == 0 {
		t.Error("the 256-colour session showed no 256-colour colour at all")
	}
}
