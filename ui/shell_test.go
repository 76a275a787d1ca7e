package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/views/common"
	"dpconsole/views/login"
)

func loginDone(user string) login.DoneMsg { return login.DoneMsg{User: user} }

// endSession ends the console's session on the host, as expiry would.
// (Advancing the host's clock instead races with the panes' polls, which
// keep the session alive while the clock steps forward.)
func endSession(t *testing.T, h *mockhost.Running, c *common.Common) {
	t.Helper()
	if err := h.Auth().Sessions.Close("hostCloseSession", c.Client.Session()); err != nil {
		t.Fatal(err)
	}
}

// TestGoldenSessionExpiry: the host ends the session; the next refresh sends the console back to login
// with the reason, and after login the operator is on the same pane.
func TestGoldenSessionExpiry(t *testing.T) {
	h := startHost(t)
	m, c := testModel(t, h, nil)
	s := newScreen(t, m, 80, 24)
	s.wait("operator / demo")
	s.line("operator")
	s.wait("Password:")
	s.line("demo")
	s.wait("logged in as operator", "agent Active")
	s.typ("2")
	s.wait("[2 Tasks]")

	endSession(t, h, c)
	s.send(common.AgentChangedMsg{}) // refresh the header now
	s.wait("Your session expired or was closed")
	s.line("")
	s.wait("Password:")
	s.line("demo")
	s.wait("[2 Tasks]")
	view := s.final()
	if !strings.Contains(view, "[2 Tasks]") {
		t.Fatalf("after login again the console is not back on Tasks:\n%s", view)
	}
}

func TestGoldenExpiredLoginScreen(t *testing.T) {
	h := startHost(t)
	m, c := testModel(t, h, nil)
	s := newScreen(t, m, 80, 24)
	s.wait("operator / demo")
	s.line("operator")
	s.wait("Password:")
	s.line("demo")
	s.wait("logged in as operator", "agent Active")
	endSession(t, h, c)
	s.send(common.AgentChangedMsg{})
	s.wait("Your session expired or was closed")
	golden(t, s.final())
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	for i, w := range want {
		if got := backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %s, want %s", i+1, got, w)
		}
	}
}

// TestHeaderNotAnswering: transport failures back off and say so; an
// answer resets; replies of an old generation are dropped.
func TestHeaderNotAnswering(t *testing.T) {
	h := startHost(t)
	c := testCommon(t, h)
	var hd header
	hd.start(c)
	down := &gateway.TransportError{Function: "agentGetStatus", Err: errors.New("connection refused")}
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		cmd, ok := hd.update(c, statusMsg{gen: hd.gen, err: down})
		if !ok || cmd == nil || hd.retryIn != want || hd.failures != i+1 {
			t.Fatalf("failure %d: retry in %s (want %s), failures %d", i+1, hd.retryIn, want, hd.failures)
		}
	}
	c.Styles.Plain = true
	if v := hd.view(c, headerInfo{}, 80); !strings.Contains(v, "host not answering (retry in 4s)") {
		t.Fatalf("header while failing:\n%s", v)
	}
	old := hd.gen
	hd.start(c) // a new loop: the old one's replies must not count
	if cmd, _ := hd.update(c, statusMsg{gen: old, status: gateway.AgentStatus{Agent: "Stale"}}); cmd != nil || hd.status.Agent == "Stale" {
		t.Fatal("a stale reply was applied")
	}
	if cmd, _ := hd.update(c, headerTickMsg{gen: old}); cmd != nil {
		t.Fatal("a stale tick re-armed the loop")
	}
	hd.update(c, statusMsg{gen: hd.gen, status: gateway.AgentStatus{Agent: "Active", AppName: "DP"}})
	if hd.failures != 0 || hd.retryIn != 0 || hd.status.Agent != "Active" {
		t.Fatalf("an answer did not reset the backoff: %+v", hd)
	}
	// A refused session goes to the shell as ErrMsg and stops the loop.
	cmd, _ := hd.update(c, statusMsg{gen: hd.gen, err: &gateway.Error{Function: "agentGetStatus", Status: gateway.StatusDenied, Message: "session expired"}})
	if em, ok := cmd().(common.ErrMsg); !ok || !common.IsSessionError(em.Err) || hd.running {
		t.Fatal("a session error did not reach the shell")
	}
}

