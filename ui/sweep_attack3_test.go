package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
)

// TestHostileHostEveryActionKey goes further than the hostile host test:
// in the panes, every action key whose prompt, question or dialog quotes
// the host's names (save to a file, load, new ID, validate, reset, all
// tasks, apply, save a template) is pressed on a host whose every text
// carries escape sequences. No view may let one through (the frame before
// the root's filter), and each line must fit the terminal: the root's
// filter shows an escape in several cells, so a view that measured the
// raw text drew a line the terminal wraps.
func TestHostileHostEveryActionKey(t *testing.T) {
	h := startHost(t)
	client, err := gateway.NewClient(gateway.Options{URL: hostileHost(t, h), Timeout: 5e9})
	if err != nil {
		t.Fatal(err)
	}
	c := sessionCommon(t, t.Context(), client)
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "http://127.0.0.1:PORT/api", version: "test"})
	p := newPump(t, m)
	const W, H = 100, 30
	check := func(step, want string) {
		t.Helper()
		p.settle()
		for _, l := range strings.Split(m.rawView(), "\n") {
			if what := unsafeIn(l); what != "" {
				t.Errorf("%s: a view let through %s: %q", step, what, sanitizeForLog(l))
				break
			}
		}
		frame := m.View()
		if !strings.Contains(frame, want) {
			t.Errorf("%s: %q is not shown:\n%s", step, want, frame)
		}
		lines := strings.Split(frame, "\n")
		if len(lines) > H {
			t.Errorf("%s: %d lines", step, len(lines))
		}
		for i, l := range lines {
			if w := lipgloss.Width(l); w > W {
				t.Errorf("%s: line %d is %d wide: %q", step, i, w, sanitizeForLog(l))
				break
			}
		}
	}
	p.run(m.Init())
	p.loginAdmin(W, H)
	for _, c := range []struct {
		pane, keys, want string
	}{
		{"1", "s", "Save from"},
		{"1", "l", "Load a file into"},
		{"1", "i", "New ID in"},
		{"1", "v", "Validation of the tasks of"},
		{"2", "x", "Reset task"},
		{"2", "*", "All 6 tasks of"},
		{"5", "s", "Save template"},
		{"5", "a", "Apply template"},
		// The names offered for the configuration.
		{"5", "ap", "production^[]0;OWNED^G"},
	} {
		p.send(keyMsg(c.pane))
		p.send(keyMsg("g"))
		p.settle()
		for _, k := range c.keys {
			p.send(keyMsg(string(k)))
			p.settle()
		}
		check("pane "+c.pane+" keys "+c.keys, c.want)
		p.send(tea.KeyMsg{Type: tea.KeyEsc})
		p.send(tea.KeyMsg{Type: tea.KeyEsc})
		p.settle()
	}
}

// sanitizeForLog keeps a failure message short.
func sanitizeForLog(l string) string {
	if len(l) > 160 {
		return l[:160] + "…"
	}
	return l
}
