package host

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dpconsole/gateway/hostdoc"
	"dpconsole/views/panetest"
)

func TestMain(m *testing.M) { panetest.Main(m) }

func start(t *testing.T) (*panetest.Env, *Model, *panetest.Runner) {
	t.Helper()
	return panetest.Open(t, New, nil)
}

func TestShowsParsedMachine(t *testing.T) {
	_, m, _ := start(t)
	if m.machine == nil {
		t.Fatalf("machine not parsed: %s", m.parseErr)
	}
	v := m.View()
	for _, want := range []string{"Hostname", m.machine.Hostname, "Fingerprint", m.machine.Fingerprint, "<Machine>"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestSaveFingerprintToFile(t *testing.T) {
	_, m, r := start(t)
	path := filepath.Join(t.TempDir(), "machine.xml")
	r.Key("s")
	if !m.Capturing() {
		t.Fatal("s did not ask for a path")
	}
	r.Key("ctrl+u")
	r.Type(path)
	r.Key("enter")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; flashes %v", err, r.Flashes())
	}
	if _, err := hostdoc.ParseMachine(data); err != nil {
		t.Fatalf("saved document does not parse: %v", err)
	}
	if f := r.Flashes(); len(f) != 1 || !strings.HasPrefix(f[0], "saved the machine fingerprint to "+path) {
		t.Fatalf("flashes %v", f)
	}
}

func TestSaveToMissingDirectorySaysSo(t *testing.T) {
	_, _, r := start(t)
	r.Key("s")
	r.Key("ctrl+u")
	r.Type(filepath.Join(t.TempDir(), "no", "such", "machine.xml"))
	r.Key("enter")
	if f := r.Flashes(); len(f) != 1 || !strings.Contains(f[0], "does not exist") {
		t.Fatalf("flashes %v", f)
	}
}

func TestUnparsableMachineStillShown(t *testing.T) {
	_, m, r := start(t)
	_, call := m.load.Start("the latest load", true)
	r.Send(machineMsg{Call: call, Value: "<Machine><Hostname>x</Hostname></Machine>"})
	v := m.View()
	if !strings.Contains(v, "does not parse as a <Machine>") || !strings.Contains(v, "<Hostname>x</Hostname>") {
		t.Fatalf("view:\n%s", v)
	}
}

func TestGolden(t *testing.T) {
	env := panetest.Start(t)
	tm := panetest.Run(t, New(env.Common), 100, 30)
	panetest.WaitFor(t, tm, "</Machine>")
	view := panetest.FinalView(t, tm)
	// The mock host reports the machine it runs on: mask what differs.
	mc, err := env.Common.Client.HostGetMachine(env.Common.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := hostdoc.ParseMachine([]byte(mc))
	if err != nil {
		t.Fatal(err)
	}
	view = strings.NewReplacer(m.Hostname, "HOSTNAME", m.Fingerprint, "FINGERPRINT",
		">"+m.OS+"<", ">OS<", ">"+m.Arch+"<", ">ARCH<", " "+m.OS+"\n", " OS\n", " "+m.Arch+"\n", " ARCH\n").Replace(view)
	panetest.RequireGolden(t, view)
}

// The document's position line is muted, as in the other
// panes' secondary text.
func TestDocPositionLineIsMuted(t *testing.T) {
	env, m, _ := start(t)
	want := env.Common.Styles.Muted.GetForeground()
	if got := m.doc.StatusStyle.GetForeground(); got != want {
		t.Fatalf("position line colour %v, want the muted %v", got, want)
	}
}

// TestSaveOverReadOnlyFileAsks: saving the fingerprint over a read-only
// file asks first, and replaces it only once confirmed.
func TestSaveOverReadOnlyFileAsks(t *testing.T) {
	_, _, r := start(t)
	path := filepath.Join(t.TempDir(), "machine.xml")
	if err := os.WriteFile(path, []byte("old"), 0o400); err != nil {
		t.Fatal(err)
	}
	r.Key("s")
	r.Key("ctrl+u")
	r.Type(path)
	r.Key("enter")
	r.Key("y") // the prompt asks before overwriting any file
	ask := r.Confirm()
	if ask.Title != "Replace a read-only file" || !strings.Contains(ask.Body, path) {
		t.Fatalf("dialog %+v; flashes %v", ask, r.Flashes())
	}
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), "<Machine>") {
		t.Fatalf("not replaced once confirmed: %q", data)
	}
}
