package tasks

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/msgroute"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
	"dpconsole/views/taskdetail"
)

func TestMain(m *testing.M) { panetest.Main(m) }

// start returns a loaded Tasks pane; its poll ticks fire at once and are
// dropped, so a drain ends.
func start(t *testing.T) (*panetest.Env, *Model, *panetest.Runner) {
	t.Helper()
	fast := func(c *common.Common) *Model {
		c.TaskRefresh = time.Nanosecond
		return New(c)
	}
	return panetest.Open(t, fast, isTick)
}

// isTick drops the poll's ticks and its hung checks (TestHungPollMarksRowsStale
// sends those itself).
func isTick(msg tea.Msg) bool {
	switch msg.(type) {
	case tickMsg, common.HungCheck, msgroute.Reply[*taskdetail.Model]: // the last: the detail's ticks
		return true
	}
	return false
}

// fetched runs a fetch command (a batch with its hung check) and returns
// its reply.
func fetched(t *testing.T, cmd tea.Cmd) fetchedMsg {
	t.Helper()
	for _, msg := range panetest.Collect(cmd) {
		if f, ok := msg.(fetchedMsg); ok {
			return f
		}
	}
	t.Fatal("the command fetched nothing")
	return fetchedMsg{}
}

func taskNames(m *Model) []string {
	var out []string
	for _, r := range m.rows {
		out = append(out, r.Name)
	}
	return out
}

func status(m *Model, task string) string {
	for _, r := range m.rows {
		if r.Name == task {
			return r.Status.Status
		}
	}
	return ""
}

func TestShowsActiveConfigurationsTasks(t *testing.T) {
	_, m, _ := start(t)
	if m.Config() != "production" {
		t.Fatalf("config %q, want the active production", m.Config())
	}
	want := []string{"protect-inbox", "verify-archive", "sync-reports", "rotate-keys", "export-partners", "nightly-audit"}
	if got := taskNames(m); !slices.Equal(got, want) {
		t.Fatalf("tasks %v", got)
	}
	if status(m, "rotate-keys") != "Paused" {
		t.Fatalf("rotate-keys is %q, want Paused", status(m, "rotate-keys"))
	}
	if v := m.View(); !strings.Contains(v, "Tasks of production (active)") || !strings.Contains(v, "Last error") {
		t.Fatalf("view:\n%s", v)
	}
}

func TestFollowsSelectedConfiguration(t *testing.T) {
	_, m, r := start(t)
	r.Send(common.ConfigSelectedMsg{Config: "staging"})
	if m.Config() != "staging" || !slices.Equal(taskNames(m), []string{"protect-inbox", "cleanup"}) {
		t.Fatalf("config %q tasks %v", m.Config(), taskNames(m))
	}
	if strings.Contains(m.View(), "(active)") {
		t.Fatal("staging is shown as the active configuration")
	}
}

func TestPauseResumeAndResetAll(t *testing.T) {
	_, m, r := start(t)
	r.Key("p") // protect-inbox is selected
	if status(m, "protect-inbox") != "Paused" {
		t.Fatalf("after p: %q; flashes %v", status(m, "protect-inbox"), r.Flashes())
	}
	r.Key("u")
	if status(m, "protect-inbox") == "Paused" {
		t.Fatalf("after u: still paused; flashes %v", r.Flashes())
	}
	r.Key("*")
	if !m.Capturing() || !strings.Contains(m.View(), "All 6 tasks of production") {
		t.Fatalf("* did not ask which action:\n%s", m.View())
	}
	r.Reset()
	r.Key("p")
	ask := r.Confirm() // * p asks, as * u and * x do
	if ask.Title != "Pause 5 tasks of production" || !strings.Contains(ask.Body, "Already paused, and left so: rotate-keys.") {
		t.Fatalf("confirm %+v", ask)
	}
	for _, n := range taskNames(m) {
		if status(m, n) != "Paused" {
			t.Fatalf("after * p: %s is %q", n, status(m, n))
		}
	}
	if f := r.Flashes(); len(f) == 0 || f[len(f)-1] != "paused 5 tasks of production" {
		t.Fatalf("flashes %v", f)
	}
	r.Reset()
	r.Key("*")
	r.Key("x")
	c := r.Confirm()
	if c.Action != "Reset" || !strings.Contains(c.Body, "all 6 tasks of production") {
		t.Fatalf("confirm %+v", c)
	}
	if f := r.Flashes(); len(f) == 0 || f[len(f)-1] != "reset all 6 tasks of production" {
		t.Fatalf("flashes %v", f)
	}
}