// fakePane is a minimal view for routing tests.
type fakePane struct {
	title   string
	got     []tea.Msg
	w, h    int
	capture bool // set by the key "c": the pane asks a question
}

func (p *fakePane) Init() tea.Cmd { return nil }
func (p *fakePane) Update(msg tea.Msg) (common.View, tea.Cmd) {
	p.got = append(p.got, msg)
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "c" {
		p.capture = true
	}
	return p, nil
}
func (p *fakePane) View() string              { return p.title + " pane" }
func (p *fakePane) SetSize(w, h int)          { p.w, p.h = w, h }
func (p *fakePane) ShortHelp() []key.Binding  { return nil }
func (p *fakePane) FullHelp() [][]key.Binding { return nil }
func (p *fakePane) Title() string             { return p.title }
func (p *fakePane) Capturing() bool           { return p.capture }

func fakePanes(c *common.Common) []common.View {
	var out []common.View
	for _, t := range []string{"Configurations", "Tasks", "Logs", "Shared", "Templates", "Host"} {
		out = append(out, &fakePane{title: t})
	}
	return out
}

func loggedIn(t *testing.T) *Model {
	h := startHost(t)
	m, _ := testModel(t, h, fakePanes)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(loginDone("operator"))
	return m
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func TestRouting(t *testing.T) {
	m := loggedIn(t)
	for _, p := range m.panes {
		if fp := p.(*fakePane); fp.w != 80 || fp.h <= 0 || fp.h >= 24 {
			t.Fatalf("pane %s sized %dx%d", fp.title, fp.w, fp.h)
		}
	}
	m.Update(keyMsg("3"))
	if m.active != paneLogs {
		t.Fatalf("3: active %d", m.active)
	}
	m.Update(keyMsg("shift+tab"))
	m.Update(keyMsg("shift+tab"))
	m.Update(keyMsg("shift+tab"))
	if m.active != paneHost {
		t.Fatalf("shift+tab wraps: active %d", m.active)
	}
	m.Update(keyMsg("1"))
	m.Update(common.OpenTasksMsg{Config: "production"})
	m.Update(common.OpenLogMsg{Config: "production", Task: "protect-inbox"})
	if m.active != paneLogs || len(m.stack) != 2 {
		t.Fatalf("drill down: active %d stack %v", m.active, m.stack)
	}
	if got := m.panes[paneTasks].(*fakePane).got; len(got) == 0 || got[len(got)-1] != (common.OpenTasksMsg{Config: "production"}) {
		t.Fatalf("the tasks pane did not get the request: %v", got)
	}
	m.Update(keyMsg("esc"))
	if m.active != paneTasks {
		t.Fatalf("esc: active %d", m.active)
	}
	m.Update(common.BackMsg{})
	if m.active != paneConfigs || len(m.stack) != 0 {
		t.Fatalf("back: active %d stack %v", m.active, m.stack)
	}
	// Keys go to the active pane only; sizes to all.
	m.Update(keyMsg("x"))
	if n := countKeys(m.panes[paneTasks].(*fakePane).got); n != 0 {
		t.Fatalf("an inactive pane got %d keys", n)
	}
	if n := countKeys(m.panes[paneConfigs].(*fakePane).got); n != 1 {
		t.Fatalf("the active pane got %d keys", n)
	}
}

func countKeys(msgs []tea.Msg) int {
	n := 0
	for _, msg := range msgs {
		if _, ok := msg.(tea.KeyMsg); ok {
			n++
		}
	}
	return n
}

func TestOverlaysFirst(t *testing.T) {
	m := loggedIn(t)
	m.Update(keyMsg("?"))
	if !m.showHelp || !strings.Contains(m.View(), "ping agent") {
		t.Fatalf("help overlay:\n%s", m.View())
	}
	if _, cmd := m.Update(keyMsg("q")); cmd != nil || m.showHelp {
		t.Fatal("q with help open should close help, not quit")
	}
	m.Update(keyMsg("D")) // disable asks first
	if m.confirm == nil {
		_, cmd := m.Update(keyMsg("D"))
		if cmd != nil {
			m.Update(cmd())
		}
	}
	if m.confirm == nil || m.confirm.Focused() {
		t.Fatal("disable did not open a dialog on Cancel")
	}
	if !strings.Contains(m.View(), "Disable the agent?") {
		t.Fatalf("dialog:\n%s", m.View())
	}
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter}); cmd != nil || m.confirm != nil {
		t.Fatal("Enter on the default button ran the action")
	}
	if _, cmd := m.Update(keyMsg("q")); cmd == nil {
		t.Fatal("q at the top level does not quit")
	}
}

