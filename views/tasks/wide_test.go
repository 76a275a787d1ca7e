package tasks

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
	"dpconsole/views/taskdetail"
)

// calls counts the functions a client called.
type calls struct {
	mu sync.Mutex
	by map[string]int
}

func (c *calls) n(function string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.by[function]
}

// startCounted is start with a client whose calls are counted, after
// run of fake time.
func startCounted(t *testing.T, run time.Duration) (*panetest.Env, *Model, *panetest.Runner, *calls) {
	t.Helper()
	return startLimited(t, run, 0)
}

// startLimited is startCounted with logs over maxLog bytes refused (0:
// the default limit).
func startLimited(t *testing.T, run time.Duration, maxLog int64) (*panetest.Env, *Model, *panetest.Runner, *calls) {
	t.Helper()
	c := &calls{by: map[string]int{}}
	env, m, r := panetest.Open(t, func(cm *common.Common) *Model {
		cm.TaskRefresh = time.Nanosecond
		return New(cm)
	}, isTick)
	env.Run(run)
	cl, err := gateway.NewClient(gateway.Options{URL: env.Host.URL(), Timeout: 10 * time.Second, MaxLogSize: maxLog,
		Observe: func(function string, _ []gateway.Arg, _ int, _ error) {
			c.mu.Lock()
			c.by[function]++
			c.mu.Unlock()
		}})
	if err != nil {
		t.Fatal(err)
	}
	panetest.Login(t, env.Common.Ctx, cl)
	env.Common.Client = cl
	r.Key("r")
	return env, m, r, c
}

// header is the table's header line.
func header(m *Model) string { return strings.Split(m.View(), "\n")[1] }

// Wide terminals get Next run and the Recent strip from 120 columns, and
// Schedule from 140; at 80 there are none. Every line fits the width.
func TestWideColumns(t *testing.T) {
	_, m, r := start(t)
	r.Key("r")
	for _, tc := range []struct {
		width, height int
		has, lacks    []string
	}{
		{80, 24, []string{"Started", "Ended", "Last error"}, []string{"Next run", "Schedule", "Recent"}},
		{119, 40, []string{"Ended"}, []string{"Next run", "Schedule", "Recent"}},
		{120, 40, []string{"Next run", "Recent", "Last error"}, []string{"Schedule"}},
		{140, 40, []string{"Next run", "Schedule", "Recent", "Last error"}, nil},
		{200, 60, []string{"Started", "Ended", "Next run", "Schedule", "Execs", "Errs", "Recent", "Last error"}, nil},
	} {
		m.SetSize(tc.width, tc.height)
		h := header(m)
		for _, want := range tc.has {
			if !strings.Contains(h, want) {
				t.Errorf("at %d the header lacks %q: %q", tc.width, want, h)
			}
		}
		for _, no := range tc.lacks {
			if strings.Contains(h, no) {
				t.Errorf("at %d the header has %q: %q", tc.width, no, h)
			}
		}
		for _, l := range strings.Split(m.View(), "\n") {
			if w := lipgloss.Width(l); w > tc.width {
				t.Errorf("at %d a line is %d wide: %q", tc.width, w, l)
			}
		}
	}
}

// The wide columns say what the task in full says: the schedule in
// words, the next run as a time with the Z of --utc ("—" for a paused
// task); the sort marks its column among them and the filter still
// filters.
func TestWideColumnsSortAndFilter(t *testing.T) {
	env, m, r := start(t)
	env.Run(20 * time.Second)
	m.SetSize(200, 60)
	r.Key("r")
	v := m.View()
	row := func(task string) string {
		for _, l := range strings.Split(m.View(), "\n") {
			if strings.Contains(l, " "+task+" ") {
				return l
			}
		}
		t.Fatalf("no row of %s:\n%s", task, m.View())
		return ""
	}
	inbox := row("protect-inbox")
	if !strings.Contains(inbox, "every 5 seconds") || !strings.Contains(inbox, "Z ") {
		t.Fatalf("protect-inbox's row lacks its schedule or a UTC time: %q\n%s", inbox, v)
	}
	var st gateway.TaskStatus
	for _, rw := range m.rows {
		if rw.Name == "protect-inbox" {
			st = rw.Status
		}
	}
	next := st.StartTime.Add(5 * time.Second)
	if next.Before(env.Clock.Now()) {
		next = env.Clock.Now().Add(5 * time.Second)
	}
	if want := next.UTC().Format("15:04:05") + "Z"; !strings.Contains(inbox, want) {
		t.Fatalf("protect-inbox's next run is not %s: %q", want, inbox)
	}
	if keys := row("rotate-keys"); strings.Count(keys, "—") < 3 || !strings.Contains(keys, "Paused") {
		t.Fatalf("the paused rotate-keys has a time: %q", keys)
	}
	for range 4 {
		r.Key("o")
	}
	if h := header(m); !strings.Contains(h, "Errs↓") || strings.Count(h, "↓") != 1 || !strings.Contains(h, "Next run") {
		t.Fatalf("sorted by errors, header %q", h)
	}
	r.Key("o") // document order
	r.Key("/")
	r.Type("nightly")
	if m.list.Len() != 1 || m.selected() != "nightly-audit" || !strings.Contains(header(m), "Schedule") {
		t.Fatalf("filter: %d rows, %q:\n%s", m.list.Len(), m.selected(), m.View())
	}
}