func TestResetAsksFirst(t *testing.T) {
	_, _, r := start(t)
	r.Key("x")
	if len(r.Out) != 1 {
		t.Fatalf("x sent %#v; want only a confirm dialog", r.Out)
	}
	if c, ok := r.Out[0].(common.ConfirmMsg); !ok || !strings.Contains(c.Body, "task protect-inbox") {
		t.Fatalf("x sent %#v", r.Out[0])
	}
}

// Enter opens the task in full (issue #12), and Enter there its log.
func TestEnterOpensLog(t *testing.T) {
	_, _, r := start(t)
	r.Key("down")
	r.Key("enter")
	r.Key("enter")
	want := common.OpenLogMsg{Config: "production", Task: "verify-archive"}
	if len(r.Out) != 1 || r.Out[0] != want {
		t.Fatalf("enter sent %#v; want %#v", r.Out, want)
	}
}

func TestReadOnly(t *testing.T) {
	env, _, r := start(t)
	env.Common.ReadOnly = true
	r.Key("p")
	if f := r.Flashes(); len(f) != 1 || !strings.Contains(f[0], "read-only mode") {
		t.Fatalf("flashes %v", f)
	}
}

func TestHiddenPaneStopsPolling(t *testing.T) {
	_, m, _ := start(t)
	gen := m.poll.Gen()
	m.Deactivate()
	if _, cmd := m.Update(tickMsg{gen: gen}); cmd != nil {
		t.Fatal("a tick of a hidden pane fetched")
	}
	cmd := m.Activate()
	if cmd == nil {
		t.Fatal("Activate did not fetch")
	}
	if _, cmd := m.Update(tickMsg{gen: gen}); cmd != nil {
		t.Fatal("a tick armed before hiding still fetches")
	}
}

func TestTickRearmsOnlyAfterReply(t *testing.T) {
	_, m, _ := start(t)
	_, cmd := m.Update(tickMsg{gen: m.poll.Gen()})
	if cmd == nil {
		t.Fatal("a current tick did not fetch")
	}
	if _, again := m.Update(tickMsg{gen: m.poll.Gen()}); again != nil {
		t.Fatal("a second tick fetched while the first fetch is in flight")
	}
	msg := fetched(t, cmd)
	if _, next := m.Update(msg); next == nil {
		t.Fatal("the reply did not re-arm the poll")
	}
}

func TestStaleReplyDropped(t *testing.T) {
	_, m, _ := start(t)
	_, old := m.poll.Start("superseded", true)
	m.poll.Start("latest", true)
	stale := fetchedMsg{call: old, gen: m.poll.Gen(), config: "ghost", rows: []taskRow{{Name: "ghost"}}}
	m.Update(stale)
	if m.Config() == "ghost" {
		t.Fatal("a stale reply was shown")
	}
}

func TestAgentOffline(t *testing.T) {
	env, m, r := start(t)
	if err := env.Common.Client.AgentShutdown(env.Common.Ctx); err != nil {
		t.Fatal(err)
	}
	r.Key("r")
	if !strings.Contains(m.View(), "agent offline") {
		t.Fatalf("view:\n%s", m.View())
	}
}

func TestUnparsableTasks(t *testing.T) {
	env, m, r := start(t)
	if err := env.Common.Client.ConfigCreate(env.Common.Ctx, "empty"); err != nil {
		t.Fatal(err)
	}
	r.Send(common.ConfigSelectedMsg{Config: "empty"})
	if !strings.Contains(m.View(), "no tasks yet — press e in Configurations to edit") {
		t.Fatalf("view:\n%s", m.View())
	}
}

// TestGolden: the demo tasks after a minute of (fake) time, with their
// executions, errors and times, and export-partners (its ID is missing)
// selected so its whole error shows under the table.
func TestGolden(t *testing.T) {
	env := panetest.Start(t)
	env.Run(time.Minute)
	env.Common.TaskRefresh = 0 // the default interval
	tm := panetest.Run(t, New(env.Common), 100, 30)
	panetest.WaitFor(t, tm, "nightly-audit", "refresh every")
	for range 4 {
		tm.Send(panetest.KeyMsg("down"))
	}
	panetest.WaitFor(t, tm, "export-partners: ")
	panetest.RequireGolden(t, panetest.FinalView(t, tm))
}

