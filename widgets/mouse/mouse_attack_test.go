package mouse_test

import (
	"strings"
	"testing"

	"dpconsole/text/sanitize"
	"dpconsole/widgets/mouse"
	"dpconsole/widgets/mouse/mousetest"
)

// Defence in depth: the root runs Scan before the frame filter
// (sanitize.Frame), so the filter never sees a marker-shaped sequence
// (ESC [ digits z) that a view forgot to sanitise: Scan silently eats it,
// and when it is a real zone's marker, moves that zone to where the host
// put it. Every other escape a view forgets is shown as ^[ by the filter.
func TestAttackUnsanitisedMarkerIsEatenBeforeTheFilter(t *testing.T) {
	z := mouse.New()
	defer z.Close()
	marked := z.Mark("tab0", "Configs")
	gid := marked[:strings.Index(marked, "C")]
	forged := gid + "FORGED" + gid // what a host's name holds
	frame := marked + "\n\n\n" + "name: " + forged
	out := sanitize.Frame(mousetest.Settle(t, z, func() string { return z.Scan(frame) }))
	t.Logf("the terminal got %q", out)
	if !strings.Contains(out, "^[") {
		t.Errorf("a host's unsanitised marker reached the screen neither shown nor filtered: %q", out)
	}
	if x, y := 7, 3; z.In("tab0", mousetest.Click(x, y)) {
		t.Errorf("the host's marked word (line %d) is now the Configs tab's zone: a click on it switches tabs", y)
	}
}
