package common_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// TestHeadingFitsByCells: a heading longer than its width is cut by
// display cells with an ellipsis, never mid-character, and a short one
// is ruled to the width.
func TestHeadingFitsByCells(t *testing.T) {
	s := panetest.AsciiStyles()
	for _, text := range []string{"── tasks of 日本語の設定名前長い設定 ", "── tasks of production "} {
		h := common.Heading(s, text, 20)
		if w := ansi.StringWidth(h); w != 20 || !utf8.ValidString(h) {
			t.Errorf("Heading(%q, 20) = %q: %d cells", text, h, w)
		}
	}
	if h := common.Heading(s, "── x ", 10); !strings.HasSuffix(h, "─────") {
		t.Errorf("short heading not ruled: %q", h)
	}
}
