// Package mousetest helps tests of views that take the mouse: the zones
// of a frame are stored in the manager's goroutine, so a test waits for
// them before it clicks.
package mousetest

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/widgets/mouse"
)

// Settle renders once through view (which scans the frame: the root's
// View) and waits until z has stored every zone of that frame; it
// returns the frame. It waits for the manager's goroutine, not for a
// clock: the bound only stops a broken test from hanging.
func Settle(t testing.TB, z *mouse.Zones, view func() string) string {
	t.Helper()
	frame := view()
	deadline := time.Now().Add(5 * time.Second)
	for !z.Drawn() {
		if time.Now().After(deadline) {
			t.Fatalf("the frame's zones were never stored:\n%s", frame)
		}
		time.Sleep(time.Millisecond)
	}
	return frame
}

// Click is a press of the left button at x, y.
func Click(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}
}

// Wheel is one notch of the wheel at x, y: down when down, else up.
func Wheel(x, y int, down bool) tea.MouseMsg {
	b := tea.MouseButtonWheelUp
	if down {
		b = tea.MouseButtonWheelDown
	}
	return tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: b}
}
