package highlight

import (
	"strings"
	"testing"
	"time"

	"github.com/muesli/termenv"
)

// A host's document is highlighted with chroma, whose lexers are
// backtracking regular expressions. Documents up to 64 KiB are
// highlighted inside Update (widgets/doc.SyncLimit): one of unterminated
// constructs must not take seconds.
func TestPathologicalXMLUnderTheSyncLimit(t *testing.T) {
	const limit = 64 << 10
	h := New("monokai", termenv.ANSI256)
	for _, unit := range []string{"<![CDATA[", "<?x ", "<!--", "<!DOCTYPE ", "<a b='", "&#"} {
		doc := strings.Repeat(unit, (limit-1)/len(unit))
		start := time.Now()
		h.Lines(doc, "xml")
		d := time.Since(start)
		t.Logf("%q x%d (%d bytes): %s", unit, len(doc)/len(unit), len(doc), d)
		if d > time.Second {
			t.Errorf("%q: %d bytes took %s to highlight", unit, len(doc), d)
		}
	}
}
