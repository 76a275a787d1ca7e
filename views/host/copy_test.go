package host

import (
	"strings"
	"testing"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// y copies the machine fingerprint document to the operator's clipboard.
func TestCopyFingerprint(t *testing.T) {
	var clip panetest.Clipboard
	_, m, r := panetest.Open(t, func(c *common.Common) *Model { c.Output = &clip; return New(c) }, nil)
	r.Key("y")
	if got := clip.Copied(t); got == "" || got != m.raw {
		t.Fatalf("copied %q, want the fingerprint document", got)
	}
	if f := r.Flashes(); len(f) == 0 || !strings.HasPrefix(f[len(f)-1], "copied the machine fingerprint to your clipboard (") {
		t.Fatalf("flashes %v", f)
	}
}
