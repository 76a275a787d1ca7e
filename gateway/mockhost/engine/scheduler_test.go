package engine

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

func TestEveryScheduleRunsAndLogs(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	f.config("c", tasksDoc(task("t", `every="5s"`, `<Action type="protect" source="/in" target="/out"/>`)))
	if st := f.status("c", "t"); st.Status != TaskWaiting || st.ExecCount != 0 || !st.StartTime.IsZero() {
		t.Fatalf("before the first run: %+v", st)
	}
	f.clock.Advance(5 * time.Second)
	st := f.status("c", "t")
	if st.Status != TaskExecuting || !st.StartTime.Equal(t0.Add(5*time.Second)) || st.ExecCount != 0 {
		t.Fatalf("at the first run: %+v", st)
	}
	f.clock.Advance(maxRun) // the execution ends within maxRun
	st = f.status("c", "t")
	if st.Status != TaskWaiting || st.ExecCount != 1 || st.ErrorCount != 0 || !st.EndTime.After(st.StartTime) {
		t.Fatalf("after the first run: %+v", st)
	}
	f.clock.Advance(60 * time.Second)
	if st := f.status("c", "t"); st.ExecCount != 13 { // runs at 5s, 10s, ... 65s
		t.Fatalf("after 67s: %d executions, want 13", st.ExecCount)
	}
	entries := f.log("c", "t")
	for _, want := range []string{"Execution 1 started (every 5s)", "Action protect: /in -> /out", "Execution 1 finished in"} {
		if !hasEntry(entries, hostdoc.LevelInfo, want) {
			t.Errorf("log lacks %q: %+v", want, entries[:4])
		}
	}
	for i := 1; i < len(entries); i++ {
		if entries[i].Time.Before(entries[i-1].Time) {
			t.Fatalf("log not in time order at %d", i)
		}
	}
	if cs, ts, err := f.h.ConfigGetStatus("c"); err != nil || cs != "Active" || ts != "Normal" {
		t.Fatalf("config status = %s %s %v", cs, ts, err)
	}
}

func TestCronSchedule(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	f.config("c", tasksDoc(task("nightly", `cron="0 2 * * *"`, "")))
	f.clock.Advance(time.Hour - time.Second) // 01:59:59
	if st := f.status("c", "nightly"); st.ExecCount != 0 || st.Status != TaskWaiting {
		t.Fatalf("before 02:00: %+v", st)
	}
	f.clock.Advance(time.Second + maxRun)
	st := f.status("c", "nightly")
	if st.ExecCount != 1 || !st.StartTime.Equal(t0.Add(time.Hour)) {
		t.Fatalf("after 02:00: %+v", st)
	}
	f.clock.Advance(24 * time.Hour)
	if st := f.status("c", "nightly"); st.ExecCount != 2 {
		t.Fatalf("a day later: %d executions", st.ExecCount)
	}
}

