package templates

import (
	"strings"
	"testing"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// y copies the selected template's document.
func TestCopyTemplate(t *testing.T) {
	var clip panetest.Clipboard
	_, m, r := panetest.Open(t, func(c *common.Common) *Model { c.Output = &clip; return New(c) }, nil)
	r.Key("y")
	if got := clip.Copied(t); got != m.Doc.Document() || !strings.Contains(got, `<Task name="Nightly verify"`) {
		t.Fatalf("copied %q", got)
	}
}
