package pane

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"dpconsole/views/panetest"
)

// The which-kind question quotes a host's name ("Save from C to a file:"):
// it is shown as sanitize shows it and wrapped to the pane as shown, and
// the pane is told its height.
func TestQuestionQuotingTheHost(t *testing.T) {
	f := NewFrame(panetest.NewCommon(context.Background(), nil, time.Now))
	f.SetSize(60, 20)
	f.Ask(1, "Save from prod\x1b]0;OWNED\a\x1b[2J\r\u202eevil\u2028"+strings.Repeat("x", 30)+" to a file:")
	v := f.BottomView()
	if s := ansi.Strip(v); strings.ContainsAny(s, "\x1b\a\r\u202e\u2028") {
		t.Fatalf("a raw control reached the question: %q", v)
	}
	lines := strings.Split(v, "\n")
	if len(lines) < 2 || len(lines) != f.BottomHeight() {
		t.Errorf("%d lines, BottomHeight %d:\n%s", len(lines), f.BottomHeight(), v)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("a line is %d wide: %q", w, l)
		}
	}
	if s := ansi.Strip(v); !strings.Contains(s, "prod^[]0;OWNED^G") || !strings.Contains(s, "esc cancel") {
		t.Errorf("question:\n%s", v)
	}
}
