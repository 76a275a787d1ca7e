package tasks

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// q in the task in full goes back to the table, as Esc does: the pane
// says it is nested (the shell then hands it q) and closes the detail on
// q, quitting nothing. At the table it is not nested, filtered or not,
// so q quits there as before.
func TestQInDetailGoesBack(t *testing.T) {
	_, m, r := start(t)
	if m.Nested() {
		t.Fatal("the table is nested")
	}
	r.Key("enter")
	if !m.Nested() {
		t.Fatal("the task in full is not nested: q would quit the console")
	}
	_, cmd := m.Update(panetest.KeyMsg("q"))
	for _, msg := range panetest.Collect(cmd) {
		if _, ok := msg.(tea.QuitMsg); ok {
			t.Fatal("q in the task in full quit")
		}
	}
	if m.full != nil || m.Nested() || !strings.Contains(m.View(), "Tasks of production") {
		t.Fatalf("q did not go back to the table:\n%s", m.View())
	}
	r.Key("/")
	r.Type("sync")
	r.Key("enter")
	if m.Nested() {
		t.Fatal("a kept filter counts as nested: q would not quit")
	}
}

// Sort by status is by severity, not by the alphabet: failing first,
// then running, waiting, paused, never run. The name's order is marked
// ascending (↑), the others descending (↓), and no mark moves Last error.
func TestSortBySeverityAndMarks(t *testing.T) {
	_, m, r := start(t)
	m.SetSize(100, 20)
	m.rows = []taskRow{
		{Name: "a-off", Known: true, Off: true, Status: gateway.TaskStatus{Status: "Idle"}},
		{Name: "b-err", Known: true, Status: gateway.TaskStatus{Status: "Error", ErrorCount: 3}},
		{Name: "c-exec", Known: true, Status: gateway.TaskStatus{Status: "Executing"}},
		{Name: "d-idle", Known: true, Status: gateway.TaskStatus{Status: "Idle"}},
		{Name: "e-paused", Known: true, Status: gateway.TaskStatus{Status: "Paused"}},
		{Name: "f-wait", Known: true, Status: gateway.TaskStatus{Status: "Waiting"}},
	}
	m.cols = widths{}
	m.fitColumns()
	// The cell Last error starts at (the marks are one cell, three bytes).
	at := func(h string) int { return lipgloss.Width(h[:strings.Index(h, "Last error")]) }
	lastErr := at(header(m))
	for _, tc := range []struct {
		order order
		mark  string
	}{{byName, "Task↑"}, {byStatus, "Status↓"}, {byLastRun, "Started↓"}, {byErrors, "Errs↓"}} {
		m.order = tc.order
		m.sortRows()
		m.cols = widths{}
		m.fitColumns()
		h := header(m)
		if !strings.Contains(h, tc.mark) {
			t.Errorf("sorted by %s the header lacks %q: %q", tc.order, tc.mark, h)
		}
		if got := at(h); got != lastErr {
			t.Errorf("sorted by %s Last error moved from %d to %d: %q", tc.order, lastErr, got, h)
		}
		if tc.order == byStatus {
			want := []string{"b-err", "c-exec", "d-idle", "f-wait", "e-paused", "a-off"}
			if got := taskNames(m); !slices.Equal(got, want) {
				t.Errorf("by status %v, want %v", got, want)
			}
		}
	}
	_ = r
}

// p (and u, x, y) with no row selected, after a filter matched none,
// says so.
func TestNoTaskSelected(t *testing.T) {
	_, m, r := start(t)
	r.Key("/")
	r.Type("zzz")
	r.Key("enter")
	if m.selected() != "" {
		t.Fatalf("selected %q with no row matching", m.selected())
	}
	for _, k := range []string{"p", "u", "x", "y"} {
		r.Reset()
		r.Key(k)
		if f := r.Flashes(); len(f) != 1 || f[0] != noTask {
			t.Errorf("%s with no row: flashes %v", k, f)
		}
	}
}

// nextCells are the Next run cells of the table, by task.
func nextCells(t *testing.T, m *Model) map[string]string {
	t.Helper()
	col := slices.Index(m.cols.shownColumns(), colNext)
	if col < 0 {
		t.Fatalf("no Next run column at %d columns", m.width)
	}
	out := map[string]string{}
	for i, row := range m.tableRows() {
		out[m.rows[i].Name] = row[col]
	}
	return out
}

