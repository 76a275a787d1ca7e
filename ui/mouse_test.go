package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/views/common"
	"dpconsole/views/configs"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
)

// mouseSession is liveSession against the mock host with the mouse on
// (zones) or off (nil) and the given panes, at w x h.
func mouseSession(t *testing.T, on bool, panes func(*common.Common) []common.View, w, h int) (*Model, *pump) {
	t.Helper()
	client, err := gateway.NewClient(gateway.Options{URL: startHost(t).URL(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if _, err := client.Login(ctx, "operator", func(context.Context, int, []gateway.Prompt) ([]string, error) {
		return []string{"demo"}, nil
	}); err != nil {
		t.Fatal(err)
	}
	c := sessionCommon(t, ctx, client)
	if on {
		c.Mouse = mouse.New()
		t.Cleanup(c.Mouse.Close)
	}
	m := newModel(modelConfig{common: c, panes: panes(c), gateway: "test", version: "test"})
	p := newPump(t, m)
	p.send(tea.WindowSizeMsg{Width: w, Height: h})
	p.send(loginDone("operator"))
	return m, p
}

// at finds text on the frame: the cell of its first character.
func at(t *testing.T, frame, text string) (x, y int) {
	t.Helper()
	for y, l := range strings.Split(frame, "\n") {
		if i := strings.Index(l, text); i >= 0 {
			return len([]rune(l[:i])), y
		}
	}
	t.Fatalf("%q is not on the screen:\n%s", text, frame)
	return 0, 0
}

// frame renders the console as the terminal gets it, once the zones of
// that frame are stored.
func frame(t *testing.T, m *Model) string {
	t.Helper()
	if !m.c.Mouse.On() {
		return m.View()
	}
	return mousetest.Settle(t, m.c.Mouse, m.View)
}

// A click on a tab shows that pane, as its number key does; with the
// mouse off the same click does nothing.
func TestMouseClickOnATabSwitchesPane(t *testing.T) {
	for _, on := range []bool{true, false} {
		m, _ := mouseSession(t, on, fakePanes, 100, 30)
		x, y := at(t, frame(t, m), "3 Logs")
		m.Update(mousetest.Click(x+2, y))
		if want := map[bool]int{true: paneLogs, false: paneConfigs}[on]; m.active != want {
			t.Fatalf("mouse %v: a click on the Logs tab left pane %d active, want %d", on, m.active, want)
		}
		x, y = at(t, frame(t, m), "6 Host")
		m.Update(tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft})
		m.Update(mousetest.Wheel(x, y, true))
		if on && m.active != paneLogs {
			t.Fatalf("a release or the wheel on a tab switched to pane %d", m.active)
		}
		m.Update(mousetest.Click(x, y))
		if want := map[bool]int{true: paneHost, false: paneConfigs}[on]; m.active != want {
			t.Fatalf("mouse %v: a click on the Host tab left pane %d active", on, m.active)
		}
		if got := m.panes[m.active].(*fakePane).got; !on && len(got) > 0 {
			for _, msg := range got {
				if _, ok := msg.(tea.MouseMsg); ok {
					t.Fatalf("with the mouse off the pane got %v", msg)
				}
			}
		}
	}
}

// A click on a configuration selects it and reads its tasks; the wheel
// over the tasks document scrolls it and leaves the selection, the wheel
// over the list moves the selection.
func TestMouseSelectsARowAndScrollsItsDocument(t *testing.T) {
	m, p := mouseSession(t, true, newPanes, 100, 30)
	cm := m.panes[paneConfigs].(*configs.Model)
	p.until("configurations listed", func() bool { return cm.Loaded && cm.Doc.Lines() > 0 })
	f := frame(t, m)
	x, y := at(t, f, "staging")
	m.Update(mousetest.Click(x, y))
	if cm.Selected() != "staging" {
		t.Fatalf("a click on staging selected %q", cm.Selected())
	}
	p.until("the tasks of staging read", func() bool { return strings.Contains(m.View(), "tasks of staging") && cm.Doc.Shows("staging") })
	m.Update(mousetest.Click(x, y-1)) // production, the row above
	if cm.Selected() != "production" {
		t.Fatalf("a click on production selected %q", cm.Selected())
	}
	p.until("the tasks of production read", func() bool { return cm.Doc.Shows("production") })
	f = frame(t, m)
	_, dy := at(t, f, "<Tasks>")
	m.Update(mousetest.Wheel(10, dy+2, true))
	if cm.Doc.Top() != mouse.WheelStep || cm.Selected() != "production" {
		t.Fatalf("the wheel over the document: top %d, selected %q", cm.Doc.Top(), cm.Selected())
	}
	if f2 := m.View(); f2 == f || strings.Contains(f2, "<Tasks>") {
		t.Fatalf("the wheel moved the document but not the screen:\n%s", f2)
	}
	m.Update(mousetest.Wheel(10, y, true)) // over the list
	if cm.Selected() != "staging" {
		t.Fatalf("the wheel over the list selected %q", cm.Selected())
	}
}

// The wheel moves the tasks table's selection; a click picks a task.
func TestMouseOnTheTasksTable(t *testing.T) {
	m, p := mouseSession(t, true, newPanes, 100, 30)
	x, y := at(t, frame(t, m), "2 Tasks")
	p.send(mousetest.Click(x, y))
	if m.active != paneTasks {
		t.Fatalf("a click on the Tasks tab: pane %d", m.active)
	}
	p.until("tasks listed", func() bool { return strings.Contains(m.View(), "verify-archive") })
	selected := func(f string) string {
		for _, l := range strings.Split(f, "\n") {
			if f := strings.Fields(l); len(f) > 1 && f[0] == ">" {
				return f[1]
			}
		}
		return ""
	}
	f := frame(t, m)
	first := selected(f)
	if first == "" {
		t.Fatalf("no task is selected:\n%s", f)
	}
	_, ty := at(t, f, first)
	m.Update(mousetest.Wheel(5, ty, true))
	f = frame(t, m)
	second := selected(f)
	if second == first || second == "" {
		t.Fatalf("the wheel left the selection on %q:\n%s", second, f)
	}
	_, fy := at(t, f, " "+first+" ")
	m.Update(mousetest.Click(30, fy))
	if got := selected(frame(t, m)); got != first {
		t.Fatalf("a click on %s selected %q", first, got)
	}
}

type chosenMsg struct{ button string }

// A click on a dialog's button chooses it; a click elsewhere or a tab
// behind the dialog does nothing.
func TestMouseClickOnADialogButton(t *testing.T) {
	for _, button := range []string{"Quit", "Edit again", "Cancel"} {
		m, _ := mouseSession(t, true, fakePanes, 100, 30)
		m.Update(common.ConfirmMsg{Title: "Quit with unsaved work", Body: "Not saved: tasks of production.", Action: "Quit",
			OnConfirm: func() tea.Msg { return chosenMsg{"Quit"} },
			Other:     "Edit again", OnOther: func() tea.Msg { return chosenMsg{"Edit again"} },
			OnCancel: func() tea.Msg { return chosenMsg{"Cancel"} }})
		f := frame(t, m)
		x, y := at(t, f, "3 Logs")
		if _, cmd := m.Update(mousetest.Click(x, y)); cmd != nil || m.confirm == nil || m.active != paneConfigs {
			t.Fatal("a click on a tab behind the dialog acted")
		}
		x, y = at(t, f, "Not saved")
		if _, cmd := m.Update(mousetest.Click(x, y)); cmd != nil || m.confirm == nil {
			t.Fatal("a click on the dialog's text closed it")
		}
		_, y = at(t, f, "Edit again") // the buttons' line
		line := strings.Split(f, "\n")[y]
		x = len([]rune(line[:strings.LastIndex(line, button)]))
		_, cmd := m.Update(mousetest.Click(x+1, y))
		if m.confirm != nil || cmd == nil {
			t.Fatalf("a click on %s left the dialog open", button)
		}
		if got := cmd(); got != (chosenMsg{button}) {
			t.Fatalf("a click on %s ran %#v", button, got)
		}
	}
}

// The wheel scrolls the help overlay.
func TestMouseWheelScrollsHelp(t *testing.T) {
	m, _ := mouseSession(t, true, newPanes, 80, 24)
	m.Update(keyMsg("?"))
	if !m.showHelp || len(m.helpLines) <= m.helpRows() {
		t.Fatalf("help is open %v with %d lines in %d", m.showHelp, len(m.helpLines), m.helpRows())
	}
	if !strings.Contains(strings.Join(m.helpLines, "\n"), "mouse: a click selects a tab") {
		t.Fatal("help does not say what the mouse does")
	}
	m.Update(mousetest.Wheel(0, 10, true))
	if m.helpTop != mouse.WheelStep {
		t.Fatalf("the wheel down: help from line %d", m.helpTop)
	}
	m.Update(mousetest.Wheel(0, 10, false))
	m.Update(mousetest.Wheel(0, 10, false))
	if m.helpTop != 0 {
		t.Fatalf("the wheel up past the top: help from line %d", m.helpTop)
	}
}

// With the mouse on, every screen is the one drawn with it off: the
// zones' markers take no room and never reach the terminal.
func TestMouseOnDrawsTheSameScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		m, p := mouseSession(t, true, newPanes, size[0], size[1])
		steps := []tea.Msg{nil, keyMsg("2"), keyMsg("4"), keyMsg("5"), keyMsg("6"), keyMsg(":"), keyMsg("esc"),
			common.ConfirmMsg{Title: "Delete configuration staging", Body: "It goes for good.", Action: "Delete"}}
		for _, msg := range steps {
			if msg != nil {
				p.send(msg)
			}
			p.settle()
			with := frame(t, m)
			// The same console, state and all, drawn with the mouse off.
			z := m.c.Mouse
			m.c.Mouse = nil
			if m.confirm != nil {
				m.confirm.SetMouse(nil)
			}
			without := m.View()
			m.c.Mouse = z
			if m.confirm != nil {
				m.confirm.SetMouse(z)
			}
			if with != without {
				t.Fatalf("%dx%d after %v: the screen differs with the mouse on:\n%s\n--- off:\n%s", size[0], size[1], msg, with, without)
			}
		}
	}
}

