package mouse_test

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
)

// The markers take no width, survive the cuts the root makes, and Scan
// takes every one out, so the frame shown is the frame drawn.
func TestMarkersAreInvisible(t *testing.T) {
	z := mouse.New()
	defer z.Close()
	plain := "title\n  [ Cancel ]  [ Delete ]\nlast"
	marked := "title\n  " + z.Mark("a", "[ Cancel ]") + "  " + z.Mark("b", "[ Delete ]") + "\nlast"
	if marked == plain {
		t.Fatal("Mark changed nothing with the mouse on")
	}
	if lipgloss.Width(marked) != lipgloss.Width(plain) {
		t.Fatalf("markers count in the width: %d, want %d", lipgloss.Width(marked), lipgloss.Width(plain))
	}
	cut := ansi.Truncate(z.Mark("c", "a long line cut at the edge"), 6, "…")
	if got := z.Scan(cut); got != "a lon…" {
		t.Fatalf("a cut zone scans to %q", got)
	}
	if got := z.Scan(marked); got != plain || strings.Contains(got, "\x1b") {
		t.Fatalf("Scan left %q, want %q", got, plain)
	}
}

// A zone is found where it was drawn: a box for a button, lines for a
// block; an event elsewhere misses.
func TestZonesAreWhereTheyWereDrawn(t *testing.T) {
	z := mouse.New()
	defer z.Close()
	frame := "title\n  " + z.Mark("cancel", "[ Cancel ]") + "  " + z.Mark("ok", "[ OK ]") + "\n" +
		z.Mark("list", "row 0 long\nrow 1\nrow 2") + "\nfooter"
	if got := mousetest.Settle(t, z, func() string { return z.Scan(frame) }); strings.Contains(got, "\x1b") || strings.HasSuffix(got, " ") {
		t.Fatalf("the scanned frame is %q", got)
	}
	for _, c := range []struct {
		id   string
		x, y int
		in   bool
	}{
		{"cancel", 2, 1, true}, {"cancel", 11, 1, true}, {"cancel", 12, 1, false}, {"cancel", 2, 0, false},
		{"ok", 14, 1, true}, {"ok", 19, 1, true}, {"ok", 20, 1, false}, {"ok", 11, 1, false},
	} {
		if got := z.In(c.id, mousetest.Click(c.x, c.y)); got != c.in {
			t.Errorf("In(%s, %d,%d) = %v, want %v", c.id, c.x, c.y, got, c.in)
		}
	}
	// The block's last line is short; a click right of it is still on it.
	for y, want := range map[int]int{2: 0, 3: 1, 4: 2} {
		if got, ok := z.Line("list", mousetest.Click(40, y)); !ok || got != want {
			t.Errorf("Line(list, y=%d) = %d, %v; want %d", y, got, ok, want)
		}
	}
	if _, ok := z.Line("list", mousetest.Click(0, 5)); ok {
		t.Error("the footer is in the list")
	}
}

// With the mouse off (nil zones) nothing is marked and nothing hits.
func TestOffChangesNothing(t *testing.T) {
	var z *mouse.Zones
	if z.On() || z.Mark("a", "x") != "x" || z.Scan("x") != "x" || z.In("a", mousetest.Click(0, 0)) {
		t.Fatal("nil zones are not off")
	}
	if _, ok := z.Line("a", mousetest.Click(0, 0)); ok {
		t.Fatal("nil zones hit a line")
	}
	z.Close()
	if z.Drawn() {
		t.Fatal("nil zones drew a frame")
	}
}

func TestEvents(t *testing.T) {
	if !mouse.Click(mousetest.Click(1, 1)) || mouse.Click(tea.MouseMsg{Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft}) {
		t.Error("Click")
	}
	if mouse.Wheel(mousetest.Wheel(0, 0, true)) != 1 || mouse.Wheel(mousetest.Wheel(0, 0, false)) != -1 || mouse.Wheel(mousetest.Click(0, 0)) != 0 {
		t.Error("Wheel")
	}
	if mouse.Used(tea.MouseMsg{Action: tea.MouseActionMotion, Button: tea.MouseButtonNone}) {
		t.Error("motion is used")
	}
}

// After Close a frame is still drawn, without markers, and never waits
// for the manager's goroutine.
func TestScanAfterClose(t *testing.T) {
	z := mouse.New()
	frame := z.Mark("a", "[ OK ]") + " rest"
	z.Close()
	for range 300 { // more than the manager's queue holds
		if got := z.Scan(frame); got != "[ OK ] rest" {
			t.Fatalf("after Close Scan gives %q", got)
		}
	}
}

// TestForgedMarkerMovesNoZone: a marker in text a view forgot to
// sanitise (a host's name holding a real zone's marker) neither vanishes
// nor moves that zone to the host's text: the frame shows it as ^[ and
// no click lands in the forged place.
func TestForgedMarkerMovesNoZone(t *testing.T) {
	z := mouse.New()
	defer z.Close()
	marked := z.Mark("tab0", "Configs")
	gid := marked[:strings.Index(marked, "C")]
	frame := marked + "\n\n\nname: " + gid + "FORGED" + gid
	out := mousetest.Settle(t, z, func() string { return z.Scan(frame) })
	if !strings.Contains(out, "^[") || strings.Contains(out, "\x1b") {
		t.Fatalf("the forged marker was not shown as text: %q", out)
	}
	if z.In("tab0", mousetest.Click(7, 3)) {
		t.Fatal("a click on the host's text lands in the Configs tab's zone")
	}
	// One pair, as every zone of a frame has, is a zone as before.
	again := z.Mark("tab0", "Configs")
	mousetest.Settle(t, z, func() string { return z.Scan(again + "\nplain") })
	if !z.In("tab0", mousetest.Click(2, 0)) {
		t.Fatal("a zone marked once is no longer clickable")
	}
}
