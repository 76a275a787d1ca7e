package panetest

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"dpconsole/views/common"
)

// Model adapts a pane to a tea.Model for teatest: it sizes the pane from
// each WindowSizeMsg, as the shell does.
type Model struct{ V common.View }

// Init starts the pane.
func (m Model) Init() tea.Cmd { return m.V.Init() }

// Update sizes the pane on a WindowSizeMsg and hands it every message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		m.V.SetSize(ws.Width, ws.Height)
	}
	v, cmd := m.V.Update(msg)
	m.V = v
	return m, cmd
}

// View renders the pane.
func (m Model) View() string { return m.V.View() }

// Run starts v in a teatest program of width x height.
func Run(t *testing.T, v common.View, width, height int) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, Model{V: v}, teatest.WithInitialTermSize(width, height))
}

// WaitFor waits until the program's output shows every one of want.
func WaitFor(t *testing.T, tm *teatest.TestModel, want ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// FinalView stops the program and returns the pane's last View.
func FinalView(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	return m.V.View()
}

// RequireGolden compares view, with trailing spaces trimmed from each
// line, against testdata/<test name>.golden (-update rewrites it).
func RequireGolden(t *testing.T, view string) {
	t.Helper()
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	golden.RequireEqual(t, []byte(strings.Join(lines, "\n")+"\n"))
}

// RequireReadable fails unless view fits width x height and shows want
// whole, read across the lines it was wrapped onto.
func RequireReadable(t *testing.T, view string, width, height int, want string) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > height {
		t.Fatalf("view is %d lines, more than the %d given:\n%s", len(lines), height, view)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Fatalf("line %q is %d wide, more than %d (the shell cuts it)", l, w, width)
		}
	}
	flat := strings.Join(strings.Fields(view), " ")
	if !strings.Contains(flat, strings.Join(strings.Fields(want), " ")) {
		t.Fatalf("%q cannot be read whole in:\n%s", want, view)
	}
}