func TestReadOnlyAgentRefused(t *testing.T) {
	m := loggedIn(t)
	m.c.ReadOnly = true
	m.Update(keyMsg("S"))
	if m.confirm != nil || !strings.Contains(m.flash, "read-only") {
		t.Fatalf("shutdown in read-only mode: flash %q", m.flash)
	}
}

func TestSessionErrorBackToLogin(t *testing.T) {
	m := loggedIn(t)
	m.Update(keyMsg("2"))
	m.Update(common.ErrMsg{Op: "list tasks", Err: &gateway.Error{Function: "configGetTasks", Status: gateway.StatusDenied, Message: "session expired"}})
	if m.loggedIn || !strings.Contains(m.View(), "session expired") {
		t.Fatalf("not back at login:\n%s", m.View())
	}
	m.Update(loginDone("operator"))
	if m.active != paneTasks {
		t.Fatalf("after login again: active %d", m.active)
	}
	// Other errors only flash.
	m.Update(common.ErrMsg{Op: "pause task", Err: context.DeadlineExceeded})
	if !m.loggedIn || !strings.Contains(m.flash, "pause task") {
		t.Fatalf("flash %q", m.flash)
	}
}

func TestNothingSizedBeforeWindowSize(t *testing.T) {
	h := startHost(t)
	m, _ := testModel(t, h, fakePanes)
	if v := m.View(); v != "" {
		t.Fatalf("rendered before the size was known: %q", v)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if n := strings.Count(m.View(), "\n") + 1; n != 24 {
		t.Fatalf("%d lines at 80x24", n)
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if n := strings.Count(m.View(), "\n") + 1; n != 40 {
		t.Fatalf("%d lines at 120x40", n)
	}
}

// q below the top level goes back like Esc (issue 4: q quits from the
// top level only), and the footer says which it does.
func TestQuitGoesBackFirst(t *testing.T) {
	m := loggedIn(t)
	m.Update(common.OpenTasksMsg{Config: "production"})
	m.Update(common.OpenLogMsg{Config: "production", Task: "protect-inbox"})
	if !strings.Contains(m.helpLine(), "q back") {
		t.Fatalf("footer below the top: %q", m.helpLine())
	}
	if _, cmd := m.Update(keyMsg("q")); m.active != paneTasks || len(m.stack) != 1 || isQuit(cmd) {
		t.Fatalf("q in a drilled-down log: active %d stack %v quit %v", m.active, m.stack, isQuit(cmd))
	}
	if _, cmd := m.Update(keyMsg("q")); m.active != paneConfigs || len(m.stack) != 0 || isQuit(cmd) {
		t.Fatalf("second q: active %d stack %v", m.active, m.stack)
	}
	if !strings.Contains(m.helpLine(), "q quit") {
		t.Fatalf("footer at the top: %q", m.helpLine())
	}
	if _, cmd := m.Update(keyMsg("q")); !isQuit(cmd) {
		t.Fatal("q at the top level does not quit")
	}
}

// isQuit reports whether cmd (possibly a batch) asks Bubble Tea to quit.
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if isQuit(c) {
				return true
			}
		}
	}
	return false
}

// A question opening in a pane clears the footer's old message, so it is
// not read as part of the question; a message during the question shows.
func TestFlashClearedWhenAsking(t *testing.T) {
	m := loggedIn(t)
	m.Update(common.FlashMsg{Text: "saved 52 entries to /tmp/x.log"})
	if !strings.Contains(m.View(), "saved 52 entries") {
		t.Fatalf("flash not shown:\n%s", m.View())
	}
	m.Update(keyMsg("c"))
	if strings.Contains(m.View(), "saved 52 entries") {
		t.Fatalf("old flash under the question:\n%s", m.View())
	}
	m.Update(common.FlashMsg{Text: "no such file", Error: true})
	if !strings.Contains(m.View(), "no such file") {
		t.Fatalf("a flash during the question is hidden:\n%s", m.View())
	}
}
