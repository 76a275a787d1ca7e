package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// ReasonLines is how many lines a pane gives a refusal or validation
// reason: enough to read a host's message at 80 columns without pushing
// the pane's content off the screen.
const ReasonLines = 4

// Wrap breaks text into lines of at most width cells (at spaces where it
// can, mid-word where it must) and keeps at most maxLines of them, ending
// the last kept one with "…" when some were cut. The shell cuts every
// line at the pane's width, so a long reason shown on one line would be
// lost past the edge.
func Wrap(text string, width, maxLines int) []string {
	width, maxLines = max(1, width), max(1, maxLines)
	lines := strings.Split(ansi.Wrap(text, width, " "), "\n")
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = ansi.Truncate(lines[maxLines-1], width-1, "") + "…"
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}
