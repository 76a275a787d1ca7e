package highlight

import (
	"fmt"
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

// tasksDocument builds a tasks document of at least size bytes.
func tasksDocument(size int) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\"?>\n<Tasks>\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `  <Task name="protect-inbox-%d" enabled="true">
    <Description>Protect new files in inbox %d</Description>
    <Schedule every="30s"/>
    <!-- optional: looked up in the configuration, then the shared area -->
    <ID>operations.iic</ID>
    <Script>protect.xml</Script>
    <Action type="protect" source="/data/inbox/%d" target="/data/protected/%d"/>
  </Task>
`, i, i, i, i)
	}
	b.WriteString("</Tasks>\n")
	return b.String()
}

// BenchmarkHighlight highlights a 1 MiB tasks document: "first" is the
// baseline (a cold cache), "cached" the same document served again.
func BenchmarkHighlight(b *testing.B) {
	doc := tasksDocument(1 << 20)
	b.Run("first", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for i := 0; i < b.N; i++ {
			h := New("monokai", termenv.TrueColor)
			if len(h.XML(doc)) == 0 {
				b.Fatal("no lines")
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		h := New("monokai", termenv.TrueColor)
		h.XML(doc)
		b.SetBytes(int64(len(doc)))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if len(h.XML(doc)) == 0 {
				b.Fatal("no lines")
			}
		}
	})
}
