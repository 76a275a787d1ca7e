package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
)

// TestHostilePaletteArguments: the palette's argument steps suggest the
// host's names (configurations, tasks, IDs); its commands complete them.
// On a hostile host no step may show a raw escape or overflow the width.
func TestHostilePaletteArguments(t *testing.T) {
	h := startHost(t)
	client, err := gateway.NewClient(gateway.Options{URL: hostileHost(t, h), Timeout: 5e9})
	if err != nil {
		t.Fatal(err)
	}
	c := sessionCommon(t, t.Context(), client)
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "http://127.0.0.1:PORT/api", version: "test"})
	p := newPump(t, m)
	const W, H = 100, 30
	check := func(step string) {
		t.Helper()
		p.settle()
		for _, l := range strings.Split(m.rawView(), "\n") {
			if what := unsafeIn(l); what != "" {
				t.Errorf("%s: a view let through %s: %q", step, what, sanitizeForLog4(l))
				break
			}
		}
		for i, l := range strings.Split(m.View(), "\n") {
			if w := lipgloss.Width(l); w > W {
				t.Errorf("%s: line %d is %d wide: %q", step, i, w, sanitizeForLog4(l))
				break
			}
		}
	}
	p.run(m.Init())
	p.loginAdmin(W, H)
	for _, fn := range []string{"taskGetLog", "configGetID", "configDelete", "taskReset", "sharedGetScript", "templateGetTask"} {
		p.send(keyMsg(":"))
		p.typ(fn)
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		check(fn + " first argument")
		p.send(tea.KeyMsg{Type: tea.KeyTab})
		check(fn + " first argument, tab")
		p.send(tea.KeyMsg{Type: tea.KeyDown})
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		check(fn + " second argument")
		p.send(tea.KeyMsg{Type: tea.KeyTab})
		p.send(tea.KeyMsg{Type: tea.KeyEnter})
		check(fn + " after the arguments")
		for range 4 {
			p.send(tea.KeyMsg{Type: tea.KeyEsc})
		}
		p.settle()
	}
	for _, cmd := range []string{"logs p", "tasks ", "configs "} {
		p.send(keyMsg(":"))
		p.typ(cmd)
		p.send(tea.KeyMsg{Type: tea.KeyTab})
		check("command " + cmd + " tab")
		p.send(tea.KeyMsg{Type: tea.KeyTab})
		check("command " + cmd + " tab tab")
		for range 3 {
			p.send(tea.KeyMsg{Type: tea.KeyEsc})
		}
		p.settle()
	}
}

func sanitizeForLog4(l string) string {
	if len(l) > 160 {
		return l[:160] + "…"
	}
	return l
}