// What hits nothing changes nothing: a click on the title or the
// document's heading, a release, motion; and with the mouse off a click
// on a row does not select it.
func TestMouseMissesChangeNothing(t *testing.T) {
	for _, on := range []bool{true, false} {
		m, p := mouseSession(t, on, newPanes, 100, 30)
		cm := m.panes[paneConfigs].(*configs.Model)
		p.until("configurations listed", func() bool { return cm.Loaded && cm.Doc.Shows("production") })
		f := frame(t, m)
		sx, sy := at(t, f, "staging")
		tx, ty := at(t, f, "Configurations (2)")
		hx, hy := at(t, f, "── tasks of production")
		for _, msg := range []tea.MouseMsg{
			mousetest.Click(tx, ty), mousetest.Click(hx+5, hy),
			{X: sx, Y: sy, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft},
			{X: sx, Y: sy, Action: tea.MouseActionMotion, Button: tea.MouseButtonLeft},
		} {
			if _, cmd := m.Update(msg); cmd != nil || cm.Selected() != "production" || m.View() != f {
				t.Fatalf("mouse %v: %v changed the screen or ran a command (selected %q)", on, msg, cm.Selected())
			}
		}
		m.Update(mousetest.Click(sx, sy))
		if want := map[bool]string{true: "staging", false: "production"}[on]; cm.Selected() != want {
			t.Fatalf("mouse %v: a click on staging selected %q", on, cm.Selected())
		}
	}
}