func TestSimulatedFailures(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	f.config("c", tasksDoc(task("every3", `every="10s"`, `<Simulate failEvery="3"/>`),
		task("always", `every="10s"`, `<Simulate failRate="1"/>`),
		task("never", `every="10s"`, `<Simulate failRate="0"/>`)))
	f.clock.Advance(20*time.Second + maxRun) // two runs
	if st := f.status("c", "every3"); st.ErrorCount != 0 || st.Status != TaskWaiting {
		t.Fatalf("after 2 runs: %+v", st)
	}
	f.clock.Advance(10 * time.Second) // the third fails
	st := f.status("c", "every3")
	if st.ExecCount != 3 || st.ErrorCount != 1 || st.Status != TaskError || st.Error != "simulated failure (every 3 executions)" || st.LastErrorTime.IsZero() {
		t.Fatalf("after 3 runs: %+v", st)
	}
	if !hasEntry(f.log("c", "every3"), hostdoc.LevelError, "Execution 3 failed: simulated failure") {
		t.Error("the failure is not in the task log")
	}
	if !hasEntry(f.agentLog(), hostdoc.LevelWarn, "Task c/every3: execution 3 failed") {
		t.Error("the failure is not in the agent log")
	}
	if cs, ts, _ := f.h.ConfigGetStatus("c"); cs != "Active" || ts != "Errors" {
		t.Fatalf("config status = %s %s", cs, ts)
	}
	f.clock.Advance(10 * time.Second) // the fourth succeeds; Error keeps the last error
	st = f.status("c", "every3")
	if st.Status != TaskWaiting || st.ErrorCount != 1 || st.Error == "" {
		t.Fatalf("after 4 runs: %+v", st)
	}
	if st := f.status("c", "always"); st.ErrorCount != 4 || st.ExecCount != 4 {
		t.Fatalf("always: %+v", st)
	}
	if st := f.status("c", "never"); st.ErrorCount != 0 || st.ExecCount != 4 {
		t.Fatalf("never: %+v", st)
	}
	if as, _ := f.h.AgentGetStatus(); as.TaskStatus != "Errors" { // "always" failed last
		t.Fatalf("agent status = %+v", as)
	}
}

func TestMissingIDAndScriptFail(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	f.config("c", tasksDoc(task("noid", `every="2s"`, `<ID>missing.iic</ID>`),
		task("noscript", `every="2s"`, `<Script>gone.xml</Script>`),
		task("shared", `every="2s"`, `<ID>s.iic</ID><Script>own.xml</Script>`)))
	f.ok(f.h.SharedNewID("s.iic", nil))
	f.ok(f.h.ConfigSaveScript("c", "own.xml", "<Script/>"))
	f.clock.Advance(2 * time.Second)
	st := f.status("c", "noid")
	if st.Status != TaskError || st.ExecCount != 1 || st.ErrorCount != 1 || st.Error != `ID missing.iic not found in configuration "c" or the shared area` {
		t.Fatalf("noid: %+v", st)
	}
	if !hasEntry(f.log("c", "noid"), hostdoc.LevelError, "ID missing.iic not found") {
		t.Error("noid: no clear log entry")
	}
	if st := f.status("c", "noscript"); st.Error != `Script gone.xml not found in configuration "c" or the shared area` {
		t.Fatalf("noscript: %+v", st)
	}
	f.clock.Advance(maxRun)
	if st := f.status("c", "shared"); st.ErrorCount != 0 || st.ExecCount != 1 {
		t.Fatalf("shared: %+v", st)
	}
	entries := f.log("c", "shared")
	if !hasEntry(entries, hostdoc.LevelDebug, "Using ID s.iic from the shared area") ||
		!hasEntry(entries, hostdoc.LevelDebug, `Using Script own.xml from configuration "c"`) {
		t.Errorf("shared: lookups not logged: %+v", entries)
	}
	// Saving the ID makes the next run succeed.
	before := f.status("c", "noid")
	f.ok(f.h.ConfigSaveID("c", "missing.iic", []byte("any bytes")))
	f.clock.Advance(2*time.Second + maxRun)
	if st := f.status("c", "noid"); st.ExecCount <= before.ExecCount || st.ErrorCount != before.ErrorCount {
		t.Fatalf("noid after saving the ID: %+v, before %+v", st, before)
	}
}

