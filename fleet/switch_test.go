package fleet

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dpconsole/views/common"
)

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
	}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

func (s *screen) send(msg tea.Msg) { s.mark = len(s.buf); s.tm.Send(msg) }
func (s *screen) typ(text string)  { s.mark = len(s.buf); s.tm.Type(text) }
func (s *screen) line(text string) {
	s.typ(text)
	s.tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
}

// since is what was drawn since the last key.
func (s *screen) since() string { return string(s.buf[s.mark:]) }

// TestFleetSwitchKeepsSessions: the first Enter on a gateway asks its
// login; back on the fleet (0) and into another host (a kept session: no
// login), then back again: the first host's session is the same and no
// login is asked. Read-only applies to its own gateway only; Close ends
// the session the console opened and leaves the kept one.
func TestFleetSwitchKeepsSessions(t *testing.T) {
	hosts := fiveHosts(t, 500*time.Millisecond)
	o := testOptions(hosts, &fakeTick{})
	o.Session.Width, o.Session.Height = 0, 0
	o.Session.Now = func() time.Time { return testStart } // the step clock would age the login
	m, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	s := &screen{t: t, tm: teatest.NewTestModel(t, m, teatest.WithInitialTermSize(140, 30))}
	s.wait("fleet", "alpha", "echo", "Errors")

	s.send(common.GatewayMsg{Name: "alpha"})
	s.wait("User")
	s.line("operator")
	s.wait("Password")
	s.line("demo")
	s.wait("logged in as operator", "alpha")
	alpha := hosts[0].Client
	first := alpha.Session()
	if first == "" {
		t.Fatal("alpha holds no session after its login")
	}

	s.typ("0")
	s.wait("fleet ·", "delta")
	s.send(common.GatewayMsg{Name: "delta"})
	s.wait("logged in as operator", "delta", "production")
	if strings.Contains(s.since(), "Password") {
		t.Fatal("delta's kept session asked a login")
	}

	s.typ("0")
	s.wait("fleet ·")
	s.send(common.GatewayMsg{Name: "alpha"})
	s.wait("alpha", "production")
	if got := s.since(); strings.Contains(got, "Password") || strings.Contains(got, "User") {
		t.Fatalf("returning to alpha asked a login:\n%s", got)
	}
	if alpha.Session() != first {
		t.Fatal("alpha's session changed")
	}
	// alpha is not read-only: D asks to disable its agent.
	s.typ("D")
	s.wait("Disable")
	s.send(tea.KeyMsg{Type: tea.KeyEsc})

	// echo is read-only: S is refused there. :gateway switches directly.
	s.typ(":")
	s.wait("gateway")
	s.line("gateway echo")
	s.wait("agent Disabled") // echo's, not alpha's
	s.typ("S")               // shut the agent down: refused, saying why
	s.wait("gateway echo is read_only in the config file")

	s.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	fm := s.tm.FinalModel(t, teatest.WithFinalTimeout(15*time.Second)).(*Model)
	if fm.Console("bravo") != nil {
		t.Error("bravo's console was built without being opened")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := fm.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if alpha.Session() != "" {
		t.Error("alpha's session was not closed")
	}
	if _, err := hosts[3].Client.AgentGetStatus(ctx); err != nil {
		t.Errorf("delta's kept session was closed: %v", err)
	}
}
