package login

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// helpText lists the footer's keys as "key desc" pairs.
func helpText(m *Model) string {
	var out []string
	for _, b := range m.ShortHelp() {
		out = append(out, b.Help().Key+" "+b.Help().Desc)
	}
	return strings.Join(out, " · ")
}

// TestGivenUserGoesToThePrompt: with the user name given (--user), Init
// asks the host at once, so what the operator types next is the password,
// not more of the user name.
func TestGivenUserGoesToThePrompt(t *testing.T) {
	c := newCommon(t)
	m := New(c, Options{Gateway: "http://127.0.0.1:PORT/api", User: "operator", Keys: c.Keys.Form})
	m.SetSize(80, 20)
	run(t, m, m.Init())
	if m.state != stateAnswer || len(m.prompts) != 1 || m.prompts[0].Text != "Password:" {
		t.Fatalf("after Init: state %v prompts %+v", m.state, m.prompts)
	}
	typeText(m, "demo")
	if m.User() != "operator" || m.inputs[0].Value() != "demo" {
		t.Fatalf("typing went to the wrong field: user %q, answer %q", m.User(), m.inputs[0].Value())
	}
	// One field: no "next field"; the reveal key says what it does now.
	if h := helpText(m); strings.Contains(h, "next field") || !strings.Contains(h, "ctrl+r reveal") {
		t.Fatalf("footer with one field: %s", h)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlR})
	if h := helpText(m); !strings.Contains(h, "ctrl+r hide") {
		t.Fatalf("footer while revealed: %s", h)
	}
	enter(t, m)
	if m.state != stateUser || c.Client.Session() == "" {
		t.Fatalf("not logged in: state %v, err %q", m.state, m.errText)
	}
}

// TestNoticeKeepsFlagsWhole: the demo notice never breaks "--gateway
// URL" over two lines, whatever the width.
func TestNoticeKeepsFlagsWhole(t *testing.T) {
	c := newCommon(t)
	notice := `Built-in demo host (--demo). Point the console at a real host with --gateway URL, DPCONSOLE_GATEWAY or "gateway:" in /root/.config/dpconsole/config.yaml.`
	m := New(c, Options{Gateway: "http://127.0.0.1:PORT/api", Demo: true, Notice: notice, Keys: c.Keys.Form})
	for w := 40; w <= 120; w += 7 {
		m.SetSize(w, 30)
		v := m.View()
		if !strings.Contains(v, "--gateway URL") || strings.Contains(v, "--\n") {
			t.Fatalf("width %d: flag split:\n%s", w, v)
		}
	}
}
