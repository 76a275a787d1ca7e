package login

import (
	"bytes"
	"errors"
	"regexp"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dpconsole/gateway"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

const waitFor = 10 * time.Second

func TestMain(m *testing.M) { panetest.Main(m) }

func newCommon(t *testing.T) *common.Common { return panetest.Dial(t) }

func newLogin(c *common.Common) *Model {
	return New(c, Options{Gateway: "http://127.0.0.1:PORT/api", Demo: true, Keys: c.Keys.Form})
}

// harness runs the login screen alone and says when a session was granted.
type harness struct {
	m    *Model
	done string
}

func (h *harness) Init() tea.Cmd { return h.m.Init() }

func (h *harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case DoneMsg:
		h.done = msg.User
		return h, nil
	case tea.WindowSizeMsg:
		h.m.SetSize(msg.Width, msg.Height-1) // one line for the harness's own
		return h, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			return h, tea.Quit
		}
	}
	_, cmd := h.m.Update(msg)
	return h, cmd
}

func (h *harness) View() string {
	status := "waiting for login"
	if h.done != "" {
		status = "logged in as " + h.done
	}
	return status + "\n" + h.m.View()
}

type screen struct {
	t    *testing.T
	tm   *teatest.TestModel
	buf  []byte
	mark int
}

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

func (s *screen) line(text string) {
	s.mark = len(s.buf)
	s.tm.Type(text)
	s.tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
}

var trailing = regexp.MustCompile(`[ \t]+\n`)

func (s *screen) golden() {
	s.t.Helper()
	s.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	view := s.tm.FinalModel(s.t, teatest.WithFinalTimeout(waitFor)).View()
	teatest.RequireEqualOutput(s.t, []byte(trailing.ReplaceAllString(view+"\n", "\n")))
}

func start(t *testing.T) (*screen, *harness) {
	h := &harness{m: newLogin(newCommon(t))}
	return &screen{t: t, tm: teatest.NewTestModel(t, h, teatest.WithInitialTermSize(80, 24))}, h
}

func TestGoldenOneRound(t *testing.T) {
	s, _ := start(t)
	s.wait("operator / demo")
	s.line("operator")
	s.wait("Password:")
	s.line("demo")
	s.wait("logged in as operator")
	s.golden()
}

func TestGoldenTwoRounds(t *testing.T) {
	s, h := start(t)
	s.wait("operator / demo")
	s.line("admin")
	s.wait("Password:")
	s.line("demo")
	s.wait("One-time code:")
	s.golden() // the second round, the password round shown as answered
	if h.done != "" {
		t.Fatal("logged in before the one-time code was given")
	}
}

func TestTwoRoundsLogIn(t *testing.T) {
	s, h := start(t)
	s.wait("operator / demo")
	s.line("admin")
	s.wait("Password:")
	s.line("demo")
	s.wait("One-time code:")
	s.line("424242")
	s.wait("logged in as admin")
	s.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	s.tm.WaitFinished(t, teatest.WithFinalTimeout(waitFor))
	if h.done != "admin" || h.m.c.Client.Session() == "" {
		t.Fatalf("done=%q session set=%v", h.done, h.m.c.Client.Session() != "")
	}
}

func TestGoldenDenied(t *testing.T) {
	s, _ := start(t)
	s.wait("operator / demo")
	s.line("operator")
	s.wait("Password:")
	s.line("wrong")
	s.wait("Enter to try")
	s.golden()
}

// run executes cmd and feeds its messages back, as Bubble Tea would,
// skipping the spinner and cursor ticks that only animate.
func run(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	for _, msg := range panetest.Collect(cmd) {
		if _, ok := msg.(roundMsg); ok {
			_, next := m.Update(msg)
			run(t, m, next)
		}
	}
}

func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func enter(t *testing.T, m *Model) {
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	run(t, m, cmd)
}

func TestRoundsDirect(t *testing.T) {
	c := newCommon(t)
	m := newLogin(c)
	m.Init()
	typeText(m, "admin")
	enter(t, m)
	if m.state != stateAnswer || len(m.prompts) != 1 || m.prompts[0].Text != "Password:" {
		t.Fatalf("round 1: state %v prompts %+v", m.state, m.prompts)
	}
	if m.inputs[0].EchoMode != 1 { // textinput.EchoPassword
		t.Fatal("the answer is not masked")
	}
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlR})
	if m.inputs[0].EchoMode != 0 {
		t.Fatal("ctrl+r does not reveal the answer")
	}
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlR})
	typeText(m, "demo")
	enter(t, m)
	if m.state != stateAnswer || m.prompts[0].Text != "One-time code:" || len(m.answers) != 1 {
		t.Fatalf("round 2: state %v prompts %+v answers %d", m.state, m.prompts, len(m.answers))
	}
	typeText(m, "424242")
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	var done bool
	for _, msg := range panetest.Collect(cmd) {
		if rm, ok := msg.(roundMsg); ok {
			_, next := m.Update(rm)
			for _, d := range panetest.Collect(next) {
				if dm, ok := d.(DoneMsg); ok && dm.User == "admin" {
					done = true
				}
			}
		}
	}
	if !done || c.Client.Session() == "" {
		t.Fatalf("no session after both rounds (done=%v)", done)
	}
	if len(m.answers) != 0 || len(m.inputs) != 0 {
		t.Fatal("answers kept after login")
	}
}

func TestDeniedThenRetry(t *testing.T) {
	c := newCommon(t)
	m := newLogin(c)
	m.Init()
	typeText(m, "operator")
	enter(t, m)
	typeText(m, "nope")
	enter(t, m)
	if m.state != stateFailed || len(m.answers) != 0 {
		t.Fatalf("after a wrong password: state %v, %d answers kept", m.state, len(m.answers))
	}
	enter(t, m) // Enter tries again from the first round
	if m.state != stateAnswer || m.prompts[0].Text != "Password:" {
		t.Fatalf("retry: state %v prompts %+v", m.state, m.prompts)
	}
}

func TestStaleReplyDropped(t *testing.T) {
	c := newCommon(t)
	m := newLogin(c)
	m.Init()
	typeText(m, "operator")
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if m.state != stateWaiting {
		t.Fatalf("state %v, want waiting", m.state)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyEsc}) // cancel while waiting
	if m.state != stateUser {
		t.Fatalf("esc while waiting: state %v", m.state)
	}
	for _, msg := range panetest.Collect(cmd) {
		m.Update(msg)
	}
	if m.state != stateUser || len(m.prompts) != 0 {
		t.Fatalf("a cancelled round's reply was applied: state %v prompts %+v", m.state, m.prompts)
	}
	// A reply with an old id never applies either.
	m.Update(roundMsg{call: 0, err: errors.New("old")})
	if m.state != stateUser {
		t.Fatal("stale reply applied")
	}
}

func TestTransportErrorRetries(t *testing.T) {
	c := newCommon(t)
	bad, err := gateway.NewClient(gateway.Options{URL: "http://127.0.0.1:1/api", Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c.Client = bad
	m := newLogin(c)
	m.Init()
	typeText(m, "operator")
	enter(t, m)
	if m.state != stateFailed || m.retry == nil {
		t.Fatalf("state %v, retry %v", m.state, m.retry != nil)
	}
	if !bytes.Contains([]byte(m.View()), []byte("cannot reach the gateway")) {
		t.Fatalf("the error is not shown:\n%s", m.View())
	}
}