func TestExecutionsShowTimesAndErrors(t *testing.T) {
	env, m, r := start(t)
	env.Clock.Advance(20 * time.Second)
	r.Key("r")
	var inbox, export taskRow
	for _, row := range m.rows {
		switch row.Name {
		case "protect-inbox":
			inbox = row
		case "export-partners":
			export = row
		}
	}
	if inbox.Status.ExecCount == 0 || inbox.Status.StartTime.IsZero() {
		t.Fatalf("protect-inbox after 20s: %+v", inbox)
	}
	if export.Status.ErrorCount == 0 || !strings.Contains(export.Status.Error, "partners.iic") {
		t.Fatalf("export-partners (its ID is missing) after 20s: %+v", export)
	}
	v := m.View()
	if !strings.Contains(v, m.when(inbox.Status.StartTime)) || !strings.HasPrefix(m.when(inbox.Status.StartTime), "09:00:") {
		t.Fatalf("start time %q not shown:\n%s", m.when(inbox.Status.StartTime), v)
	}
}

// TestCancelledRefreshPausesPolling: r is a call the operator waits for;
// when the shell cancels it (Esc), the pane says so and stops polling
// until r.
func TestCancelledRefreshPausesPolling(t *testing.T) {
	env, m, r := start(t)
	_, cmd := m.Update(panetest.KeyMsg("r"))
	if op, _ := env.Common.Calls.Busy(); op != "loading tasks" {
		t.Fatalf("r is not a foreground call: busy %q", op)
	}
	env.Common.Calls.CancelAll()
	if _, next := m.Update(fetched(t, cmd)); next != nil {
		t.Fatal("a cancelled fetch re-armed the poll")
	}
	if v := m.View(); !strings.Contains(v, "refresh cancelled") || !strings.Contains(v, "nightly-audit") {
		t.Fatalf("view after cancel:\n%s", v)
	}
	if _, cmd := m.Update(tickMsg{gen: m.poll.Gen()}); cmd != nil {
		t.Fatal("a cancelled pane still polls")
	}
	r.Key("r")
	if strings.Contains(m.View(), "cancelled") || env.Common.Calls.Pending() != 0 {
		t.Fatalf("r did not refresh again (pending %d):\n%s", env.Common.Calls.Pending(), m.View())
	}
}

// selectTask moves the cursor to task.
func selectTask(t *testing.T, m *Model, r *panetest.Runner, task string) {
	t.Helper()
	for range m.rows {
		if m.selected() == task {
			return
		}
		r.Key("down")
	}
	t.Fatalf("task %q not in %v", task, taskNames(m))
}

// TestDetailAndWidths: the name column fits the names, Last error gets
// the rest, and the selected task's whole error shows under the table.
func TestDetailAndWidths(t *testing.T) {
	env, m, r := start(t)
	m.SetSize(80, 20)
	env.Clock.Advance(20 * time.Second)
	r.Key("r")
	if m.cols.name != len("export-partners") {
		t.Fatalf("name column %d wide, want %d (the longest name)", m.cols.name, len("export-partners"))
	}
	selectTask(t, m, r, "export-partners")
	var errText string
	for _, row := range m.rows {
		if row.Name == "export-partners" {
			errText = row.Status.Error
		}
	}
	if len(errText) < 40 {
		t.Fatalf("want a long error to check wrapping, got %q", errText)
	}
	flat := strings.Join(strings.Fields(m.View()), " ")
	if !strings.Contains(flat, strings.Join(strings.Fields(errText), " ")) {
		t.Fatalf("the full error %q is not shown:\n%s", errText, m.View())
	}
	if n := strings.Count(m.View(), "\n") + 1; n != 20 {
		t.Fatalf("view is %d lines, want the 20 given", n)
	}
}

// TestLastKnownAfterShutdown: with the agent offline the rows keep their
// last known counts, marked stale, instead of zeros.
func TestLastKnownAfterShutdown(t *testing.T) {
	env, m, r := start(t)
	env.Clock.Advance(20 * time.Second)
	r.Key("r")
	selectTask(t, m, r, "export-partners")
	before := m.rows[m.list.Cursor()].Status
	if before.ErrorCount == 0 {
		t.Fatalf("export-partners has no errors to keep: %+v", before)
	}
	if err := env.Common.Client.AgentShutdown(env.Common.Ctx); err != nil {
		t.Fatal(err)
	}
	r.Key("r")
	row := m.rows[m.list.Cursor()]
	if row.Status.Status != "Offline" || !row.Stale || row.Status.ErrorCount != before.ErrorCount || row.Status.Error != before.Error {
		t.Fatalf("after shutdown: %+v; want Offline with the counts of %+v", row, before)
	}
	if v := m.View(); !strings.Contains(v, "(last known)") || !strings.Contains(v, "counts are the last known") {
		t.Fatalf("stale values not marked:\n%s", v)
	}
}

