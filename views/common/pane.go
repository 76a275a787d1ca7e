package common

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/gateway/hostdoc"
	"dpconsole/text/sanitize"
	"dpconsole/theme"
)

// What the panes with a list above a document (and the panes that act on
// the host) do alike, so each says it once.

// FlashError returns a command that shows text in the footer as an
// error.
func FlashError(text string) tea.Cmd {
	return func() tea.Msg { return FlashMsg{Text: text, Error: true} }
}

// FailSession reports err from op when it means the session is gone (the
// shell then sends the operator to login); other errors are the pane's to
// show, so it returns nil for them.
func FailSession(op string, err error) tea.Cmd {
	if IsSessionError(err) {
		return Fail(op, err)
	}
	return nil
}

// Mutating runs do unless the console is read-only, in which case it
// says what cannot be done (what, e.g. "delete a configuration") and how
// to allow it.
func (c *Common) Mutating(what string, do func() tea.Cmd) tea.Cmd {
	if c.ReadOnly {
		return FlashError("read-only mode: cannot " + what + " (" + c.ReadOnlyRemedy() + ")")
	}
	return do()
}

// ReadOnlyRemedy says how to allow what read-only mode refuses: the flag
// is not always why (a gateway's read_only in the config file, the SSH
// server's --read-only).
func (c *Common) ReadOnlyRemedy() string {
	if c.ReadOnlyWhy != "" {
		return c.ReadOnlyWhy
	}
	return "restart without --read-only"
}

// ValidName returns a prompt check that s is a valid name for a host item
// of kind ("ID", "script", "configuration").
func ValidName(kind string) func(string) error {
	return func(s string) error { return hostdoc.ValidName(kind, s) }
}

// Heading renders text as a pane heading ruled to width, e.g.
// "── tasks of production ────".
func Heading(s *theme.Styles, text string, width int) string {
	if width > 0 && lipgloss.Width(text) > width {
		text = ansi.Truncate(text, width, "…") // by cells: never half a character
	}
	return s.PaneTitle.Render(text + strings.Repeat("─", max(0, width-lipgloss.Width(text))))
}

// SplitListDoc shares height between a list of rows (at most a third of
// the height, at least three rows, plus its header) and the document
// under it, leaving the pane's title, the document's heading, the footer
// line and bottom lines of prompts or questions.
func SplitListDoc(height, rows, bottom int) (listH, docH int) {
	listH = min(rows, max(3, height/3)) + 1
	return listH, max(0, height-listH-3-bottom)
}

// ListStatus words a list that is not shown yet: loading (loading, e.g.
// "loading templates…"), cancelled, or failed (what names it, e.g. "the
// templates"). It returns "" once the list is loaded.
func ListStatus(s *theme.Styles, loaded bool, err error, what, loading string) string {
	switch {
	case loaded:
		return ""
	case IsCancelled(err):
		return s.Empty.Render("loading cancelled — press r to try again")
	case err != nil:
		msg := err.Error()
		if IsAgentOffline(err) {
			msg = "the agent is offline: start the agent, then press r"
		}
		return s.Error.Render(sanitize.SanitizeLine("cannot list "+what+": "+msg)) + "\n" + s.Muted.Render("press r to retry")
	}
	return s.Empty.Render(loading)
}
