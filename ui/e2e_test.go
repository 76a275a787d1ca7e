package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestConsoleEndToEnd runs the whole console against the in-process mock
// host: log in as operator, see the configurations, switch panes, run
// configGetList from the palette and quit.
func TestConsoleEndToEnd(t *testing.T) {
	h := startHost(t)
	m, _ := testModel(t, h, nil)
	s := newScreen(t, m, 80, 24)

	s.wait("DEMO HOST", "operator / demo")
	s.line("operator")
	s.wait("Password:")
	s.line("demo")
	s.wait("logged in as operator", "production", "staging", "agent Active")

	s.typ("2")
	s.wait("[2 Tasks]")
	s.key(tea.KeyTab)
	s.wait("[3 Logs]")
	s.typ("1")
	s.wait("[1 Configurations]")

	s.typ(":")
	s.wait("type to filter")
	s.line("configGetList")
	s.wait("status 1")

	view := s.final()
	for _, want := range []string{"configGetList", "production", "staging", "DEMO HOST"} {
		if !strings.Contains(view, want) {
			t.Errorf("the last screen lacks %q:\n%s", want, view)
		}
	}
}
