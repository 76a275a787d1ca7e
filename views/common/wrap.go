package common

import "dpconsole/text/wordwrap"

// ReasonLines is how many lines a pane gives a refusal or validation
// reason: enough to read a host's message at 80 columns without pushing
// the pane's content off the screen.
const ReasonLines = 4

// Wrap breaks text into lines of at most width cells (at spaces where it
// can, mid-word where it must, never at a hyphen, so "--gateway URL"
// stays whole) and keeps at most maxLines of them, ending the last kept
// one with "…" when some were cut. The shell cuts every line at the
// pane's width, so a long reason shown on one line would be lost past
// the edge. It is wordwrap.Limit, the project's one wrapper, with the
// pane's defaults.
func Wrap(text string, width, maxLines int) []string {
	return wordwrap.Limit(text, max(1, width), max(1, maxLines))
}
