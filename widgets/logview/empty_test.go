package logview

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dpconsole/keymap"
)

// TestEmptyTextWraps: what an empty log says (the too-large log's remedy)
// is wrapped to the width, not cut: it may be all there is on screen.
func TestEmptyTextWraps(t *testing.T) {
	m := New(styles(termenv.Ascii), keymap.Default())
	m.SetSize(40, 10)
	text := "the log is larger than the 2 KiB the console reads: raise max_log_size in the config file (or --max-log-size) to see it"
	m.SetEmptyText(text)
	v := m.View()
	for _, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > 40 {
			t.Fatalf("a line of %d cells:\n%s", w, v)
		}
	}
	if flat := strings.Join(strings.Fields(v), " "); !strings.Contains(flat, "(or --max-log-size) to see it") {
		t.Fatalf("the remedy is cut:\n%s", v)
	}
}
