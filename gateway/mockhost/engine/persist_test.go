package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dpconsole/gateway/hostdoc"
)

func TestReopenKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	f := open(t, dir, false, 0)
	f.config("c", tasksDoc(task("run", `every="2s"`, `<Simulate failEvery="2"/>`), task("hold", `every="2s"`, "")))
	f.ok(f.h.ConfigCreate("other"))
	f.ok(f.h.ConfigSaveID("c", "i.iic", []byte{9, 8, 7}))
	f.ok(f.h.ConfigSaveScript("c", "s.xml", "<S/>"))
	f.ok(f.h.SharedSaveID("g.iic", []byte{1}))
	f.ok(f.h.SharedSaveScript("g.xml", "<G/>"))
	f.ok(f.h.TemplateSaveTask(`<Task name="tpl"><Schedule every="1s"/></Task>`))
	f.clock.Advance(4*time.Second + maxRun - time.Millisecond)
	f.ok(f.h.TaskPause("c", "hold"))
	f.ok(f.h.AgentAlter("Disable"))
	runBefore, holdBefore := f.status("c", "run"), f.status("c", "hold")
	logBefore := f.log("c", "run")
	if runBefore.ExecCount != 2 || runBefore.ErrorCount != 1 {
		t.Fatalf("before: %+v", runBefore)
	}
	tasksBefore, _ := f.h.ConfigGetTasks("c")
	f.close()

	f.reopen(false, 0)
	h := f.h
	as, _ := h.AgentGetStatus()
	if as.Agent != AgentDisabled || as.Config != "c" {
		t.Fatalf("agent after reopen: %+v", as)
	}
	if l, _ := h.ConfigGetList(); strings.Join(l, ",") != "c,other" {
		t.Fatalf("configs = %v", l)
	}
	if doc, _ := h.ConfigGetTasks("c"); doc != tasksBefore {
		t.Fatalf("tasks = %q", doc)
	}
	if b, _ := h.ConfigGetID("c", "i.iic"); string(b) != "\x09\x08\x07" {
		t.Fatalf("ID = %v", b)
	}
	if s, _ := h.ConfigGetScript("c", "s.xml"); s != "<S/>" {
		t.Fatal("config script lost")
	}
	if b, _ := h.SharedGetID("g.iic"); string(b) != "\x01" {
		t.Fatal("shared ID lost")
	}
	if s, _ := h.SharedGetScript("g.xml"); s != "<G/>" {
		t.Fatal("shared script lost")
	}
	if s, _ := h.TemplateGetTask("tpl"); !strings.Contains(s, "tpl") {
		t.Fatal("template lost")
	}
	run := f.status("c", "run")
	if run.ExecCount != runBefore.ExecCount || run.ErrorCount != runBefore.ErrorCount || run.Error != runBefore.Error ||
		!run.StartTime.Equal(runBefore.StartTime) || !run.EndTime.Equal(runBefore.EndTime) || !run.LastErrorTime.Equal(runBefore.LastErrorTime) {
		t.Fatalf("run after reopen: %+v, before %+v", run, runBefore)
	}
	if got := f.log("c", "run"); len(got) != len(logBefore) || got[len(got)-1] != logBefore[len(logBefore)-1] {
		t.Fatalf("log after reopen has %d entries, before %d", len(got), len(logBefore))
	}
	if cs, ts, _ := h.ConfigGetStatus("c"); cs != "Disabled" || ts != "Errors" { // run's 2nd execution failed
		t.Fatalf("config status after reopen: %s %s", cs, ts)
	}
	f.ok(h.AgentAlter("Enable"))
	if st := f.status("c", "hold"); st.Status != TaskPaused || st.ExecCount != holdBefore.ExecCount {
		t.Fatalf("hold after reopen: %+v", st)
	}
	f.clock.Advance(2*time.Second + maxRun)
	if st := f.status("c", "run"); st.ExecCount != runBefore.ExecCount+1 {
		t.Fatalf("counters do not continue: %+v", st)
	}
}

