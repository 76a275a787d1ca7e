package palette

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/panetest"
)

// TestLoginAnswersNeverShown: hostOpenSession from the palette takes the
// answers without echo, the result names them hidden, the session id it
// answers is not shown, and a second run does not fill the answer in.
func TestLoginAnswersNeverShown(t *testing.T) {
	c := panetest.Dial(t)
	m := opened(t, c)
	m.choose(mustLookup(t, "hostOpenSession"))
	typeText(m, "operator")
	press(m, tea.KeyEnter)
	typeText(m, "demo")
	if v := m.View(); strings.Contains(v, "demo") && !strings.Contains(v, "operator / demo") {
		t.Fatalf("the answer shows as typed:\n%s", v)
	}
	press(m, tea.KeyEnter)
	cmd := press(m, tea.KeyEnter) // no more answers: run
	for _, msg := range panetest.Collect(cmd) {
		m.Update(msg)
	}
	v := m.View()
	if m.mode != modeResult || !strings.Contains(v, "prompt-n = (hidden)") || !strings.Contains(v, "(hidden: 64 characters") {
		t.Fatalf("result:\n%s", v)
	}
	for _, it := range m.res.items {
		if strings.Contains(v, string(it.value)) {
			t.Fatalf("the session id %q is on the screen", it.value)
		}
	}
}

// TestEnteredLoginAnswersListedHidden: once a login answer is entered the
// palette lists it among the values given so far, as "(hidden)": typed
// without echo, it must not appear in clear a step later.
func TestEnteredLoginAnswersListedHidden(t *testing.T) {
	c := panetest.Dial(t)
	m := opened(t, c)
	m.choose(mustLookup(t, "hostOpenSession"))
	typeText(m, "operator")
	press(m, tea.KeyEnter)
	typeText(m, "secret1")
	press(m, tea.KeyEnter)
	v := m.View()
	if m.mode != modeArgs || !strings.Contains(v, "client-user = operator") || !strings.Contains(v, "prompt-n = (hidden)") {
		t.Fatalf("the values entered are not listed:\n%s", v)
	}
	if strings.Contains(v, "secret1") {
		t.Fatalf("a login answer shows in clear:\n%s", v)
	}
}
