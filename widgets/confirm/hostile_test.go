package confirm

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"dpconsole/keymap"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// The title and body quote the host's names ("Reset task T of C?"): they
// are shown as sanitize shows them and laid out as shown, so the dialog
// fits its space and a terminal obeys nothing in it.
func TestHostNamesInTitleAndBody(t *testing.T) {
	const hostile = "prod\x1b]0;OWNED\a\x1b[2J\r\u202eevil\u2028"
	m := New(panetest.AsciiStyles(), keymap.Default().Dialog, common.ConfirmMsg{
		Title:  "Validation of the tasks of " + hostile + hostile,
		Body:   "Reset task " + hostile + " of " + hostile + hostile + "?\n\nIts counts start again.",
		Action: "Reset",
	})
	m.SetSize(80, 24)
	v := m.View()
	if s := ansi.Strip(v); strings.ContainsAny(s, "\x1b\a\r\u202e\u2028") {
		t.Fatalf("a raw control reached the dialog: %q", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("a line is %d wide: %q", w, l)
		}
	}
	for _, want := range []string{"Validation of the tasks of prod^[]0;OWNED^G", "Reset task prod^[]0;OWNED^G", "Its counts start again."} {
		if !strings.Contains(v, want) {
			t.Errorf("dialog lacks %q:\n%s", want, v)
		}
	}
}