func TestOpenCleansHalfDoneWork(t *testing.T) {
	dir := t.TempDir()
	f := open(t, dir, false, 0)
	f.ok(f.h.ConfigCreate("c"))
	f.ok(f.h.ConfigSaveTasks("c", tasksDoc(task("t", `every="1s"`, ""))))
	f.close()
	// What a crash can leave: a half-made configuration, a configuration
	// being deleted, temporary files, a torn log line.
	for _, d := range []string{"configs/.new-x-1234/ids", "configs/.del-y-5678"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"configs/c/scripts/.tmp-s.xml-1", "shared/ids/.tmp-a-2", ".tmp-active-3"} {
		if err := os.WriteFile(filepath.Join(dir, p), []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	logPath := filepath.Join(dir, "configs/c/runtime/t.log")
	good := hostdoc.AppendEntry(nil, hostdoc.Entry{Time: t0, Level: "info", Text: "kept"})
	if err := os.WriteFile(logPath, append(good, `<Entry time="2026-11-29T01:00:00Z" lev`...), 0o644); err != nil {
		t.Fatal(err)
	}
	f.reopen(false, 0)
	for _, p := range []string{"configs/.new-x-1234", "configs/.del-y-5678", "configs/c/scripts/.tmp-s.xml-1", "shared/ids/.tmp-a-2", ".tmp-active-3"} {
		if _, err := os.Stat(filepath.Join(dir, p)); !os.IsNotExist(err) {
			t.Errorf("%s survived Open: %v", p, err)
		}
	}
	if l, _ := f.h.ConfigGetList(); strings.Join(l, ",") != "c" {
		t.Fatalf("configs = %v", l)
	}
	if entries := f.log("c", "t"); len(entries) != 1 || entries[0].Text != "kept" {
		t.Fatalf("entries = %+v", entries)
	}
	data, _ := os.ReadFile(logPath)
	if string(data) != string(good) {
		t.Fatalf("the torn line must be dropped from the file, got %q", data)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(Options{DataDir: filepath.Join(file, "sub")}); err == nil || !strings.Contains(err.Error(), "cannot be created") {
		t.Fatalf("a data dir under a file: %v", err)
	}
	if _, err := Open(Options{}); err == nil {
		t.Fatal("Open without a directory succeeded")
	}
}

// notes collects what the host says on stderr.
type notes struct {
	mu    sync.Mutex
	lines []string
}

func (n *notes) logf(format string, args ...any) {
	n.mu.Lock()
	n.lines = append(n.lines, fmt.Sprintf(format, args...))
	n.mu.Unlock()
}

func (n *notes) has(t *testing.T, fragments ...string) {
	t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, l := range n.lines {
		all := true
		for _, f := range fragments {
			all = all && strings.Contains(l, f)
		}
		if all {
			return
		}
	}
	t.Errorf("no note mentions %q; notes:\n%s", fragments, strings.Join(n.lines, "\n"))
}

// TestOpenSkipsUnreadableItems plants what a bad call, an old version or a
// careless hand can leave in a data directory: the host still starts, skips
// each item and says so (docs/protocol.md §6).
func TestOpenSkipsUnreadableItems(t *testing.T) {
	dir := t.TempDir()
	f := open(t, dir, false, 0)
	f.config("good", tasksDoc(task("t", `every="1s"`, ""), task("u", `every="1s"`, "")))
	f.ok(f.h.TemplateSaveTask(`<Task name="tpl"><Schedule every="1s"/></Task>`))
	f.close()
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mkdir := func(rel string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, rel), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	long := strings.Repeat("é", 120) // 120 characters, 240 bytes: a valid file name, too long a name
	mkdir("configs/" + long)
	write("configs/broken/tasks.xml", "<Tasks><oops")
	mkdir("configs/dir-tasks/tasks.xml")
	write("configs/file-ids/ids", "not a directory")
	// What an older host let a client save: a task named 128 two-byte
	// characters, whose runtime file name is over the file system's limit.
	write("configs/bricked/tasks.xml", tasksDoc(task(strings.Repeat("é", 128), `every="1s"`, "")))
	write("configs/good/runtime/t.json", "{not json")
	os.Remove(filepath.Join(dir, "configs/good/runtime/u.log"))
	mkdir("configs/good/runtime/u.log")
	write("templates/"+long+".xml", `<Task name="x"><Schedule every="1s"/></Task>`)
	write("shared/scripts/"+long, "<Script/>")
	write("agent", "Sleeping\n")

	var n notes
	h, err := Open(Options{DataDir: dir, Clock: f.clock, Logf: n.logf})
	if err != nil {
		t.Fatalf("Open refused a data directory with bad items: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	if err := h.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	f.h = h
	if l, _ := h.ConfigGetList(); strings.Join(l, ",") != "good" {
		t.Errorf("configs = %v, want only good", l)
	}
	if l, _ := h.TemplateGetList(); strings.Join(l, ",") != "tpl" {
		t.Errorf("templates = %v, want only tpl", l)
	}
	if st := f.status("good", "t"); st.ExecCount != 0 {
		t.Errorf("task t with a broken runtime: %+v, want a fresh one", st)
	}
	f.status("good", "u")
	if st, _ := h.AgentGetStatus(); st.Agent != AgentActive {
		t.Errorf("agent %q after a bad agent file, want Active", st.Agent)
	}
	n.has(t, "configs/"+long, "skipping")
	n.has(t, "configs/broken", "skipping")
	n.has(t, "configs/dir-tasks", "skipping")
	n.has(t, "configs/file-ids", "skipping")
	n.has(t, "configs/bricked", "skipping")
	n.has(t, "configs/good/runtime/t.json")
	n.has(t, "configs/good/runtime/u.log")
	n.has(t, "templates/"+long)
	n.has(t, "shared/scripts/"+long)
	n.has(t, "agent", "Sleeping")
}

func TestLogKeep(t *testing.T) {
	dir := t.TempDir()
	f := open(t, dir, false, 20)
	f.config("c", tasksDoc(task("t", `every="3s"`, "")))
	f.clock.Advance(10*time.Minute - time.Millisecond) // 199 runs of 2-3 entries, none running at the end
	entries := f.log("c", "t")
	if len(entries) < 20 || len(entries) > 20+slack(20) {
		t.Fatalf("log holds %d entries, want the newest 20 to %d (the oldest go in batches)", len(entries), 20+slack(20))
	}
	if last := entries[len(entries)-1]; last.Time.Before(t0.Add(10*time.Minute - 3*time.Second)) {
		t.Fatalf("the newest entry is old: %+v", last)
	}
	data, err := os.ReadFile(filepath.Join(dir, "configs/c/runtime/t.log"))
	f.ok(err)
	if lines := strings.Count(string(data), "\n"); lines < 20 || lines > 20+slack(20) {
		t.Fatalf("the log file holds %d lines, want 20..%d", lines, 20+slack(20))
	}
	f.close()
	f.reopen(false, 20)
	if got := f.log("c", "t"); len(got) != len(entries) || got[len(got)-1] != entries[len(entries)-1] {
		t.Fatalf("after reopen: %d entries, had %d", len(got), len(entries))
	}
}

func TestSeed(t *testing.T) {
	dir := t.TempDir()
	f := open(t, dir, true, 0)
	h := f.h
	if l, _ := h.ConfigGetList(); strings.Join(l, ",") != "production,staging" {
		t.Fatalf("configs = %v", l)
	}
	if as, _ := h.AgentGetStatus(); as.Config != "production" || as.Agent != AgentActive || as.ConfigStatus != "Active" {
		t.Fatalf("agent = %+v", as)
	}
	doc, _ := h.ConfigGetTasks("production")
	ts, err := hostdoc.ParseTasks([]byte(doc))
	f.ok(err)
	if len(ts.Tasks) != 6 {
		t.Fatalf("production has %d tasks", len(ts.Tasks))
	}
	if l, _ := h.TemplateGetList(); len(l) != 2 {
		t.Fatalf("templates = %v", l)
	}
	f.clock.Advance(2 * time.Minute)
	if st := f.status("production", "protect-inbox"); st.ExecCount < 20 || st.ErrorCount != 0 {
		t.Fatalf("protect-inbox: %+v", st)
	}
	if st := f.status("production", "verify-archive"); st.ExecCount < 10 || st.ErrorCount != 0 {
		t.Fatalf("verify-archive (shared ID and script): %+v", st)
	}
	if st := f.status("production", "sync-reports"); st.ErrorCount == 0 || st.ErrorCount == st.ExecCount {
		t.Fatalf("sync-reports must fail now and then: %+v", st)
	}
	if st := f.status("production", "rotate-keys"); st.Status != TaskPaused || st.ExecCount != 0 {
		t.Fatalf("rotate-keys: %+v", st)
	}
	if st := f.status("production", "export-partners"); st.ErrorCount == 0 || st.ErrorCount != st.ExecCount || !strings.Contains(st.Error, "partners.iic not found") {
		t.Fatalf("export-partners: %+v", st)
	}
	if as, _ := h.AgentGetStatus(); as.TaskStatus != "Errors" {
		t.Fatalf("agent = %+v", as)
	}
	f.close()
	f.reopen(true, 0) // not empty any more: no second seed
	if st := f.status("production", "protect-inbox"); st.ExecCount < 20 {
		t.Fatalf("reseeded: %+v", st)
	}
	empty := open(t, t.TempDir(), false, 0)
	if l, _ := empty.h.ConfigGetList(); len(l) != 0 {
		t.Fatalf("unseeded host has %v", l)
	}
	if as, _ := empty.h.AgentGetStatus(); as.Config != "" || as.ConfigStatus != "Idle" {
		t.Fatalf("unseeded agent = %+v", as)
	}
}

// TestNamesLimitedInBytes: a task name of 128 two-byte characters is 256
// bytes, over the file-name limit; once saved it kept the host from
// starting. It is refused now, and the data directory reopens.
func TestNamesLimitedInBytes(t *testing.T) {
	dir := t.TempDir()
	f := open(t, dir, false, 0)
	f.ok(f.h.ConfigCreate("c"))
	wide := strings.Repeat("é", 128)
	wantStatus(t, f.h.ConfigSaveTasks("c", tasksDoc(task(wide, `every="1s"`, ""))), 408, "256 bytes")
	wantStatus(t, f.h.ConfigCreate(wide), 408, "256 bytes")
	wantStatus(t, f.h.SharedSaveScript(wide, "<Script/>"), 408, "256 bytes")
	wantStatus(t, f.h.TemplateSaveTask(`<Task name="`+wide+`"><Schedule every="1s"/></Task>`), 408, "256 bytes")
	f.ok(f.h.ConfigSaveTasks("c", tasksDoc(task(strings.Repeat("é", 100), `every="1s"`, ""))))
	f.close()
	f.reopen(false, 0)
	if _, err := f.h.TaskGetStatus("c", strings.Repeat("é", 100)); err != nil {
		t.Fatal(err)
	}
}
