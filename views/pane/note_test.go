package pane

import (
	"strings"
	"testing"
)

// TestHostChangeNoteRoundTrip: the note beside an edit-again is valid
// inside an XML comment and comes out whole, leaving the operator's
// version as it was.
func TestHostChangeNoteRoundTrip(t *testing.T) {
	mine := []byte("<Tasks/>\n")
	change := "--- host when you opened it\n+++ host now\n-<a/>\n+<b/>\n"
	with := WithHostChange(mine, change)
	if !strings.Contains(string(with), "+<b/>") || strings.Count(string(with), "--") != 2 {
		t.Fatalf("note %q: the diff is missing or a -- inside breaks the comment (only <!-- and --> may have one)", with)
	}
	if got := StripNote(with); string(got) != string(mine) {
		t.Fatalf("StripNote left %q", got)
	}
	if got := StripNote([]byte("<Tasks/>")); string(got) != "<Tasks/>" {
		t.Fatalf("StripNote changed a document without a note: %q", got)
	}
}

// TestNoteComesFirst: the note is where the editor opens, after an XML
// declaration, and comes out whole.
func TestNoteComesFirst(t *testing.T) {
	for _, mine := range []string{"<Tasks/>\n", "<?xml version=\"1.0\"?>\n<Tasks/>\n"} {
		with := string(WithHostChange([]byte(mine), "+<b/>\n"))
		if strings.HasPrefix(mine, "<?xml") {
			if !strings.HasPrefix(with, "<?xml version=\"1.0\"?>\n<!-- dpconsole") {
				t.Errorf("the note is not right after the declaration:\n%s", with)
			}
		} else if !strings.HasPrefix(with, "<!-- dpconsole") {
			t.Errorf("the note is not at the top:\n%s", with)
		}
		if got := string(StripNote([]byte(with))); got != mine {
			t.Errorf("StripNote left %q, want %q", got, mine)
		}
	}
}
