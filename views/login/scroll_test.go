package login

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
)

// TestTallFormKeepsTheFocusedFieldInView: a round taller than the screen
// (a long banner, then a password and a code) shows the focused field's
// prompt and input, says what is above and below, and follows the focus
// forward and back; the frame never outgrows the screen.
func TestTallFormKeepsTheFocusedFieldInView(t *testing.T) {
	banner := strings.Repeat("Authorized use only. ", 45) + "Accept (yes):"
	c := commonFor(t, askingHost(t, func() []gateway.Arg {
		return []gateway.Arg{gateway.Named("prompt-1", "BANNER "+banner), gateway.Named("prompt-2", "Password:"),
			gateway.Named("prompt-3", "One-time code:")}
	}))
	m := New(c, Options{Gateway: "http://host/api", Keys: c.Keys.Form})
	const h = 12
	m.SetSize(80, h)
	submit(t, m, "admin")
	check := func(step string, want ...string) string {
		t.Helper()
		v := m.View()
		if n := strings.Count(v, "\n") + 1; n > h {
			t.Errorf("%s: %d lines for %d:\n%s", step, n, h, v)
		}
		for _, w := range want {
			if !strings.Contains(v, w) {
				t.Errorf("%s: %q is not on the screen:\n%s", step, w, v)
			}
		}
		return v
	}
	// The banner is 14 lines: its last lines and its input show, and
	// what is below (the other prompts) is counted.
	v := check("banner", "(yes):", "> ", "more lines", "↓")
	if strings.Contains(v, "BANNER") {
		t.Errorf("the banner's first line shows on a 12-line screen instead of its end:\n%s", v)
	}
	typeText(m, "yes")
	m.Update(tea.KeyMsg{Type: tea.KeyTab})
	check("password", "Password:", "↑", "↓")
	m.Update(tea.KeyMsg{Type: tea.KeyTab})
	check("code", "One-time code:", "↑", "enter submits")
	m.Update(tea.KeyMsg{Type: tea.KeyShiftTab})
	m.Update(tea.KeyMsg{Type: tea.KeyShiftTab})
	check("back to the banner", "(yes):", "> ***") // the answer typed, masked
}

// TestFormWindow: the window holds the focused input whatever the sizes.
func TestFormWindow(t *testing.T) {
	for n := 1; n < 40; n++ {
		for rows := 1; rows <= n; rows++ {
			for at := 0; at < n; at++ {
				for from := max(0, at-15); from <= at; from++ {
					s := formWindow(n, rows, from, at)
					if s < 0 || s+rows > n || at < s || at >= s+rows {
						t.Fatalf("%s: start %d", fmt.Sprint("n ", n, " rows ", rows, " from ", from, " at ", at), s)
					}
				}
			}
		}
	}
}

// TestScrollHintNamesOnlyKeysThatMove: on a short screen (80x10 leaves
// the login 7 rows) the user step and the one-time code step have lines
// above them (the title, the gateway, the demo line, the answered
// password), but no earlier field: shift+tab moves nothing there, so the
// "↑" line only counts. Where a round has an earlier prompt, it names
// shift+tab; where a later one, tab.
func TestScrollHintNamesOnlyKeysThatMove(t *testing.T) {
	noKeys := func(step, v string) {
		t.Helper()
		if !strings.Contains(v, "↑") {
			t.Fatalf("%s: nothing is counted above on a short screen:\n%s", step, v)
		}
		if strings.Contains(v, "earlier fields") || strings.Contains(v, "next field") {
			t.Errorf("%s: the hint names a key that moves nothing:\n%s", step, v)
		}
	}
	c := newCommon(t)
	m := newLogin(c)
	m.SetSize(80, 7)
	m.Init()
	noKeys("user", m.View())
	typeText(m, "admin")
	enter(t, m)
	typeText(m, "demo")
	enter(t, m)
	if m.state != stateAnswer || m.prompts[0].Text != "One-time code:" {
		t.Fatalf("state %v prompts %+v", m.state, m.prompts)
	}
	noKeys("one-time code", m.View())
	m.Update(tea.KeyMsg{Type: tea.KeyShiftTab})
	if m.focus != 0 {
		t.Fatalf("shift+tab moved the focus to %d", m.focus)
	}

	// Three prompts in one round: the second has one above and one below.
	c = commonFor(t, askingHost(t, func() []gateway.Arg {
		return []gateway.Arg{gateway.Named("prompt-1", "Accept (yes):"), gateway.Named("prompt-2", "Password:"),
			gateway.Named("prompt-3", "One-time code:")}
	}))
	m = New(c, Options{Gateway: "http://host/api", Keys: c.Keys.Form})
	m.SetSize(80, 7)
	submit(t, m, "admin")
	v := m.View()
	if strings.Contains(v, "earlier fields") || !strings.Contains(v, "(tab: next field)") {
		t.Errorf("first prompt of three:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyTab})
	if v := m.View(); !strings.Contains(v, "(shift+tab: earlier fields)") || !strings.Contains(v, "(tab: next field)") {
		t.Errorf("second prompt of three:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyTab})
	if v := m.View(); !strings.Contains(v, "(shift+tab: earlier fields)") || strings.Contains(v, "next field") {
		t.Errorf("last prompt of three:\n%s", v)
	}
}