func TestPauseResumeResetStar(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	f.config("c", tasksDoc(task("a", `every="3s"`, ""), task("b", `every="3s"`, `<Simulate failEvery="1"/>`)))
	f.clock.Advance(3*time.Second + maxRun)
	f.ok(f.h.TaskPause("c", AllTasks))
	for _, n := range []string{"a", "b"} {
		if st := f.status("c", n); st.Status != TaskPaused || st.ExecCount != 1 {
			t.Fatalf("%s paused: %+v", n, st)
		}
	}
	f.clock.Advance(time.Minute)
	if st := f.status("c", "a"); st.ExecCount != 1 {
		t.Fatalf("a ran while paused: %+v", st)
	}
	f.ok(f.h.TaskResume("c", "a"))
	f.clock.Advance(3*time.Second + maxRun)
	if st := f.status("c", "a"); st.ExecCount != 2 || st.Status != TaskWaiting {
		t.Fatalf("a resumed: %+v", st)
	}
	if st := f.status("c", "b"); st.ExecCount != 1 || st.Status != TaskPaused {
		t.Fatalf("b still paused: %+v", st)
	}
	f.ok(f.h.TaskReset("c", AllTasks))
	for _, n := range []string{"a", "b"} {
		st := f.status("c", n)
		if st.ExecCount != 0 || st.ErrorCount != 0 || st.Error != "" || !st.StartTime.IsZero() || !st.LastErrorTime.IsZero() {
			t.Fatalf("%s after reset: %+v", n, st)
		}
		if len(f.log("c", n)) != 0 {
			t.Fatalf("%s log not cleared", n)
		}
	}
	if st := f.status("c", "b"); st.Status != TaskPaused {
		t.Fatalf("reset must not resume: %+v", st)
	}
	f.ok(f.h.TaskResume("c", AllTasks))
	f.clock.Advance(3*time.Second + maxRun)
	if st := f.status("c", "b"); st.ExecCount != 1 || st.Status != TaskError {
		t.Fatalf("b resumed: %+v", st)
	}
	wantStatus(t, f.h.TaskPause("c", "nope"), gateway.StatusNotFound, `task "nope"`)
	wantStatus(t, f.h.TaskPause("nope", AllTasks), gateway.StatusNotFound, `configuration "nope"`)
	_, err := f.h.TaskGetStatus("c", AllTasks)
	wantStatus(t, err, gateway.StatusInvalid, "bad task name")
}

func TestAgentStates(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	f.config("c", tasksDoc(task("t", `every="2s"`, "")))
	f.ok(f.h.ConfigCreate("other"))
	f.clock.Advance(2 * time.Second) // executing
	f.ok(f.h.AgentAlter("disable"))
	as, _ := f.h.AgentGetStatus()
	if as.Agent != AgentDisabled || as.ConfigStatus != "Disabled" || as.Config != "c" {
		t.Fatalf("disabled: %+v", as)
	}
	if st := f.status("c", "t"); st.Status != TaskIdle || st.ExecCount != 0 {
		t.Fatalf("disabled task: %+v", st)
	}
	if !hasEntry(f.log("c", "t"), hostdoc.LevelWarn, "Execution 1 interrupted: the agent was disabled") {
		t.Error("the interrupted execution is not logged")
	}
	f.clock.Advance(time.Minute)
	if st := f.status("c", "t"); st.ExecCount != 0 {
		t.Fatalf("ran while disabled: %+v", st)
	}
	f.ok(f.h.AgentPing())
	f.ok(f.h.AgentAlter("ENABLE"))
	f.clock.Advance(2*time.Second + maxRun - time.Millisecond) // one run, ended before the next
	if st := f.status("c", "t"); st.ExecCount != 1 || st.Status != TaskWaiting {
		t.Fatalf("enabled again: %+v", st)
	}
	wantStatus(t, f.h.AgentAlter("pause"), gateway.StatusInvalid, "Enable or Disable")

	f.ok(f.h.AgentShutdown())
	as, _ = f.h.AgentGetStatus()
	if as.Agent != AgentOffline || as.ConfigStatus != "Idle" {
		t.Fatalf("offline: %+v", as)
	}
	offline := map[string]error{
		"agentPing": f.h.AgentPing(), "agentAlter": f.h.AgentAlter("Enable"), "agentRestart": f.h.AgentRestart(),
		"agentShutdown": f.h.AgentShutdown(), "configActivate": f.h.ConfigActivate("other"),
		"taskPause": f.h.TaskPause("c", "t"), "taskResume": f.h.TaskResume("c", "*"), "taskReset": f.h.TaskReset("c", "t"),
	}
	_, offline["taskGetStatus"] = f.h.TaskGetStatus("c", "t")
	_, offline["taskGetLog"] = f.h.TaskGetLog("c", "t")
	for fn, err := range offline {
		wantStatus(t, err, gateway.StatusGeneral, "agent is offline")
		if err.(*gateway.Error).Function != fn {
			t.Errorf("%s: error names %q", fn, err.(*gateway.Error).Function)
		}
	}
	// Stored data can still be read and saved while offline.
	f.ok(f.h.ConfigSaveScript("c", "s.xml", "<S/>"))
	if _, err := f.h.ConfigGetTasks("c"); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute)
	f.ok(f.h.AgentStart())
	f.ok(f.h.AgentStart()) // a running agent: nothing to do
	if as, _ := f.h.AgentGetStatus(); as.Agent != AgentActive || as.ConfigStatus != "Active" {
		t.Fatalf("started: %+v", as)
	}
	if entries := f.agentLog(); len(entries) != 1 || !hasEntry(entries, hostdoc.LevelInfo, "Agent started") {
		t.Fatalf("agentStart must begin a new agent log: %+v", entries)
	}
	f.clock.Advance(2 * time.Second) // executing again
	f.ok(f.h.AgentRestart())
	if !hasEntry(f.log("c", "t"), hostdoc.LevelWarn, "interrupted: the agent is restarting") {
		t.Error("restart must end the running execution")
	}
	if entries := f.agentLog(); !hasEntry(entries, hostdoc.LevelInfo, "Agent restarted") || len(entries) != 1 {
		t.Fatalf("restart must begin a new agent log: %+v", entries)
	}
	before := f.status("c", "t").ExecCount
	f.clock.Advance(2*time.Second + maxRun)
	if st := f.status("c", "t"); st.ExecCount != before+1 {
		t.Fatalf("restart must schedule again: %+v", st)
	}
}

