package tasks

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// `/` filters the tasks as typed: the pane captures the keys, the title
// counts what shows, Enter keeps the filter and Esc clears it.
func TestFilterTasks(t *testing.T) {
	_, m, r := start(t)
	all := len(m.rows)
	r.Key("/")
	r.Type("sync")
	if !m.Capturing() || m.selected() != "sync-reports" || !strings.Contains(m.View(), "· 1 of "+strconv.Itoa(all)) {
		t.Fatalf("selected %q:\n%s", m.selected(), m.View())
	}
	r.Key("enter")
	if m.Capturing() || !m.ConsumesEsc() {
		t.Fatal("enter did not keep the filter")
	}
	r.Key("/")
	r.Type("zzz") // nothing matches: the filter's line still shows
	if v := m.View(); !strings.Contains(v, "/synczzz") || !strings.Contains(v, "no row matches") {
		t.Fatalf("no match:\n%s", v)
	}
	for range 3 {
		r.Key("backspace")
	}
	r.Key("enter")
	r.Key("esc")
	if m.ConsumesEsc() || m.list.Len() != all || m.selected() != "sync-reports" {
		t.Fatalf("esc: %d rows, selected %q", m.list.Len(), m.selected())
	}
}

// o cycles the order: name, status, last run, errors, then the
// document's again; the selection stays on its task and the header marks
// the sorted column.
func TestSortTasks(t *testing.T) {
	env, m, r := start(t)
	env.Run(3 * time.Minute)
	r.Key("r")
	doc := taskNames(m)
	r.Key("down")
	sel := m.selected()
	r.Key("o")
	if got := taskNames(m); !sort.StringsAreSorted(got) || m.selected() != sel || !strings.Contains(m.View(), "Task↑") {
		t.Fatalf("by name %v, selected %q:\n%s", got, m.selected(), m.View())
	}
	r.Key("o")
	r.Key("o")
	for i := 1; i < len(m.rows); i++ {
		if m.rows[i].Status.StartTime.After(m.rows[i-1].Status.StartTime) {
			t.Fatalf("by last run: %v", m.rows)
		}
	}
	r.Key("o")
	if !slices.IsSortedFunc(m.rows, func(a, b taskRow) int { return b.Status.ErrorCount - a.Status.ErrorCount }) ||
		!strings.Contains(m.View(), "sorted by errors") {
		t.Fatalf("by errors:\n%s", m.View())
	}
	r.Key("r") // a poll keeps the order
	if !slices.IsSortedFunc(m.rows, func(a, b taskRow) int { return b.Status.ErrorCount - a.Status.ErrorCount }) {
		t.Fatalf("a refresh lost the order: %v", taskNames(m))
	}
	r.Key("o")
	if got := taskNames(m); !slices.Equal(got, doc) || strings.Contains(m.View(), "↓") {
		t.Fatalf("document order %v, want %v", got, doc)
	}
}

// Enter opens the task's detail; pause acts on its task; Esc closes it
// (before it would go back); y copies the selected task's name.
func TestDetailAndCopy(t *testing.T) {
	var clip panetest.Clipboard
	_, m, r := panetest.Open(t, func(c *common.Common) *Model {
		c.TaskRefresh, c.Output = time.Nanosecond, &clip
		return New(c)
	}, isTick)
	r.Key("y")
	if got := clip.Copied(t); got != m.selected() || got == "" {
		t.Fatalf("copied %q", got)
	}
	task := m.selected()
	r.Key("enter")
	if !m.ConsumesEsc() || !strings.Contains(m.View(), "Task "+task+" of ") || !strings.Contains(m.View(), "recent") {
		t.Fatalf("no detail:\n%s", m.View())
	}
	r.Key("p")
	if f := r.Flashes(); len(f) == 0 || !strings.Contains(f[len(f)-1], "paused task "+task) {
		t.Fatalf("flashes %v", f)
	}
	r.Key("esc")
	if m.ConsumesEsc() || strings.Contains(m.View(), "Task "+task+" of ") {
		t.Fatalf("esc did not close the detail:\n%s", m.View())
	}
}

// A table sorted by errors at 80x24.
func TestGoldenSorted(t *testing.T) {
	env := panetest.Start(t)
	env.Run(time.Minute)
	env.Common.TaskRefresh = 0
	tm := panetest.Run(t, New(env.Common), 80, 24)
	panetest.WaitFor(t, tm, "nightly-audit", "refresh every")
	for range 4 {
		tm.Send(panetest.KeyMsg("o"))
	}
	panetest.WaitFor(t, tm, "sorted by errors")
	panetest.RequireGolden(t, panetest.FinalView(t, tm))
}
