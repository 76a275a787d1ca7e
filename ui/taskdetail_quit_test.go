package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// TestQInTaskInFullGoesBack: the task in full is a level below the
// tasks table, so q goes back to the table (as Esc does) and the footer
// says "q back"; the Tasks key (2) pressed in it goes back to the table
// too; at the table q quits as before.
func TestQInTaskInFullGoesBack(t *testing.T) {
	h := startHost(t)
	m, _ := testModel(t, h, nil)
	s := newScreen(t, m, 120, 30) // the footer has room for q
	s.wait("operator / demo")
	s.line("operator")
	s.wait("Password:")
	s.line("demo")
	s.wait("logged in as operator", "production")

	s.typ("2")
	s.wait("Tasks of production (active)", "q quit")
	s.key(tea.KeyEnter)
	s.wait("Task protect-inbox of production", "recent", "q back")
	s.typ("q")
	s.wait("Tasks of production (active)", "q quit") // the table again, not the end
	s.key(tea.KeyEnter)
	s.wait("Task protect-inbox of production", "recent")
	s.typ("2") // the Tasks key again: back to its table
	s.wait("Tasks of production (active)", "q quit")
	s.typ("q")
	s.tm.WaitFinished(t, teatest.WithFinalTimeout(waitFor))
}
