package doc

import (
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"dpconsole/keymap"
	"dpconsole/text/highlight"
)

func newDoc() Model {
	return New(highlight.New("", termenv.Ascii), "xml", KeysFrom(keymap.Default().Nav, true))
}

func TestSmallDocumentRenderedAtOnce(t *testing.T) {
	m := newDoc()
	m.SetSize(40, 5)
	if cmd := m.SetDocument("<a>\n  <b/>\n</a>\n"); cmd != nil {
		t.Fatal("a small document was highlighted in the background")
	}
	if v := m.View(); !strings.Contains(v, "<b/>") {
		t.Fatalf("view %q", v)
	}
}

func TestBigDocumentHighlightedInCommand(t *testing.T) {
	m := newDoc()
	m.SetSize(40, 5)
	big := strings.Repeat("<a>\x1b[31m</a>\n", SyncLimit/10)
	cmd := m.SetDocument(big)
	if cmd == nil {
		t.Fatal("a big document was highlighted inside Update")
	}
	if strings.Contains(m.View(), "\x1b[31m") {
		t.Fatal("the plain first view let an escape sequence through")
	}
	msg := cmd()
	m.SetDocument("<other/>") // the reply is now stale
	m.Update(msg)
	if !strings.Contains(m.View(), "<other/>") {
		t.Fatalf("a stale highlight replaced the document: %q", m.View())
	}
}

func TestPretty(t *testing.T) {
	got := Pretty("<M><H>x</H><F>y</F></M>")
	want := "<M>\n  <H>x</H>\n  <F>y</F>\n</M>\n"
	if got != want {
		t.Fatalf("Pretty = %q, want %q", got, want)
	}
	for _, keep := range []string{"<a>\n</a>", "<a><b></a>", `<!DOCTYPE x><a/>`} {
		if Pretty(keep) != keep {
			t.Errorf("Pretty changed %q", keep)
		}
	}
}

// A background highlight belongs to the viewer that asked: another viewer
// at the same point of its own history ignores it, and a copy of the
// viewer (Bubble Tea parents hold models by value) takes it.
func TestHighlightReplyFindsItsOwnViewer(t *testing.T) {
	big := strings.Repeat("<a>x</a>\n", SyncLimit/8)
	a, b := newDoc(), newDoc()
	a.SetSize(40, 5)
	b.SetSize(40, 5)
	cmdA := a.SetDocument(big)
	if cmdA == nil || b.SetDocument(big) == nil {
		t.Fatal("a big document was highlighted inside Update")
	}
	reply := cmdA().(renderedMsg)
	reply.lines = []string{"<highlighted/>"} // tell the reply from the plain first view

	b.Update(reply)
	if strings.Contains(b.View(), "<highlighted/>") {
		t.Fatal("another viewer took the reply")
	}
	c := a
	c.Update(reply)
	if !strings.Contains(c.View(), "<highlighted/>") {
		t.Fatalf("a copy of the viewer ignored its own reply: %q", c.View())
	}
}

// A document replaced before its background highlight finished stops that
// highlight: the command gives up (no reply, nothing left burning) rather
// than colouring a document nobody shows.
func TestReplacedDocumentStopsItsHighlight(t *testing.T) {
	m := New(highlight.New("monokai", termenv.ANSI256), "xml", KeysFrom(keymap.Default().Nav, true))
	m.SetSize(40, 5)
	big := strings.Repeat("<a>x</a>\n", SyncLimit/8)
	for _, replace := range []func(){
		func() { m.SetDocument("<other/>") },
		func() { m.Clear() },
		func() { m.SetLines([]string{"x"}) },
	} {
		m.Clear()
		cmd := m.SetDocument(big)
		if cmd == nil {
			t.Fatal("a big document was highlighted inside Update")
		}
		replace()
		if msg := cmd(); msg != nil {
			t.Errorf("a replaced document's highlight went on and answered %T", msg)
		}
	}
	cmd := m.SetDocument(big + "<b/>")
	if msg, ok := cmd().(renderedMsg); !ok || len(msg.lines) == 0 {
		t.Fatal("the document shown was not highlighted")
	}
}

// A malformed document is shown plain, whatever its size, and one under
// SyncLimit at once.
func TestMalformedDocumentShownPlain(t *testing.T) {
	m := New(highlight.New("monokai", termenv.ANSI256), "xml", KeysFrom(keymap.Default().Nav, true))
	m.SetSize(40, 5)
	if cmd := m.SetDocument("<Tasks>&#&#</Tasks>"); cmd != nil {
		t.Fatal("a small document went to the background")
	}
	if v := m.View(); strings.Contains(v, "\x1b[") || !strings.Contains(v, "<Tasks>&#&#</Tasks>") {
		t.Errorf("view %q", v)
	}
}
