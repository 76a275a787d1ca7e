package common

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrap(t *testing.T) {
	reason := "tasks of production not saved: the host refused them: configSaveTasks: status 408: task sync-reports: <Schedule every> must be a duration such as 5s or 1m"
	lines := Wrap(reason+"; "+reason, 40, ReasonLines)
	if len(lines) != ReasonLines {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), ReasonLines, strings.Join(lines, "\n"))
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 40 {
			t.Fatalf("line %q is wider than 40", l)
		}
	}
	if last := lines[len(lines)-1]; !strings.HasSuffix(last, "…") {
		t.Fatalf("cut text not marked: %q", last)
	}
	whole := Wrap(reason, 80, ReasonLines)
	if got := strings.Join(whole, " "); got != reason {
		t.Fatalf("at 80 wide the reason is not whole:\n%q\nwant\n%q", got, reason)
	}
	if got := Wrap("short", 0, 0); !slices.Equal(got, []string{"…"}) {
		t.Fatalf("no room: %q, want one line with the cut marked", got)
	}
}

// A reason naming a flag and its argument never splits them, at any
// width where the pair fits on a line.
func TestWrapKeepsFlagsWhole(t *testing.T) {
	reason := "not connected: no host given; start the console with --gateway URL or set DPCONSOLE_GATEWAY, or try --demo"
	for w := len("--gateway URL"); w <= 80; w++ {
		lines := Wrap(reason, w, 20)
		joined := strings.Join(lines, "\n")
		if !strings.Contains(joined, "--gateway URL") {
			t.Fatalf("width %d: --gateway URL split:\n%s", w, joined)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Fatalf("width %d: line %q is too wide", w, l)
			}
			if strings.HasSuffix(l, "-") || strings.HasPrefix(l, "gateway") {
				t.Fatalf("width %d: a flag was broken at its hyphen:\n%s", w, joined)
			}
		}
	}
}
