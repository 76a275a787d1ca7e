package shared

import (
	"strings"
	"testing"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// y copies a preset's document, and an ID's name (an ID is binary).
func TestCopySharedItem(t *testing.T) {
	var clip panetest.Clipboard
	_, m, r := panetest.Open(t, func(c *common.Common) *Model { c.Output = &clip; return New(c) }, nil)
	row(m, "Strict")
	r.Send(m.loadSelected()())
	r.Key("y")
	if got := clip.Copied(t); !strings.Contains(got, `<RulePreset name="Strict"`) {
		t.Fatalf("copied %q", got)
	}
	row(m, "shared-ops.iic")
	r.Key("y")
	if got := clip.Copied(t); got != "shared-ops.iic" {
		t.Fatalf("copied %q", got)
	}
}