// outcomes reads a task's executions from its whole log, as the detail
// did before it polled.
func outcomes(t *testing.T, env *panetest.Env, task string) []taskdetail.Outcome {
	t.Helper()
	text, err := env.Common.Client.TaskGetLog(env.Common.Ctx, "production", task)
	if err != nil {
		t.Fatal(err)
	}
	_, entries, err := hostdoc.ParseLog([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return taskdetail.Outcomes(entries)
}

// The Recent column shows each task's last 8 executions from its log,
// newest right, as the task in full does ("—" with none); the logs are
// read once each, at most two at a time, again only for the tasks whose
// counts moved, and not at all where the column does not show.
func TestStripInTable(t *testing.T) {
	env, m, r, c := startCounted(t, 0)
	if c.n("taskGetLog") != 0 {
		t.Fatalf("at 100 columns (no strip) %d logs were read", c.n("taskGetLog"))
	}
	env.Run(time.Minute)
	m.SetSize(200, 60)
	_, cmd := m.Update(tickMsg{gen: m.poll.Gen()})
	f := fetched(t, cmd)
	_, reads := m.Update(f)
	if len(m.logs.busy) != maxLogReads {
		t.Fatalf("%d logs read at once, want %d", len(m.logs.busy), maxLogReads)
	}
	for _, row := range m.rows {
		if got := m.stripCell(row.Name); strings.TrimSpace(got) != "…" {
			t.Fatalf("%s before its log is read: %q", row.Name, got)
		}
	}
	r.Run(reads)
	if n := c.n("taskGetLog"); n != len(m.rows) {
		t.Fatalf("%d log reads for %d tasks", n, len(m.rows))
	}
	for _, row := range m.rows {
		o := outcomes(t, env, row.Name)
		want := taskdetail.Narrow(o, stripRuns, true)
		if len(o) == 0 {
			want = "—"
		}
		cell := m.stripCell(row.Name)
		if strings.TrimSpace(cell) != want || lipgloss.Width(cell) != stripRuns {
			t.Errorf("%s: strip %q, want %q from %d runs", row.Name, cell, want, len(o))
		}
	}
	if !strings.Contains(m.View(), "Recent") || !strings.Contains(m.View(), " xxxxxxx ") {
		t.Fatalf("export-partners (every run fails) shows no strip of failures:\n%s", m.View())
	}
	base := c.n("taskGetLog") // outcomes read them too
	r.Key("r")                // no time passed: no count moved
	if n := c.n("taskGetLog"); n != base {
		t.Fatalf("a poll with no new runs read %d logs again", n-base)
	}
	env.Run(3 * time.Second)
	r.Key("r")
	moved := c.n("taskGetLog") - base
	if moved == 0 || moved >= len(m.rows) {
		t.Fatalf("after 3 s %d logs were read again, want those of the tasks that ran", moved)
	}
}

// A log over the client's size limit shows "?" in its cell and the rest
// of the table stays; it is not read again as its counts move (only once
// it was reset).
func TestStripOfAHugeLog(t *testing.T) {
	env, m, r, c := startLimited(t, time.Minute, 512)
	m.SetSize(200, 60)
	r.Key("r")
	reads := c.n("taskGetLog")
	if reads == 0 {
		t.Fatal("no log was read")
	}
	for _, row := range m.rows {
		cell := strings.TrimSpace(m.stripCell(row.Name))
		if row.Status.ExecCount > 2 && cell != "?" {
			t.Errorf("%s (%d runs) shows %q", row.Name, row.Status.ExecCount, cell)
		}
	}
	v := m.View()
	if !strings.Contains(v, "nightly-audit") || !strings.Contains(v, "simulated failure") || !strings.Contains(v, "       ?  ") {
		t.Fatalf("the table:\n%s", v)
	}
	env.Run(10 * time.Second)
	r.Key("r")
	if again := c.n("taskGetLog") - reads; again != 0 { // the short logs have no new runs either
		t.Fatalf("%d logs read again after 10 s", again)
	}
}

// The strips belong to the configuration shown: a log read for another
// one that answers late is dropped, and what a task shows came from its
// own configuration's log, even for a task of the same name.
func TestStripNeverOfAnotherConfiguration(t *testing.T) {
	env, m, r := start(t)
	env.Run(time.Minute)
	m.SetSize(200, 60)
	_, cmd := m.Update(tickMsg{gen: m.poll.Gen()})
	_, reads := m.Update(fetched(t, cmd))
	var late []tea.Msg // production's reads, not yet handed back
	for _, msg := range panetest.Collect(reads) {
		if _, ok := msg.(runsMsg); ok {
			late = append(late, msg)
		}
	}
	if len(late) != maxLogReads {
		t.Fatalf("%d reads in flight", len(late))
	}
	r.Send(common.ConfigSelectedMsg{Config: "staging"})
	for _, msg := range late {
		m.Update(msg)
	}
	if m.Config() != "staging" || m.logs.config != "staging" || len(m.rows) == 0 {
		t.Fatalf("config %q, strips of %q", m.Config(), m.logs.config)
	}
	for _, row := range m.rows {
		text, err := env.Common.Client.TaskGetLog(env.Common.Ctx, "staging", row.Name)
		if err != nil {
			t.Fatal(err)
		}
		_, entries, err := hostdoc.ParseLog([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		want := taskdetail.Outcomes(entries)
		have := m.logs.byTask[row.Name]
		if !have.runs.Read() || len(have.runs.Outcomes()) != len(want) {
			t.Errorf("staging's %s shows %d runs (read %v), its log has %d", row.Name, len(have.runs.Outcomes()), have.runs.Read(), len(want))
		}
	}
	if n := len(outcomes(t, env, "protect-inbox")); n == 0 {
		t.Fatal("production's protect-inbox has no runs: the test proves nothing")
	}
}

// TestGoldenWide: at 200x60 the table has Next run, Schedule and the
// Recent strip (export-partners fails every run, sync-reports now and
// then; rotate-keys and nightly-audit have none), and the times say Z.
func TestGoldenWide(t *testing.T) {
	env := panetest.Start(t)
	env.Run(time.Minute)
	env.Common.TaskRefresh = 0 // the default interval
	tm := panetest.Run(t, New(env.Common), 200, 60)
	// The last two logs read: export-partners' and nightly-audit's.
	panetest.WaitFor(t, tm, "refresh every", " xxxxxxx ", "(UTC)      0      0         —")
	panetest.RequireGolden(t, panetest.FinalView(t, tm))
}

// Only the rows in view have their logs read; rows scrolled into view
// get theirs then.
func TestStripOnlyForRowsInView(t *testing.T) {
	_, m, r, c := startCounted(t, time.Minute)
	m.SetSize(200, 6) // the header, two rows and the hidden counts
	r.Key("r")
	above, below := m.list.Hidden()
	inView := len(m.rows) - above - below
	if inView >= len(m.rows) || c.n("taskGetLog") != inView {
		t.Fatalf("%d rows in view, %d logs read", inView, c.n("taskGetLog"))
	}
	for i, row := range m.rows {
		if read := m.logs.byTask[row.Name].runs.Read(); read != (i < inView) {
			t.Errorf("row %d %s: read %v", i, row.Name, read)
		}
	}
	for range m.rows {
		r.Key("down")
	}
	if n := c.n("taskGetLog"); n != len(m.rows) {
		t.Fatalf("scrolled through every row: %d logs read of %d", n, len(m.rows))
	}
}
