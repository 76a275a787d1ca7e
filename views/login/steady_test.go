package login

import (
	"strings"
	"testing"
)

// titleRow is the row of the form's title in the login screen.
func titleRow(m *Model) int {
	for i, l := range strings.Split(m.View(), "\n") {
		if strings.Contains(l, "Log in to the Data Protector gateway") {
			return i
		}
	}
	return -1
}

// TestFormDoesNotJump: at 80x20 the form starts on the same row in every
// round (user, password, one-time code) instead of being centred afresh.
func TestFormDoesNotJump(t *testing.T) {
	m := newLogin(newCommon(t))
	m.SetSize(80, 20)
	m.Init()
	first := titleRow(m)
	if first <= 0 {
		t.Fatalf("the form is not placed with room above:\n%s", m.View())
	}
	typeText(m, "admin")
	enter(t, m)
	if m.state != stateAnswer || titleRow(m) != first {
		t.Fatalf("password round: the title moved from row %d to %d:\n%s", first, titleRow(m), m.View())
	}
	typeText(m, "demo")
	enter(t, m)
	if m.state != stateAnswer || titleRow(m) != first {
		t.Fatalf("code round: the title moved from row %d to %d:\n%s", first, titleRow(m), m.View())
	}
}
