package msgroute

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

type mine struct{ n int }

// TestRepliesAreAddressed: a command's message, each of a batch's and of
// a sequence's comes back for the child that returned it; the runtime's
// own messages pass as they are.
func TestRepliesAreAddressed(t *testing.T) {
	say := func(n int) tea.Cmd { return func() tea.Msg { return mine{n} } }
	if r, ok := To("a", say(1))().(Reply[string]); !ok || r.To != "a" || r.Msg != (mine{1}) {
		t.Fatalf("plain: %#v", r)
	}
	batch := To(7, tea.Batch(say(2), say(3)))().(tea.BatchMsg)
	for _, c := range batch {
		if r, ok := c().(Reply[int]); !ok || r.To != 7 {
			t.Fatalf("batch: %#v", r)
		}
	}
	cmds, ok := Sequence(To("s", tea.Sequence(say(4), say(5)))())
	if !ok || len(cmds) != 2 {
		t.Fatalf("sequence: %v %d", ok, len(cmds))
	}
	for _, c := range cmds {
		if r, ok := c().(Reply[string]); !ok || r.To != "s" {
			t.Fatalf("sequence step: %#v", r)
		}
	}
	if msg := To("q", tea.Quit)(); msg != tea.Quit() {
		t.Fatalf("quit was wrapped: %#v", msg)
	}
	if To("x", nil) != nil {
		t.Fatal("a nil command was wrapped")
	}
}
