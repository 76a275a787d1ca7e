package engine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"dpconsole/gateway/hostdoc"
)

// crashEnv names the data directory a re-executed test binary saves into
// until it is killed.
const crashEnv = "DPCONSOLE_ENGINE_CRASH_DIR"

// crashRound is what the child writes in round i: every kind of document,
// each carrying i so the parent can tell old from new.
func crashRound(h *Host, i int) error {
	v := strconv.Itoa(i)
	big := bytes.Repeat([]byte("v="+v+";"), 8<<10) // large enough to tear if not atomic
	steps := []error{
		h.ConfigSaveScript("c", "s.xml", `<S v="`+v+`"/>`),
		h.SharedSaveID("id.iic", big),
		h.ConfigSaveTasks("c", tasksDoc(task("t", `every="1s"`, "<Description>"+v+"</Description>"))),
		h.TemplateSaveTask(`<Task name="tpl"><Description>` + v + `</Description><Schedule every="1s"/></Task>`),
		h.TaskPause("c", "t"),
		h.TaskResume("c", "*"),
	}
	for _, err := range steps {
		if err != nil {
			return err
		}
	}
	return nil
}

// TestCrashChild is the child side of TestCrash; it runs only when
// re-executed with crashEnv set.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("runs only as TestCrash's child")
	}
	h, err := Open(Options{DataDir: dir})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	if err := h.Start(); err != nil {
		fmt.Println("start:", err)
		os.Exit(2)
	}
	start := readRound(dir) + 1
	for i := start; ; i++ {
		if err := crashRound(h, i); err != nil {
			fmt.Println("round:", err)
			os.Exit(2)
		}
		fmt.Println(i) // acknowledged: round i is durable
	}
}

// readRound returns the round s.xml holds, 0 when there is none.
func readRound(dir string) int {
	b, err := os.ReadFile(filepath.Join(dir, "configs/c/scripts/s.xml"))
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(string(b), `<S v="`), `"/>`))
	return n
}

// TestCrash kills a child that saves in a loop at random moments; after
// each kill every file must parse and hold an old or a new value.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	dir := t.TempDir()
	f := open(t, dir, false, 0)
	f.config("c", tasksDoc(task("t", `every="1s"`, "")))
	f.ok(crashRound(f.h, 0))
	f.close()
	rnd := rand.New(rand.NewPCG(uint64(os.Getpid()), 7))
	for k := 0; k < crashKills; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		ack, lines, wait := -1, 0, 1+rnd.IntN(6)
		var text []string
		for sc.Scan() {
			n, err := strconv.Atoi(sc.Text())
			if err != nil {
				text = append(text, sc.Text())
				continue
			}
			ack = n
			if lines++; lines == wait {
				cmd.Process.Signal(syscall.SIGKILL)
			}
		}
		cmd.Wait()
		if lines < wait {
			t.Fatalf("kill %d: the child stopped after %d rounds: %s", k, lines, strings.Join(text, "\n"))
		}
		checkAfterCrash(t, dir, ack)
	}
	// The host still opens and serves the survivors.
	g := open(t, dir, false, 0)
	if doc, err := g.h.ConfigGetTasks("c"); err != nil || !strings.Contains(doc, "<Description>") {
		t.Fatalf("after the crashes: %q, %v", doc, err)
	}
}

// checkAfterCrash parses every file and checks each versioned value is the
// acknowledged round or the one in flight.
func checkAfterCrash(t *testing.T, dir string, ack int) {
	t.Helper()
	round := func(what, v string) {
		n, err := strconv.Atoi(v)
		if err != nil || n < ack || n > ack+1 {
			t.Fatalf("%s holds round %q; acknowledged %d", what, v, ack)
		}
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || hidden(d.Name()) { // hidden: temp files, removed at Open
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case rel == "configs/c/tasks.xml":
			ts, err := hostdoc.ParseTasks(data)
			if err != nil || len(ts.Tasks) != 1 {
				t.Fatalf("%s: %v (%q)", rel, err, data)
			}
			round(rel, ts.Tasks[0].Description)
		case rel == "templates/tpl.xml":
			tpl, err := hostdoc.ParseTemplate(data)
			if err != nil {
				t.Fatalf("%s: %v (%q)", rel, err, data)
			}
			round(rel, tpl.Description)
		case rel == "configs/c/scripts/s.xml":
			round(rel, strings.TrimSuffix(strings.TrimPrefix(string(data), `<S v="`), `"/>`))
		case rel == "shared/ids/id.iic":
			first, _, _ := bytes.Cut(data, []byte(";"))
			if !bytes.Equal(data, bytes.Repeat(append(first, ';'), 8<<10)) {
				t.Fatalf("%s is torn (%d bytes)", rel, len(data))
			}
			round(rel, strings.TrimPrefix(string(first), "v="))
		case strings.HasSuffix(rel, ".json"):
			var rf runtimeFile
			if err := json.Unmarshal(data, &rf); err != nil {
				t.Fatalf("%s: %v (%q)", rel, err, data)
			}
		case strings.HasSuffix(rel, ".log"):
			lines := bytes.Split(data, []byte("\n"))
			for i, line := range lines[:len(lines)-1] { // the last may be torn: logs are not fsynced
				if _, err := hostdoc.ParseEntry(line); err != nil {
					t.Fatalf("%s line %d: %v", rel, i+1, err)
				}
			}
		case rel == "active" || rel == "agent":
			if s := strings.TrimSpace(string(data)); s != "c" && s != AgentActive {
				t.Fatalf("%s = %q", rel, data)
			}
		default:
			t.Fatalf("unexpected file %s", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
