package palette

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
)

// screen is the palette as the terminal gets it: with the mouse on, the
// frame scanned for its zones and stored.
func screen(t *testing.T, c *common.Common, m *Model) []string {
	t.Helper()
	f := m.View()
	if c.Mouse.On() {
		f = mousetest.Settle(t, c.Mouse, func() string { return c.Mouse.Scan(m.View()) })
	}
	return strings.Split(f, "\n")
}

// lineOf is the line of the list showing text: under the title and the
// filter (which may show it too).
func lineOf(t *testing.T, lines []string, text string) int {
	t.Helper()
	for i := 2; i < len(lines); i++ {
		if strings.Contains(lines[i], text) {
			return i
		}
	}
	t.Fatalf("%q is not listed:\n%s", text, strings.Join(lines, "\n"))
	return -1
}

// A click on a row selects it, the wheel moves the selection, and a
// click on the selected function opens it without calling the host: a
// function with no arguments waits where Enter runs it. With the mouse
// off nothing of this happens.
func TestMouseSelectsARow(t *testing.T) {
	for _, on := range []bool{true, false} {
		c := newCommon(t)
		if on {
			c.Mouse = mouse.New()
			defer c.Mouse.Close()
		}
		m := opened(t, c)
		y := lineOf(t, screen(t, c, m), "agentPing")
		m.Update(mousetest.Click(3, y))
		if got := m.selectedName(); (got == "agentPing") != on || m.mode != modeList {
			t.Fatalf("mouse %v: a click on agentPing selected %q (mode %v)", on, got, m.mode)
		}
		before := m.cursor
		m.Update(mousetest.Wheel(3, y, true))
		if on && m.cursor != before+1 || !on && m.cursor != before {
			t.Fatalf("mouse %v: the wheel moved the cursor from %d to %d", on, before, m.cursor)
		}
		y = lineOf(t, screen(t, c, m), "agentPing")
		if _, cmd := m.Update(mousetest.Click(3, y)); cmd != nil || m.mode != modeList {
			t.Fatalf("mouse %v: a click on agentPing, not selected, opened it (mode %v)", on, m.mode)
		}
		_, cmd := m.Update(mousetest.Click(3, y))
		if !on {
			if cmd != nil || m.mode != modeList || m.cursor != before {
				t.Fatalf("mouse off: clicks moved the cursor to %d or opened (mode %v)", m.cursor, m.mode)
			}
			continue
		}
		if cmd != nil || m.mode != modeReady || m.fn.Name != "agentPing" {
			t.Fatalf("a second click on agentPing: mode %v, function %q, a command %v", m.mode, m.fn.Name, cmd != nil)
		}
		if !strings.Contains(m.View(), "enter runs it · esc") {
			t.Fatalf("the ready step does not say Enter runs it:\n%s", m.View())
		}
		press(m, tea.KeyEnter)
		if m.mode != modeRunning {
			t.Fatalf("Enter after the click: mode %v, want running", m.mode)
		}
	}
}

// A second click opens what is selected as Enter does: a function's
// arguments are asked, a command runs (the palette closes), and a
// command that needs a name is completed as Tab does instead of refused.
func TestSecondClickOpens(t *testing.T) {
	for _, tc := range []struct {
		row    string
		filter string
		check  func(t *testing.T, m *Model, msgs []tea.Msg)
	}{
		{row: "configGetTasks", filter: "configGet", check: func(t *testing.T, m *Model, _ []tea.Msg) {
			if m.mode != modeArgs || m.fn.Name != "configGetTasks" {
				t.Fatalf("mode %v, function %q, want configGetTasks's arguments", m.mode, m.fn.Name)
			}
		}},
		{row: ":tasks", check: func(t *testing.T, m *Model, msgs []tea.Msg) {
			if m.Open() || len(msgs) != 1 || msgs[0] != (common.SwitchPaneMsg{Pane: paneTasks}) {
				t.Fatalf("open %v, sent %#v, want the Tasks pane", m.Open(), msgs)
			}
		}},
		{row: ":gateway", check: func(t *testing.T, m *Model, msgs []tea.Msg) {
			if !m.Open() || m.filter.Value() != "gateway " || len(msgs) != 0 {
				t.Fatalf("open %v, filter %q, sent %#v, want the name to complete", m.Open(), m.filter.Value(), msgs)
			}
		}},
	} {
		c := newCommon(t)
		c.Mouse = mouse.New()
		defer c.Mouse.Close()
		c.Gateways = []string{"alpha", "beta"}
		m := opened(t, c)
		typeText(m, tc.filter)
		y := lineOf(t, screen(t, c, m), tc.row)
		if _, cmd := m.Update(mousetest.Click(3, y)); cmd != nil || m.mode != modeList || !strings.HasPrefix(m.selectedName(), tc.row) {
			t.Fatalf("%s: the first click selected %q, mode %v", tc.row, m.selectedName(), m.mode)
		}
		_, cmd := m.Update(mousetest.Click(3, y))
		tc.check(t, m, panetest.Collect(cmd))
	}
}

