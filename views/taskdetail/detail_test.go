package taskdetail

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/msgroute"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

func TestMain(m *testing.M) { panetest.Main(m) }

// view adapts the detail to a common.View for the panetest helpers.
type view struct{ m *Model }

func (v view) Init() tea.Cmd { return v.m.Init() }
func (v view) Update(msg tea.Msg) (common.View, tea.Cmd) {
	cmd, _ := v.m.Update(msg)
	return v, cmd
}
func (v view) View() string              { return v.m.View() }
func (v view) SetSize(w, h int)          { v.m.SetSize(w, h) }
func (v view) ShortHelp() []key.Binding  { return v.m.Keys() }
func (v view) FullHelp() [][]key.Binding { return [][]key.Binding{v.m.Keys()} }
func (v view) Title() string             { return "Task" }
func (v view) Capturing() bool           { return false }

// ticks keeps the detail's poll ticks instead of feeding them back, so a
// drain ends and a test sends them when it means to.
type ticks struct {
	last tea.Msg
	n    int
}

func (tk *ticks) drop(msg tea.Msg) bool {
	if r, ok := msg.(msgroute.Reply[*Model]); ok {
		if _, ok := r.Msg.(tickMsg); ok {
			tk.last, tk.n = msg, tk.n+1
			return true
		}
	}
	return false
}

func open(t *testing.T, task string, run time.Duration) (*panetest.Env, *Model, *panetest.Runner) {
	t.Helper()
	env, m, r, _ := openTicks(t, "production", task, run)
	return env, m, r
}

// openTicks opens the detail with a poll whose ticks fire at once and
// are kept in the returned ticks.
func openTicks(t *testing.T, config, task string, run time.Duration) (*panetest.Env, *Model, *panetest.Runner, *ticks) {
	t.Helper()
	env := panetest.Start(t)
	env.Run(run)
	env.Common.TaskRefresh = time.Nanosecond
	m := New(env.Common, config, task)
	m.SetSize(100, 30)
	r := panetest.NewRunner(t, view{m})
	tk := &ticks{}
	r.Drop = tk.drop
	r.Run(m.Init())
	return env, m, r, tk
}

// The detail says the schedule in words with the next run, where the ID
// and the script resolve, the counts, and the recent executions from the
// log, newest right, matching the counts the host keeps.
func TestDetailOfAFlakyTask(t *testing.T) {
	_, m, r := open(t, "sync-reports", 3*time.Minute)
	v := m.View()
	for _, want := range []string{"Task sync-reports of production", "schedule every", "next ",
		"ID       operations.iic " + InConfig, "last err simulated failure", "recent   "} {
		if !strings.Contains(v, want) {
			t.Errorf("the detail lacks %q:\n%s", want, v)
		}
	}
	st := m.got.status
	ok, bad := 0, 0
	for _, o := range m.got.runs.Outcomes() {
		switch o {
		case Succeeded:
			ok++
		case Failed:
			bad++
		}
	}
	if st.ExecCount == 0 || bad != st.ErrorCount || ok+bad > st.ExecCount {
		t.Fatalf("strip %d ok, %d failed; host %d runs, %d failed", ok, bad, st.ExecCount, st.ErrorCount)
	}
	if bad == 0 || !strings.Contains(v, "x") || strings.Contains(v, "✗") {
		t.Fatalf("no failure in the strip:\n%s", v)
	}
	r.Key("enter")
	if len(r.Out) == 0 || r.Out[len(r.Out)-1] != (common.OpenLogMsg{Config: "production", Task: "sync-reports"}) {
		t.Fatalf("enter sent %#v", r.Out)
	}
	if _, back := m.Update(panetest.KeyMsg("esc")); !back {
		t.Fatal("esc does not go back")
	}
}