func TestActivateSwitchesSchedules(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	f.config("a", tasksDoc(task("t", `every="2s"`, "")))
	f.ok(f.h.ConfigCreate("b"))
	f.ok(f.h.ConfigSaveTasks("b", tasksDoc(task("u", `every="2s"`, ""), `<Task name="off" enabled="false"><Schedule every="1s"/></Task>`)))
	if st := f.status("b", "u"); st.Status != TaskIdle {
		t.Fatalf("a task of an inactive configuration: %+v", st)
	}
	f.clock.Advance(2 * time.Second) // a/t executing
	f.ok(f.h.ConfigActivate("b"))
	if cs, _, _ := f.h.ConfigGetStatus("a"); cs != "Idle" {
		t.Fatalf("a after switching: %s", cs)
	}
	f.clock.Advance(10 * time.Second)
	if st := f.status("a", "t"); st.ExecCount != 0 || st.Status != TaskIdle {
		t.Fatalf("a/t after switching: %+v", st)
	}
	if st := f.status("b", "u"); st.ExecCount < 4 {
		t.Fatalf("b/u: %+v", st)
	}
	if st := f.status("b", "off"); st.ExecCount != 0 || st.Status != TaskIdle {
		t.Fatalf("a disabled task ran: %+v", st)
	}
	wantStatus(t, f.h.ConfigDelete("b"), gateway.StatusGeneral, "is active")
	f.ok(f.h.ConfigDelete("a"))
	// Saving the tasks reschedules: a removed task stops, a new one starts.
	f.ok(f.h.ConfigSaveTasks("b", tasksDoc(task("new", `every="1s"`, ""))))
	f.clock.Advance(time.Second + maxRun)
	if st := f.status("b", "new"); st.ExecCount == 0 {
		t.Fatalf("b/new: %+v", st)
	}
	_, err := f.h.TaskGetStatus("b", "u")
	wantStatus(t, err, gateway.StatusNotFound, `task "u"`)
}

