package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
)

// TestOddTerminalSizes drives the console at sizes an SSH client may
// send (0x0, 1x1, 2x2, a 10000-column line, a storm of changes) through login
// and every pane: nothing may panic, and no line may be wider than the
// terminal once it has a width.
func TestOddTerminalSizes(t *testing.T) {
	h := startHost(t)
	client, err := gateway.NewClient(gateway.Options{URL: h.URL(), Timeout: 5e9})
	if err != nil {
		t.Fatal(err)
	}
	c := sessionCommon(t, t.Context(), client)
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "http://127.0.0.1:PORT/api", version: "test"})
	p := newPump(t, m)
	sizes := [][2]int{{0, 0}, {1, 1}, {1, 40}, {2, 2}, {3, 1}, {2, 40}, {10000, 3}, {15, 4}, {80, 24}}
	check := func(step string) {
		t.Helper()
		for _, s := range sizes {
			p.send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
			frame := m.View()
			if s[0] == 0 {
				continue
			}
			for i, l := range strings.Split(frame, "\n") {
				if w := lipgloss.Width(l); w > s[0] {
					t.Errorf("%s at %dx%d: line %d is %d wide: %q", step, s[0], s[1], i, w, l)
					break
				}
			}
		}
		p.settle()
	}
	p.run(m.Init())
	check("login")
	p.loginAdmin(80, 24)
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "?", "esc", ":"} {
		switch k {
		case "esc":
			p.send(tea.KeyMsg{Type: tea.KeyEsc})
		default:
			p.send(keyMsg(k))
		}
		check(fmt.Sprintf("key %s", k))
	}
	p.send(tea.KeyMsg{Type: tea.KeyEsc})
	p.send(keyMsg("2"))
	p.send(tea.KeyMsg{Type: tea.KeyEnter})
	check("task detail")
	p.send(tea.KeyMsg{Type: tea.KeyEnter})
	check("task log")
}
