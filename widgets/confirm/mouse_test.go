package confirm

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/keymap"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
)

type otherMsg struct{}

// where finds label on the dialog's frame: the cell a click aims at.
func where(t *testing.T, frame, label string) (x, y int) {
	t.Helper()
	for y, l := range strings.Split(frame, "\n") {
		if i := strings.Index(l, label); i >= 0 {
			return len([]rune(l[:i])) + 1, y
		}
	}
	t.Fatalf("%q is not on the dialog:\n%s", label, frame)
	return 0, 0
}

func threeButtons(z *mouse.Zones) *Model {
	m := New(panetest.AsciiStyles(), keymap.Default().Dialog, common.ConfirmMsg{
		Title: "Save tasks of production", Body: "This changes the tasks on the host.", Action: "Save",
		Other: "Edit again", OnOther: func() tea.Msg { return otherMsg{} },
		OnConfirm: func() tea.Msg { return confirmedMsg{} },
	})
	m.SetMouse(z)
	m.SetSize(80, 20)
	return m
}

// A click on a button chooses it, whichever has the focus; a click
// beside the buttons chooses nothing.
func TestClickChoosesTheButton(t *testing.T) {
	z := mouse.New()
	defer z.Close()
	for _, c := range []struct {
		label  string
		result Result
		msg    tea.Msg
	}{
		{"[ Save ]", Confirmed, confirmedMsg{}},
		{"Edit again", Confirmed, otherMsg{}},
		{"Cancel", Cancelled, nil},
	} {
		m := threeButtons(z)
		frame := mousetest.Settle(t, z, func() string { return z.Scan(m.View()) })
		x, y := where(t, frame, "This changes")
		if _, cmd := m.Update(mousetest.Click(x, y)); cmd != nil || m.Result() != Open {
			t.Fatalf("a click on the body ended the dialog: %v", m.Result())
		}
		x, y = where(t, frame, c.label)
		_, cmd := m.Update(mousetest.Click(x, y))
		if m.Result() != c.result {
			t.Fatalf("click on %s: result %v, want %v", c.label, m.Result(), c.result)
		}
		var got tea.Msg
		if cmd != nil {
			got = cmd()
		}
		if got != c.msg {
			t.Fatalf("click on %s ran %#v, want %#v", c.label, got, c.msg)
		}
	}
}

// The wheel scrolls a diff too long for the dialog; with the mouse off
// neither the wheel nor a click does anything.
func TestWheelScrollsTheDiff(t *testing.T) {
	var diff strings.Builder
	diff.WriteString("--- host\n+++ yours\n")
	for i := range 60 {
		diff.WriteString("+<Task name=\"t" + string(rune('a'+i%26)) + "\"/>\n")
	}
	ask := common.ConfirmMsg{Title: "Save", Body: "Saving changes:", Action: "Save", Diff: diff.String()}
	for _, on := range []bool{true, false} {
		var z *mouse.Zones
		if on {
			z = mouse.New()
			defer z.Close()
		}
		m := New(panetest.AsciiStyles(), keymap.Default().Dialog, ask)
		m.SetMouse(z)
		m.SetSize(80, 20)
		top := m.top
		m.Update(mousetest.Wheel(10, 10, true))
		if on && m.top != top+mouse.WheelStep {
			t.Fatalf("the wheel moved the diff from %d to %d, want %d", top, m.top, top+mouse.WheelStep)
		}
		if !on && m.top != top {
			t.Fatalf("with the mouse off the wheel moved the diff from %d to %d", top, m.top)
		}
		m.Update(mousetest.Wheel(10, 10, false))
		if m.top != top {
			t.Fatalf("the wheel back up left the diff at %d, want %d", m.top, top)
		}
		if !on {
			if _, cmd := m.Update(mousetest.Click(0, 0)); cmd != nil || m.Result() != Open {
				t.Fatal("with the mouse off a click ended the dialog")
			}
			if v := m.View(); strings.Contains(v, "\x1b[") {
				t.Fatalf("the mouse off marks the dialog: %q", v)
			}
		}
	}
}
