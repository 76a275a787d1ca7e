package fleet

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway/mockhost"
	"dpconsole/msgroute"
	"dpconsole/views/common"
)

// notGateway is a web server that is not a gateway: every path is 404.
func notGateway(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	return srv.URL + "/api"
}

// downURL is a loopback URL nothing listens on.
func downURL(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL + "/api"
	srv.Close()
	return u
}

var esc = tea.KeyMsg{Type: tea.KeyEsc}

// TestLoginThatCannotCompleteLeadsBackToTheFleet: a gateway that is down
// (its user given, so the login starts at once and fails) or answers 404
// is no dead end: Esc goes back to the user name, and Esc there to the
// Fleet pane, as the login's footer says; the console is kept.
func TestLoginThatCannotCompleteLeadsBackToTheFleet(t *testing.T) {
	hosts := []Host{{Name: "down", URL: downURL(t), User: "operator"}, {Name: "web", URL: notGateway(t)}}
	m, err := New(testOptions(hosts, &fakeTick{}))
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, m)
	r.send(common.GatewayMsg{Name: "down"})
	r.until("the failed login", func() bool { return strings.Contains(m.View(), "cannot reach the gateway") })
	r.send(esc)
	r.until("the user name", func() bool { return strings.Contains(m.View(), "esc back to the fleet") })
	r.send(esc)
	r.until("the Fleet pane", func() bool { return m.Active() == "" })
	if !strings.Contains(m.View(), "fleet ·") {
		t.Fatalf("not on the Fleet pane:\n%s", m.View())
	}
	if m.Console("down") == nil {
		t.Error("the console was dropped")
	}

	r.send(common.GatewayMsg{Name: "web"})
	r.until("web's login", func() bool { return m.Active() == "web" && strings.Contains(m.View(), "User") })
	r.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("admin")})
	r.send(tea.KeyMsg{Type: tea.KeyEnter})
	r.until("the 404", func() bool { return strings.Contains(m.View(), "HTTP 404") })
	r.send(esc)
	r.send(esc)
	r.until("the Fleet pane", func() bool { return m.Active() == "" })
}

// TestQGoesBackToTheFleetWhichQuits: q at a console's top goes back to
// the Fleet pane (its footer says q quits there), and q there quits once
// no console holds unsaved work.
func TestQGoesBackToTheFleetWhichQuits(t *testing.T) {
	h, _ := startMock(t, mockhost.Config{})
	c := newClient(t, h.URL(), 5*time.Second)
	login(t, c)
	hosts := []Host{{Name: "alpha", URL: h.URL(), Client: c, KeptUser: "operator"}, {Name: "web", URL: notGateway(t)}}
	m, err := New(testOptions(hosts, &fakeTick{}))
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, m)
	r.send(common.GatewayMsg{Name: "alpha"})
	r.until("alpha's console", func() bool { return strings.Contains(m.View(), "production") })
	r.send(runes("q"))
	r.until("the Fleet pane", func() bool { return m.Active() == "" })
	if v := m.View(); !strings.Contains(v, "q quit") {
		t.Errorf("the Fleet pane's footer does not say q quits:\n%s", v)
	}
	_, cmd := m.Update(runes("q"))
	msg := cmd()
	if rp, ok := msg.(msgroute.Reply[string]); ok {
		msg = rp.Msg
	}
	_, cmd = m.Update(msg)
	if cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q on the Fleet pane does not quit")
	}
}
