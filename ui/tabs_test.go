package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
	"dpconsole/views/common"
)

// TestTabsFitAt80: after drilling down, the tab line shows every tab and
// where Esc goes back to, shortening the hint and then the titles rather
// than cutting them off at the edge.
func TestTabsFitAt80(t *testing.T) {
	m := loggedIn(t)
	m.Update(common.OpenTasksMsg{Config: "production"})
	m.Update(common.OpenLogMsg{Config: "production", Task: "protect-inbox"})
	for _, w := range []int{120, 100, 80, 70} {
		m.width = w
		line := m.tabsView()
		if lipgloss.Width(line) > w || !strings.Contains(line, "6 Host") || w >= 80 && !strings.Contains(line, "esc") || strings.HasSuffix(line, "…") {
			t.Fatalf("width %d: tab line %q", w, line)
		}
		if w >= 100 && !strings.Contains(line, "(esc: back to Tasks)") {
			t.Fatalf("width %d: the full hint fits but is shortened: %q", w, line)
		}
	}
}

// TestHeaderDropsUserWhenLoggedOut: once the session ended, the header
// no longer names the user of the ended session.
func TestHeaderDropsUserWhenLoggedOut(t *testing.T) {
	m := loggedIn(t)
	if !strings.Contains(m.headerView(), "user operator") {
		t.Fatalf("logged in, the header lacks the user:\n%s", m.headerView())
	}
	m.loggedIn = false
	m.header.stop(m.c)
	m.header.sessionEnded()
	if v := m.headerView(); strings.Contains(v, "operator") || !strings.Contains(v, "not logged in") {
		t.Fatalf("logged out header:\n%s", v)
	}
}

// The header keeps the gateway's scheme at every width it can: the path
// goes first, then the application name is cut.
func TestHeaderKeepsScheme(t *testing.T) {
	h := startHost(t)
	c := testCommon(t, h)
	c.Styles.Plain = true
	var hd header
	hd.start(c)
	st := gateway.AgentStatus{Agent: "Active", AppName: "Sertainty Data Protector", AppVersion: "3.4.0",
		Config: "production", ConfigStatus: "Active", TaskStatus: "Normal"}
	hd.update(c, statusMsg{gen: hd.gen, status: st})
	info := headerInfo{gateway: "https://dp.example.com:8443/dataprotector/api", user: "operator"}
	for _, w := range []int{120, 90, 80, 60} {
		v := hd.view(c, info, w)
		if !strings.Contains(v, "https://dp.example.com:8443") || !strings.Contains(v, "user operator") {
			t.Errorf("at %d the gateway lost its scheme or the user went:\n%s", w, v)
		}
		checkFits(t, v, w, 2)
	}
	if v := hd.view(c, info, 120); !strings.Contains(v, "Sertainty Data Protector 3.4.0") || !strings.Contains(v, "/dataprotector/api") {
		t.Errorf("at 120 everything fits:\n%s", v)
	}
	if v := hd.view(c, info, 90); !strings.Contains(v, "Sertainty Data Protector 3.4.0") || !strings.Contains(v, "8443/…") {
		t.Errorf("at 90 the path is shortened before the application name is cut:\n%s", v)
	}
}