// A configuration that is not the active one, or an agent that is
// Disabled, runs nothing: no next run shows ("—"), in the table and in
// the task in full, which says why.
func TestNoNextRunWhenNothingRuns(t *testing.T) {
	env, m, r := start(t)
	m.SetSize(140, 30)
	r.Send(common.ConfigSelectedMsg{Config: "staging"})
	for task, cell := range nextCells(t, m) {
		if cell != "—" {
			t.Errorf("staging's %s shows next run %q", task, cell)
		}
	}
	r.Key("enter")
	if v := m.View(); !strings.Contains(v, "not scheduled: production is the active configuration") || strings.Contains(v, "next ") {
		t.Fatalf("the task in full of staging:\n%s", v)
	}
	r.Key("esc")

	r.Send(common.ConfigSelectedMsg{Config: "production"})
	if cell := nextCells(t, m)["protect-inbox"]; cell == "—" {
		t.Fatal("the active configuration's task has no next run: the test proves nothing")
	}
	if err := env.Common.Client.AgentAlter(env.Common.Ctx, "Disable"); err != nil {
		t.Fatal(err)
	}
	r.Key("r")
	for task, cell := range nextCells(t, m) {
		if cell != "—" {
			t.Errorf("with the agent disabled %s shows next run %q", task, cell)
		}
	}
	r.Key("enter")
	if v := m.View(); !strings.Contains(v, "not scheduled: the agent is Disabled") {
		t.Fatalf("the task in full with the agent disabled:\n%s", v)
	}
}

// A run due since the last start, which the status does not show yet,
// is "due", not the run after it (which would look like a missed one).
func TestNextRunDue(t *testing.T) {
	env, m, r := start(t)
	m.SetSize(140, 30)
	env.Run(20 * time.Second)
	r.Key("r")
	i := slices.IndexFunc(m.rows, func(r taskRow) bool { return r.Name == "protect-inbox" }) // every 5 seconds
	m.rows[i].Status.StartTime = env.Clock.Now().Add(-6 * time.Second)
	if got := nextCells(t, m)["protect-inbox"]; got != "due" {
		t.Fatalf("next run %q a second after it was due", got)
	}
}

// The help lists each key once: Enter only as "the task in full"; and
// while the task is open in full, only its keys (no table keys, r once).
func TestHelpListsKeysOnce(t *testing.T) {
	_, m, r := start(t)
	keysOf := func(groups [][]key.Binding) []string {
		var out []string
		for _, g := range groups {
			for _, b := range g {
				if b.Enabled() {
					out = append(out, b.Help().Key)
				}
			}
		}
		return out
	}
	dupes := func(keys []string) []string {
		seen, out := map[string]bool{}, []string(nil)
		for _, k := range keys {
			if seen[k] {
				out = append(out, k)
			}
			seen[k] = true
		}
		return out
	}
	if d := dupes(keysOf(m.FullHelp())); len(d) > 0 {
		t.Errorf("the table's help lists %v twice: %v", d, panetest.HelpDescs(m.FullHelp()))
	}
	r.Key("enter")
	full := keysOf(m.FullHelp())
	if d := dupes(full); len(d) > 0 {
		t.Errorf("the detail's help lists %v twice: %v", d, panetest.HelpDescs(m.FullHelp()))
	}
	descs := panetest.HelpDescs(m.FullHelp())
	for _, k := range []string{m.c.Keys.Task.ResetAll.Help().Key, m.c.Keys.Table.Filter.Help().Key, m.c.Keys.Task.Sort.Help().Key} {
		if _, ok := descs[k]; ok {
			t.Errorf("the detail's help has the table's %s: %v", k, descs)
		}
	}
	if descs[m.c.Keys.Nav.Enter.Help().Key] != "its log" {
		t.Errorf("enter in the detail's help: %q", descs[m.c.Keys.Nav.Enter.Help().Key])
	}
	short := keysOf([][]key.Binding{m.ShortHelp()})
	if d := dupes(short); len(d) > 0 || !slices.Contains(short, m.c.Keys.Task.Pause.Help().Key) {
		t.Errorf("the detail's footer: %v", short)
	}
}
