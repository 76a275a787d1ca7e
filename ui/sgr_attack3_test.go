package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
)

// TestHostSGRNeverReachesTheTerminal: the last filter lets SGR through
// (it is the console's own styling), so host text a view forgot to
// sanitise may still conceal (ESC[8m) or recolour the rest of a line.
// A host's SGR must be shown like any other escape.
func TestHostSGRNeverReachesTheTerminal(t *testing.T) {
	const sgr = "\x1b[8m"
	h := startHost(t)
	client, err := gateway.NewClient(gateway.Options{URL: wideHost(t, h, sgr), Timeout: 5e9})
	if err != nil {
		t.Fatal(err)
	}
	c := sessionCommon(t, t.Context(), client)
	m, p := consoleOn(t, c)
	p.loginAdmin(120, 30)
	for _, step := range [][2]string{{"1", "s"}, {"1", "v"}, {"2", "x"}, {"2", "*"}, {"5", "a"}} {
		p.send(keyMsg(step[0]))
		p.settle()
		p.send(keyMsg(step[1]))
		p.settle()
		if v := m.View(); strings.Contains(v, sgr) {
			i := strings.Index(v, sgr)
			t.Errorf("pane %s key %s: the host's ESC[8m reached the terminal: %q", step[0], step[1], v[max(0, i-60):min(len(v), i+60)])
		}
		p.send(tea.KeyMsg{Type: tea.KeyEsc})
		p.send(tea.KeyMsg{Type: tea.KeyEsc})
		p.settle()
	}
}
