package tasks

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestHostDownMarksRowsStale: when the host stops answering, the rows
// stay (the last known state) but the pane says they are stale, and the
// transport error is shown whole, wrapped at 80 columns, right under the
// rows rather than after blank ones.
func TestHostDownMarksRowsStale(t *testing.T) {
	env, m, r := start(t)
	m.SetSize(80, 24)
	before := len(m.rows)
	env.Host.Close()
	r.Key("r")
	if !m.stale() || len(m.rows) != before {
		t.Fatalf("stale=%v rows=%d (had %d), err=%v", m.stale(), len(m.rows), before, m.err)
	}
	view := m.View()
	lines := strings.Split(view, "\n")
	if len(lines) != 24 {
		t.Fatalf("view is %d lines, want 24", len(lines))
	}
	if !strings.Contains(lines[0], "last known — host not answering") || strings.Contains(lines[0], "agent: Active") {
		t.Fatalf("title does not mark the rows stale: %q", lines[0])
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 80 {
			t.Fatalf("line wider than 80: %q", l)
		}
	}
	text := strings.Join(lines, " ")
	if !strings.Contains(text, "host not answering — the rows are the last known, retrying:") ||
		!strings.Contains(strings.ReplaceAll(text, " ", ""), strings.ReplaceAll(m.err.Error(), " ", "")) {
		t.Fatalf("the error is not shown whole:\n%s", view)
	}
	// Title, table header, the rows, the detail: then the status at once.
	status := 1 + 1 + len(m.rows) + m.detailHeight()
	if !strings.HasPrefix(lines[status], "host not answering") {
		t.Fatalf("line %d = %q, want the status right after the rows and detail:\n%s", status, lines[status], view)
	}
}