// TestPauseRefreshesRowAtOnce: the action's reply carries the task read
// again, so the row changes before the next poll.
func TestPauseRefreshesRowAtOnce(t *testing.T) {
	_, m, _ := start(t)
	_, cmd := m.Update(panetest.KeyMsg("p"))
	done, ok := cmd().(doneMsg)
	if !ok || done.err != nil || done.status == nil {
		t.Fatalf("pause replied %#v", done)
	}
	m.Update(done) // the refetch it starts is not run
	if got := status(m, "protect-inbox"); got != "Paused" {
		t.Fatalf("row reads %q right after the pause", got)
	}
}

// TestHostChangedRefreshesAtOnce: a function run from the palette that
// changed the host makes the pane read the tasks at once when shown, and
// on Activate when hidden.
func TestHostChangedRefreshesAtOnce(t *testing.T) {
	env, m, r := start(t)
	if err := env.Common.Client.TaskPause(env.Common.Ctx, "production", "protect-inbox"); err != nil {
		t.Fatal(err)
	}
	if status(m, "protect-inbox") == "Paused" {
		t.Fatal("protect-inbox was paused before the test paused it")
	}
	r.Send(common.HostChangedMsg{Function: "taskPause"})
	if got := status(m, "protect-inbox"); got != "Paused" {
		t.Fatalf("after HostChangedMsg protect-inbox is %q, want Paused", got)
	}

	m.Deactivate()
	if err := env.Common.Client.TaskResume(env.Common.Ctx, "production", "protect-inbox"); err != nil {
		t.Fatal(err)
	}
	if _, cmd := m.Update(common.HostChangedMsg{Function: "taskResume"}); cmd != nil {
		t.Fatal("a hidden pane fetched on HostChangedMsg")
	}
	r.Run(m.Activate())
	if got := status(m, "protect-inbox"); got == "Paused" {
		t.Fatal("Activate after HostChangedMsg did not read the resumed task")
	}
}

// TestNarrow: below 80 columns the time columns go (Ended first) and the
// headers are abbreviated, but every count shows in full, right-aligned,
// and every header keeps a label.
func TestNarrow(t *testing.T) {
	env, m, r := start(t)
	env.Clock.Advance(20 * time.Second)
	r.Key("r")
	for i := range m.rows {
		m.rows[i].Status.ErrorCount = 20 + i // two digits, which widen the counts column
	}
	m.cols = widths{}
	for _, tc := range []struct {
		width   int
		headers []string
		gone    []string
	}{
		{80, []string{"Started", "Ended", "Execs", "Errs", "Last error"}, nil},
		{68, []string{"Started", "Execs", "Errs"}, []string{"Ended"}}, // times are 9 cells in UTC (the Z), Errs keeps a cell for ↓
		{60, []string{"Task", "Status", "Execs", "Errs", "Last error"}, []string{"Started", "Ended"}},
		{48, []string{"Task", "Status", "Ex", "Er", "Error"}, []string{"Start", "End", "Last error"}},
	} {
		m.SetSize(tc.width, 16)
		m.list.SetRows(m.tableRows())
		lines := strings.Split(m.View(), "\n")
		header := lines[1]
		for _, h := range tc.headers {
			if !strings.Contains(header, h) {
				t.Errorf("at %d the header lacks %q: %q", tc.width, h, header)
			}
		}
		for _, h := range tc.gone {
			if strings.Contains(header, h) {
				t.Errorf("at %d the header still has %q: %q", tc.width, h, header)
			}
		}
		for i, row := range m.rows {
			want := strconv.Itoa(row.Status.ErrorCount)
			if !strings.Contains(m.View(), " "+want+" ") && !strings.Contains(m.View(), " "+want+"\n") {
				t.Errorf("at %d the error count %s of %s is cut:\n%s", tc.width, want, m.rows[i].Name, m.View())
			}
		}
		for _, l := range lines {
			if w := lipgloss.Width(l); w > tc.width {
				t.Errorf("at %d a line is %d wide: %q", tc.width, w, l)
			}
		}
	}
}
