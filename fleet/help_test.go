package fleet

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestFleetPaneHelpAndColon: ? shows the pane's keys (and how to come
// back from a console) and ? closes them; : says where the commands are
// instead of doing nothing; the title says how many polls are out in
// words, and nothing when none is.
func TestFleetPaneHelpAndColon(t *testing.T) {
	hosts := []Host{{Name: "a", URL: "http://127.0.0.1:1/api"}, {Name: "b", URL: "http://127.0.0.1:1/api"}}
	o := testOptions(hosts, &fakeTick{})
	o.Session.Width, o.Session.Height = 80, 24
	m, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	if v := m.View(); strings.Contains(v, "polling") || strings.Contains(v, "asking") {
		t.Errorf("the title speaks of polls with none out:\n%s", v)
	}
	m.Update(runes("?"))
	v := m.View()
	for _, want := range []string{"Fleet pane keys", "open the gateway's console", "filter the gateways", "poll every gateway now", "quit", "0 (or q at a pane's top) comes back here"} {
		if !strings.Contains(strings.Join(strings.Fields(v), " "), want) {
			t.Errorf("help lacks %q:\n%s", want, v)
		}
	}
	if n := strings.Count(v, "\n") + 1; n > 24 {
		t.Errorf("help is %d lines at 24", n)
	}
	m.Update(runes("j")) // ignored while help shows
	m.Update(runes("?"))
	if v := m.View(); strings.Contains(v, "Fleet pane keys") || m.pane.selected() != 0 {
		t.Fatalf("? did not close the help, or a key behind it moved the cursor:\n%s", v)
	}
	m.Update(runes(":"))
	if v := m.View(); !strings.Contains(v, "no commands on the Fleet pane") {
		t.Errorf(": says nothing:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyDown})
	if v := m.View(); strings.Contains(v, "no commands") || !strings.Contains(v, "? help") {
		t.Errorf("the note outlived the next key:\n%s", v)
	}
	m.pane.busy = 3
	if v := m.View(); !strings.Contains(v, "asking 3 now") {
		t.Errorf("the title does not say 3 polls are out:\n%s", v)
	}
	m.pane.busy = 0
}