func TestSkipsARunWhileExecuting(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	f.config("c", tasksDoc(task("t", `every="1s"`, "")))
	f.clock.Advance(30 * time.Second)
	st := f.status("c", "t")
	skipped := 0
	for _, e := range f.log("c", "t") {
		if e.Level == hostdoc.LevelWarn {
			skipped++
		}
	}
	// 30 runs fell due; each either executed or was skipped, the last may still run.
	if got := st.ExecCount + skipped; got != 30 && !(got == 29 && st.Status == TaskExecuting) {
		t.Fatalf("executions %d + skipped %d, want 30 due runs (status %s)", st.ExecCount, skipped, st.Status)
	}
	if skipped == 0 {
		t.Fatal("durations up to 2s on a 1s schedule must skip some runs")
	}
}

// A reset during an execution drops it: no end without a start, no
// overflowed duration, and the next run is the first of the new figures.
func TestResetDuringExecution(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	f.config("c", tasksDoc(task("t", `every="5s"`, "")))
	f.clock.Advance(5*time.Second + maxRun) // execution 1 done
	f.clock.Advance(5*time.Second - maxRun) // execution 2 starts at 10s
	if st := f.status("c", "t"); st.Status != TaskExecuting || st.ExecCount != 1 {
		t.Fatalf("before the reset: %+v", st)
	}
	f.ok(f.h.TaskReset("c", "t"))
	st := f.status("c", "t")
	if st.Status != TaskWaiting || st.ExecCount != 0 || !st.StartTime.IsZero() || !st.EndTime.IsZero() {
		t.Fatalf("right after the reset: %+v", st)
	}
	if !hasEntry(f.log("c", "t"), hostdoc.LevelWarn, "Statistics reset during execution 2") {
		t.Fatalf("the dropped run is not logged: %+v", f.log("c", "t"))
	}
	f.clock.Advance(maxRun) // execution 2's end would have fallen here
	if st := f.status("c", "t"); st.ExecCount != 0 || !st.EndTime.IsZero() {
		t.Fatalf("the dropped run was counted: %+v", st)
	}
	f.clock.Advance(5 * time.Second) // the next run starts at 15s and ends by 17s
	st = f.status("c", "t")
	if st.ExecCount != 1 || st.Status != TaskWaiting || !st.StartTime.Equal(t0.Add(15*time.Second)) || !st.EndTime.After(st.StartTime) {
		t.Fatalf("the first run after the reset: %+v", st)
	}
	started := map[string]bool{}
	for _, e := range f.log("c", "t") {
		var n int
		var d time.Duration
		if _, err := fmt.Sscanf(e.Text, "Execution %d started", &n); err == nil {
			started[fmt.Sprint(n)] = true
		}
		if strings.HasPrefix(e.Text, "Execution ") && strings.Contains(e.Text, " finished in ") {
			var ds string
			fmt.Sscanf(e.Text, "Execution %d finished in %s", &n, &ds)
			d, _ = time.ParseDuration(ds)
			if !started[fmt.Sprint(n)] || d < minRun || d > maxRun {
				t.Errorf("%q: started=%v, duration %v", e.Text, started[fmt.Sprint(n)], d)
			}
		}
	}
	if !started["1"] {
		t.Fatalf("no execution 1 after the reset: %+v", f.log("c", "t"))
	}
}

func TestRunTimeNeverNegativeOrOverflowed(t *testing.T) {
	for _, c := range []struct {
		start, end time.Time
		want       time.Duration
	}{
		{time.Time{}, t0, 0},
		{t0.Add(time.Second), t0, 0},
		{t0, t0.Add(1500 * time.Millisecond), 1500 * time.Millisecond},
	} {
		if got := runTime(c.start, c.end); got != c.want {
			t.Errorf("runTime(%v, %v) = %v, want %v", c.start, c.end, got, c.want)
		}
	}
}
