package pane

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/panetest"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
	"dpconsole/widgets/picker"
)

// testList is a list pane of three names that counts its document loads
// and records what it opened.
type testList struct {
	List[string]
	loads  int
	opened []string
}

func newTestList(t *testing.T, z *mouse.Zones) *testList {
	t.Helper()
	c := panetest.NewCommon(context.Background(), nil, time.Now)
	c.Mouse = z
	l := &testList{List: NewList[string](c, picker.Column{Title: "Name", Width: 8, Flex: true})}
	l.Relayout = l.Layout
	l.Hooks = Hooks{Msg: func(tea.Msg) (tea.Cmd, bool) { return nil, false }, Key: func(tea.KeyMsg) tea.Cmd { return nil },
		Rest: l.Doc.Update}
	l.LoadSelected = func() tea.Cmd { l.loads++; return nil }
	l.Open = func() tea.Cmd {
		if s, ok := l.Selected(); ok {
			l.opened = append(l.opened, s)
		}
		return nil
	}
	l.Loaded = true
	l.SetSize(60, 20)
	l.SetRows([]string{"one", "two", "three"}, func(s string) table.Row { return table.Row{s} })
	return l
}

// screen is the pane as the terminal gets it, its zones stored when the
// mouse is on.
func (l *testList) screen(t *testing.T) []string {
	t.Helper()
	view := func() string { return l.ListView("Things", "", "none", "heading", "body") }
	z := l.C.Mouse
	f := view()
	if z.On() {
		f = mousetest.Settle(t, z, func() string { return z.Scan(view()) })
	}
	return strings.Split(f, "\n")
}

// rowLine is the line showing name as a row.
func rowLine(t *testing.T, lines []string, name string) int {
	t.Helper()
	for i, l := range lines {
		if f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(l), picker.Marker)); len(f) == 1 && f[0] == name {
			return i
		}
	}
	t.Fatalf("%s is not listed:\n%s", name, strings.Join(lines, "\n"))
	return -1
}

// A click selects the row under it and loads its document, a click on
// the selected row opens it (Open), the wheel moves the selection; with
// the mouse off none of it happens.
func TestListMouse(t *testing.T) {
	for _, on := range []bool{true, false} {
		var z *mouse.Zones
		if on {
			z = mouse.New()
			defer z.Close()
		}
		l := newTestList(t, z)
		lines := l.screen(t)
		sel := func() string { s, _ := l.Selected(); return s }
		y := rowLine(t, lines, "two")
		l.Dispatch(mousetest.Click(5, y))
		if want := map[bool]string{true: "two", false: "one"}[on]; sel() != want || len(l.opened) != 0 {
			t.Fatalf("mouse %v: a click on two selected %q, opened %v", on, sel(), l.opened)
		}
		l.Dispatch(mousetest.Wheel(5, y, true))
		if want := map[bool]string{true: "three", false: "one"}[on]; sel() != want {
			t.Fatalf("mouse %v: the wheel down selected %q", on, sel())
		}
		l.Dispatch(mousetest.Click(5, y))
		l.Dispatch(mousetest.Click(5, y))
		if !on {
			if sel() != "one" || l.loads != 0 || len(l.opened) != 0 {
				t.Fatalf("mouse off: selected %q, %d loads, opened %v", sel(), l.loads, l.opened)
			}
			continue
		}
		if sel() != "two" || l.loads != 3 || len(l.opened) != 1 || l.opened[0] != "two" {
			t.Fatalf("two clicks on two: selected %q, %d loads (want 3), opened %v", sel(), l.loads, l.opened)
		}
		// A click on the heading under the list is no row's.
		l.Dispatch(mousetest.Click(5, rowLine(t, lines, "three")+1))
		if sel() != "two" || len(l.opened) != 1 {
			t.Fatalf("a click on the heading: selected %q, opened %v", sel(), l.opened)
		}
	}
}
