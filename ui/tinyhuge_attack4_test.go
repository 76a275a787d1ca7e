package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// TestTinyAndHugeAttack4: logged in, at every width 1..4 and height
// 1..4, and at a window far beyond the clamp, no drawn line is wider
// than the window (or the clamp), and there are no more lines than rows
// (six at least: a shorter terminal shows the view's end).
func TestTinyAndHugeAttack4(t *testing.T) {
	h := startHost(t)
	m, _ := testModel(t, h, nil)
	m.loggedIn = true
	check := func(w, hgt, cw, ch int) {
		m.Update(tea.WindowSizeMsg{Width: w, Height: hgt})
		v := m.View()
		lines := strings.Split(v, "\n")
		if len(lines) > max(ch, 6) { // below 6 rows the view is cut by the renderer (minBody)
			t.Errorf("%dx%d: %d lines", w, hgt, len(lines))
		}
		for i, l := range lines {
			if lw := ansi.StringWidth(l); lw > cw {
				t.Errorf("%dx%d: line %d is %d wide: %q", w, hgt, i, lw, l)
				break
			}
		}
	}
	for w := 1; w <= 4; w++ {
		for hgt := 1; hgt <= 4; hgt++ {
			check(w, hgt, w, hgt)
		}
	}
	check(1<<30, 1<<30, maxWidth, maxHeight)
	check(80, 24, 80, 24)
}
