package taskdetail

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"

	"dpconsole/msgroute"
	"dpconsole/schedule"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// q goes back to the tasks, as Esc does: the detail is not the top of
// the console.
func TestQGoesBack(t *testing.T) {
	_, m, _ := open(t, "verify-archive", 0)
	if _, back := m.Update(panetest.KeyMsg("q")); !back {
		t.Fatal("q does not go back")
	}
}

// In read-only mode t and e say they are off, as p and x do (the
// shell's words), and do nothing else.
func TestReadOnlyTemplateAndEdit(t *testing.T) {
	env, _, r := open(t, "verify-archive", 0)
	env.Common.ReadOnly = true
	env.Common.Keys.DisableMutating()
	for k, want := range map[string]string{
		"t": "ERROR read-only: " + env.Common.Keys.Task.Template.Help().Desc + " (t) is disabled: restart without --read-only",
		"e": "ERROR read-only: edit the definition (the tasks document) (e) is disabled: restart without --read-only",
	} {
		r.Reset()
		r.Key(k)
		if f := r.Flashes(); len(f) != 1 || f[0] != want {
			t.Errorf("%s in read-only mode: %v, want %q", k, f, want)
		}
		for _, msg := range r.Out {
			if _, ok := msg.(common.ShowInMsg); ok {
				t.Errorf("%s in read-only mode went to %+v", k, msg)
			}
		}
	}
}

// The next run follows the console's one rule, a cron's too: UTC with a
// Z under --utc, else local time with no zone; the schedule's words keep
// saying that the cron is read in UTC.
func TestNextRunInTheConsolesZone(t *testing.T) {
	env, m, _ := open(t, "nightly-audit", 0) // cron 0 2 * * *
	n, _ := schedule.Next(m.got.def.Schedule, true, m.got.status, env.Clock.Now())
	v := m.View()
	if want := "next " + n.UTC().Format("Jan 02 15:04:05") + "Z ("; !strings.Contains(v, want) || !strings.Contains(v, "(UTC)") {
		t.Fatalf("under --utc the detail lacks %q:\n%s", want, v)
	}
	env.Common.UTC = false
	m.SetSize(100, 30)
	v = m.View()
	if want := "next " + n.Local().Format("Jan 02 15:04:05") + " ("; !strings.Contains(v, want) || strings.Contains(v, "UTC (") {
		t.Fatalf("in local time the detail lacks %q:\n%s", want, v)
	}
}

// The strip keeps room for its summary however many runs there are: at
// 80 columns with 100 runs the summary still shows, and the line fits.
func TestStripKeepsItsSummary(t *testing.T) {
	_, m, _ := open(t, "verify-archive", 0)
	list := make([]run, 100)
	for i := range list {
		list[i] = run{entry: i + 1, outcome: Succeeded}
	}
	list[99].outcome = Failed
	m.got.runs = Runs{list: list, read: true}
	m.SetSize(80, 24)
	var line string
	for _, l := range strings.Split(m.View(), "\n") {
		if strings.HasPrefix(l, "recent") {
			line = l
		}
	}
	if !strings.Contains(line, " ok, 1 failed of the last ") || lipgloss.Width(line) > 80 {
		t.Fatalf("the strip at 80 columns with 100 runs (%d wide): %q", lipgloss.Width(line), line)
	}
	for _, w := range []int{20, 40, 200} { // narrow: marks only; wide: every run
		if s := m.strip(w); lipgloss.Width(s) > w {
			t.Errorf("the strip in %d cells is %d wide", w, lipgloss.Width(s))
		}
	}
	if s := m.strip(200); !strings.Contains(s, "99 ok, 1 failed of the last 100") {
		t.Errorf("at 200 cells: %q", s)
	}
}

// A poll with no answer (a host stopped, not refusing) marks the detail
// as the last known within the poll's interval, like the tasks table;
// the answer clears it.
func TestHungPollMarksDetail(t *testing.T) {
	env, m, _, tk := openTicks(t, "production", "verify-archive", 0)
	m.c.TaskRefresh = 2 * time.Second
	cmd, _ := m.Update(tk.last) // a poll: its command is not run, so it never answers
	if cmd == nil {
		t.Fatal("the tick did not poll")
	}
	call := m.poll.Current()
	check := msgroute.Reply[*Model]{To: m, Msg: common.HungCheck{Call: call}}
	env.Clock.Advance(time.Second)
	m.Update(check)
	if strings.Contains(m.View(), "last known") {
		t.Fatalf("marked after 1s of a 2s poll:\n%s", m.View())
	}
	env.Clock.Advance(2 * time.Second)
	if next, _ := m.Update(check); next == nil {
		t.Fatal("the hung check stopped while the call is in flight")
	}
	title := strings.SplitN(m.View(), "\n", 2)[0]
	if !strings.Contains(title, "last known — no answer for 3s") {
		t.Fatalf("not marked after 3s of a 2s poll: %q", title)
	}
	m.Update(polledMsg{call: call, gen: m.poll.Gen(), status: m.got.status}) // the answer
	if strings.Contains(m.View(), "last known") {
		t.Fatalf("still marked after the answer:\n%s", m.View())
	}
}

// The countdown never reads "in 0s" or goes negative: a run whose time
// passed while the status does not show it yet is "due".
func TestNextRunDue(t *testing.T) {
	env, m, _ := open(t, "verify-archive", 0) // every 7 seconds
	st := m.got.status
	st.StartTime = env.Clock.Now().Add(-7 * time.Second)
	if got := m.next(m.got.def, st); !strings.Contains(got, "(due)") {
		t.Fatalf("a run due now: %q", got)
	}
	st.StartTime = env.Clock.Now().Add(-6*time.Second - 600*time.Millisecond)
	if got := m.next(m.got.def, st); !strings.Contains(got, "(in 1s)") {
		t.Fatalf("a run 0.4s away: %q", got)
	}
}

// What the tasks table knows of the agent decides whether there is a
// next run at all.
func TestNotScheduled(t *testing.T) {
	_, m, _ := open(t, "verify-archive", 0)
	m.SetHost("production", "Active")
	if v := m.View(); !strings.Contains(v, "next ") {
		t.Fatalf("active: %s", v)
	}
	m.SetHost("production", "Disabled")
	if v := m.View(); !strings.Contains(v, "not scheduled: the agent is Disabled") || strings.Contains(v, "next ") {
		t.Fatalf("disabled: %s", v)
	}
	m.SetHost("staging", "Active")
	if v := m.View(); !strings.Contains(v, "not scheduled: staging is the active configuration") {
		t.Fatalf("another active: %s", v)
	}
}
