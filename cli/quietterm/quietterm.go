// Package quietterm keeps the CLI from querying the terminal.
//
// Bubble Tea v1's init asks Lip Gloss's default renderer for the
// terminal's background, which sends OSC 11 and a cursor-position request
// and waits up to five seconds for an answer that a plain terminal or
// script(1) never gives: every `dpconsole call` on a terminal paid it.
// This package's init runs before Bubble Tea's (Go initialises, among the
// packages whose imports are ready, the one first by import path, and
// "dpconsole/…" sorts before "github.com/…"), and settles the default
// renderer's background so nothing asks. The console does not use the
// default renderer: it builds its own and detects the background once at
// start (cli/consoleroot.go).
package quietterm

import "github.com/charmbracelet/lipgloss"

func init() {
	// A dark background is the common case and only picks adaptive
	// colours of a renderer the CLI never draws with.
	lipgloss.SetHasDarkBackground(true)
}