// The wheel scrolls the task in full (its definition under the facts).
func TestMouseWheelScrollsTheTaskInFull(t *testing.T) {
	m, p := mouseSession(t, true, newPanes, 80, 16) // too short for the whole definition
	p.send(keyMsg("2"))
	p.until("tasks listed", func() bool { return strings.Contains(m.View(), "protect-inbox") })
	p.send(tea.KeyMsg{Type: tea.KeyEnter})
	p.until("the task in full", func() bool { return strings.Contains(m.View(), "<Task name=") })
	before := frame(t, m)
	if !strings.Contains(before, "↓") {
		t.Fatalf("the definition fits, nothing to scroll:\n%s", before)
	}
	_, y := at(t, before, "<Task name=")
	m.Update(mousetest.Wheel(5, y, true))
	after := m.View()
	if after == before || strings.Contains(after, "<Task name=") {
		t.Fatalf("the wheel did not scroll the definition:\n%s", after)
	}
	m.Update(mousetest.Wheel(5, y, false))
	if m.View() != before {
		t.Fatalf("the wheel back up did not return to the top:\n%s", m.View())
	}
}

// A click selects a row of the Templates and Shared lists too.
func TestMouseSelectsInTemplatesAndShared(t *testing.T) {
	m, p := mouseSession(t, true, newPanes, 100, 30)
	for _, tab := range []string{"5 Templates", "4 Shared"} {
		x, y := at(t, frame(t, m), tab)
		p.send(mousetest.Click(x+2, y))
		p.until(tab+" listed", func() bool { return strings.Count(m.View(), "\n ") > 0 && strings.Contains(m.View(), "── ") })
		p.settle()
		f := frame(t, m)
		lines := strings.Split(f, "\n")
		sel := -1
		for i, l := range lines {
			if strings.HasPrefix(strings.TrimSpace(l), ">") {
				sel = i
				break
			}
		}
		if sel < 0 || !strings.HasPrefix(lines[sel+1], "  ") || strings.HasPrefix(lines[sel+1], "──") {
			t.Fatalf("%s: no second row to click:\n%s", tab, f)
		}
		m.Update(mousetest.Click(10, sel+1))
		if g := strings.Split(m.View(), "\n"); !strings.HasPrefix(strings.TrimSpace(g[sel+1]), ">") {
			t.Fatalf("%s: a click on the second row left the selection:\n%s", tab, m.View())
		}
	}
}