// A script that is nowhere is said to be missing.
func TestDetailMissingScript(t *testing.T) {
	env := panetest.Start(t)
	cl, ctx := env.Common.Client, env.Common.Ctx
	doc := `<Tasks><Task name="lost" enabled="false"><Schedule every="90s"/><Script>gone.xml</Script></Task></Tasks>`
	if err := cl.ConfigSaveTasks(ctx, "staging", doc); err != nil {
		t.Fatal(err)
	}
	env.Common.TaskRefresh = time.Nanosecond
	m := New(env.Common, "staging", "lost")
	m.SetSize(80, 24)
	r := panetest.NewRunner(t, view{m})
	r.Drop = (&ticks{}).drop
	r.Run(m.Init())
	v := m.View()
	for _, want := range []string{"every 1 minute 30 seconds · disabled: never runs", "script   gone.xml " + Missing, "ID       none",
		"no execution in the log yet"} {
		if !strings.Contains(v, want) {
			t.Errorf("lacks %q:\n%s", want, v)
		}
	}
}

// The detail at 80x24.
func TestGoldenDetail(t *testing.T) {
	env := panetest.Start(t)
	env.Run(2 * time.Minute)
	tm := panetest.Run(t, view{New(env.Common, "production", "verify-archive")}, 80, 24)
	panetest.WaitFor(t, tm, "of the last", "</Task>") // the strip: the log is read after the rest
	panetest.RequireGolden(t, panetest.FinalView(t, tm))
}

// i and c go to the ID and the script where they resolve; e edits the
// definition in the tasks document.
func TestDetailJumps(t *testing.T) {
	_, m, _ := open(t, "verify-archive", 0)
	for k, want := range map[string]tea.Msg{
		"i": common.ShowInMsg{Pane: common.PaneShared, Msg: common.OpenSharedMsg{Kind: "ID", Name: "shared-ops.iic"}},
		"c": common.ShowInMsg{Pane: common.PaneShared, Msg: common.OpenSharedMsg{Kind: "script", Name: "verify.xml"}},
		"e": common.ShowInMsg{Pane: common.PaneConfigs, Msg: common.EditTasksMsg{Config: "production"}},
	} {
		cmd, _ := m.Update(panetest.KeyMsg(k))
		if got := cmd(); got != want {
			t.Errorf("%s: %#v, want %#v", k, got, want)
		}
	}
	_, m, _ = open(t, "protect-inbox", 0)
	cmd, _ := m.Update(panetest.KeyMsg("c"))
	if got := cmd(); got != (common.ShowInMsg{Pane: common.PaneConfigs, Msg: common.EditScriptMsg{Config: "production", Name: "protect.xml"}}) {
		t.Fatalf("c: %#v", got)
	}
}

// t saves the task as a template through the guard: new, it is saved
// once confirmed; the same again sends nothing; over a changed one the
// dialog asks to replace it, with the diff.
func TestSaveAsTemplate(t *testing.T) {
	env, m, r := open(t, "verify-archive", 0)
	cl, ctx := env.Common.Client, env.Common.Ctx
	r.Key("t")
	if ask := r.Confirm(); ask.Title != "Save template verify-archive" || !strings.Contains(ask.Body, "is new on the host") {
		t.Fatalf("dialog %+v", ask)
	}
	got, err := cl.TemplateGetTask(ctx, "verify-archive")
	if err != nil || got != m.got.xml {
		t.Fatalf("template %q (%v)", got, err)
	}
	r.Key("t")
	if f := r.Flashes(); !strings.Contains(f[len(f)-1], "the host already has this version") {
		t.Fatalf("flashes %v", f)
	}
	other := strings.Replace(got, "shared verifier", "another verifier", 1)
	if err := cl.TemplateSaveTask(ctx, other); err != nil {
		t.Fatal(err)
	}
	r.Key("t")
	if ask := r.Dialog(); ask.Title != "Replace template verify-archive" || !strings.Contains(ask.Diff, "-  <Description>") {
		t.Fatalf("dialog %+v", ask)
	}
}
