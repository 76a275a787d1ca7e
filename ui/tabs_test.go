package ui

import (
	"strings"
	"testing"

	"dpconsole/views/common"

	"github.com/charmbracelet/lipgloss"
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