// selectedName names the row under the cursor.
func (m *Model) selectedName() string {
	if m.cursor < len(m.cmds) {
		return ":" + commands[m.cmds[m.cursor]].Name
	}
	return m.all[m.matches[m.cursor-len(m.cmds)]].Name
}

// A click selects the row under the pointer and leaves the list where it
// is: clicking from one line to the next selects the row each shows (the
// list once re-centred on each click, so clicks on one line chose
// different functions), and the wheel scrolls only once the cursor
// leaves the view.
func TestClickKeepsTheListsScroll(t *testing.T) {
	c := newCommon(t)
	c.Mouse = mouse.New()
	defer c.Mouse.Close()
	m := New(c)
	m.SetSize(80, 24)
	m.Show()
	frame := func() []string { return screen(t, c, m) }
	lines := frame()
	y := lineOf(t, lines, "agentShutdown")
	for n := range 3 {
		for _, row := range []struct {
			y    int
			name string
		}{{y - 1, "agentRestart"}, {y, "agentShutdown"}} {
			m.Update(mousetest.Click(3, row.y))
			if got := m.selectedName(); got != row.name || m.mode != modeList {
				t.Fatalf("round %d: a click on the line of %s selected %q (mode %v)", n+1, row.name, got, m.mode)
			}
			after := frame()
			if !strings.Contains(after[row.y], "> "+row.name) || !strings.Contains(after[y-1], "agentRestart") ||
				!strings.Contains(after[y], "agentShutdown") {
				t.Fatalf("round %d: the click on %s moved the list:\n%s", n+1, row.name, strings.Join(after, "\n"))
			}
		}
	}
	first := frame()[2]
	m.Update(mousetest.Wheel(3, y, true))
	if got := frame(); got[2] != first || m.selectedName() != "agentStart" {
		t.Fatalf("the wheel one row down scrolled the list (or selected %q):\n%s", m.selectedName(), strings.Join(got, "\n"))
	}
}

// The list is one zone: a click on its last row selects it, one on the
// line under the rows (the footer) selects nothing.
func TestClickUnderTheRowsSelectsNothing(t *testing.T) {
	c := newCommon(t)
	c.Mouse = mouse.New()
	defer c.Mouse.Close()
	m := opened(t, c)
	lines := screen(t, c, m)
	last := 2 + m.listRows() - 1 // the rows start under the title and the filter
	if m.entries() <= m.listRows() || !strings.HasPrefix(lines[last], "  ") {
		t.Fatalf("the list does not fill its %d rows:\n%s", m.listRows(), strings.Join(lines, "\n"))
	}
	if _, cmd := m.Update(mousetest.Click(3, last+1)); cmd != nil || m.cursor != 0 {
		t.Fatalf("a click under the rows (%q) moved the cursor to %d", lines[last+1], m.cursor)
	}
	m.Update(mousetest.Click(3, last))
	if m.cursor != m.listRows()-1 || !strings.Contains(lines[last], m.selectedName()) {
		t.Fatalf("a click on the last row (%q) selected %d, %q", lines[last], m.cursor, m.selectedName())
	}
}
