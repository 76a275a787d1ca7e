package shared

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

func TestMain(m *testing.M) { panetest.Main(m) }

func start(t *testing.T) (*panetest.Env, *Model, *panetest.Runner) {
	t.Helper()
	return panetest.Open(t, New, nil)
}

func TestListsPresetsAndShowsTheFirst(t *testing.T) {
	_, m, _ := start(t)
	if !slices.Equal(m.presets, []string{"Geo-Fence", "Office-Hours", "Standard", "Strict"}) {
		t.Fatalf("presets %v", m.presets)
	}
	if m.Doc.For != (item{kindPreset, "Geo-Fence"}) || !strings.Contains(m.Doc.Document(), "<") {
		t.Fatalf("shown %+v: %q", m.Doc.For, m.Doc.Document())
	}
}

func TestOpenScriptByNameIsRemembered(t *testing.T) {
	_, m, r := start(t)
	r.Key("o")
	r.Key("c")
	r.Type("verify.xml")
	r.Key("enter")
	if len(m.recent) != 1 || m.recent[0] != (item{kindScript, "verify.xml"}) {
		t.Fatalf("recent %+v; flashes %v", m.recent, r.Flashes())
	}
	if it, _ := m.Selected(); it != m.recent[0] || !strings.Contains(m.Doc.Document(), `<Script name="verify.xml">`) {
		t.Fatalf("selected %+v showing %q", it, m.Doc.Document())
	}
	r.Key("o")
	r.Key("c")
	r.Type("nope.xml")
	r.Key("enter")
	if f := r.Flashes(); !strings.HasPrefix(f[len(f)-1], "ERROR open shared script nope.xml") {
		t.Fatalf("flashes %v", f)
	}
	if len(m.recent) != 1 {
		t.Fatalf("a missing name was remembered: %+v", m.recent)
	}
}

func TestOpenIDShowsHexPreview(t *testing.T) {
	_, m, r := start(t)
	r.Key("o")
	r.Key("i")
	r.Type("shared-ops.iic")
	r.Key("enter")
	v := m.View()
	if !strings.Contains(v, "bytes (binary ID file)") || !strings.Contains(v, "00000000  ") {
		t.Fatalf("view:\n%s", v)
	}
}

func TestNewIDAndSaveAndLoad(t *testing.T) {
	env, m, r := start(t)
	r.Key("i")
	r.Type("team.iic")
	r.Key("enter")
	r.Key("enter") // no fingerprint files: binds this host
	if len(m.recent) == 0 || m.recent[0] != (item{kindID, "team.iic"}) {
		t.Fatalf("recent %+v; flashes %v", m.recent, r.Flashes())
	}
	// An existing name is refused before the fingerprint
	// files are asked for.
	r.Reset()
	r.Key("i")
	r.Type("team.iic")
	r.Key("enter")
	if v := m.View(); m.Prompt.Purpose() != "newid" || !strings.Contains(v, "shared ID team.iic already exists") ||
		strings.Contains(v, "fingerprint") || len(r.Flashes()) != 0 {
		t.Fatalf("second new ID of the same name: purpose %q, flashes %v:\n%s", m.Prompt.Purpose(), r.Flashes(), v)
	}
	r.Key("esc")
	// team.iic is selected: save it, then load it back under a new name.
	path := filepath.Join(t.TempDir(), "team.iic")
	r.Key("s")
	r.Key("ctrl+u")
	r.Type(path)
	r.Key("enter")
	data, err := os.ReadFile(path)
	if err != nil || len(data) == 0 {
		t.Fatalf("saved %d bytes, %v; flashes %v", len(data), err, r.Flashes())
	}
	r.Key("l")
	r.Key("i")
	r.Type(path)
	r.Key("enter")
	r.Key("ctrl+u")
	r.Type("copy.iic")
	r.Key("enter")
	if ask := r.Confirm(); ask.Title != "Save shared ID copy.iic" {
		t.Fatalf("dialog %+v", ask)
	}
	got, err := env.Common.Client.SharedGetID(env.Common.Ctx, "copy.iic")
	if err != nil || string(got) != string(data) {
		t.Fatalf("host copy: %d bytes, %v", len(got), err)
	}
}

// Loading a file as a shared script that exists asks
// first, naming what uses it.
func TestLoadOverAnExistingScriptAsks(t *testing.T) {
	env, _, r := start(t)
	before, err := env.Common.Client.SharedGetScript(env.Common.Ctx, "verify.xml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "verify.xml")
	os.WriteFile(path, []byte(`<Script name="verify.xml"><Step>new</Step></Script>`), 0o600)
	r.Key("l")
	r.Key("c")
	r.Type(path)
	r.Key("enter")
	r.Key("enter") // keep the file's name: verify.xml
	if got, _ := env.Common.Client.SharedGetScript(env.Common.Ctx, "verify.xml"); got != before {
		t.Fatal("replaced before the confirm")
	}
	ask := r.Confirm() // runs OnConfirm
	if ask.Title != "Replace shared script verify.xml" || !strings.Contains(ask.Diff, "+<Script name=\"verify.xml\"><Step>new</Step></Script>") {
		t.Fatalf("confirm %+v", ask)
	}
	if got, _ := env.Common.Client.SharedGetScript(env.Common.Ctx, "verify.xml"); got == before {
		t.Fatalf("not replaced after the confirm; flashes %v", r.Flashes())
	}
}

// The open and choose keys come from the key map.
func TestOpenAndChooseKeysAreRebindable(t *testing.T) {
	env := panetest.Start(t)
	if err := env.Common.Keys.Apply(map[string][]string{"open_by_name": {"O"}, "choose_script": {"x"}}); err != nil {
		t.Fatal(err)
	}
	m := New(env.Common)
	r := panetest.NewRunner(t, m)
	r.Run(m.Init())
	r.Key("o")
	if m.Capturing() {
		t.Fatal("o still opens by name")
	}
	r.Key("O")
	if !strings.Contains(m.View(), "x a script") {
		t.Fatalf("the question does not show the rebound key:\n%s", m.View())
	}
	r.Key("x")
	if !m.Prompt.Active() || m.stash["kind"] != kindScript {
		t.Fatalf("x did not choose a script: %+v", m.stash)
	}
}

// TestLoadScriptRefusesBinary: the file is read before its name is
// asked, so a file that is no script is said at the path, where it can be
// fixed.
func TestLoadScriptRefusesBinary(t *testing.T) {
	_, m, r := start(t)
	path := filepath.Join(t.TempDir(), "bin.xml")
	if err := os.WriteFile(path, []byte{0xff, 0xfe, 0}, 0o600); err != nil {
		t.Fatal(err)
	}
	r.Key("l")
	r.Key("c")
	r.Type(path)
	r.Key("enter")
	if !m.Prompt.Active() || m.Prompt.Purpose() != "load-path" || !strings.Contains(m.Prompt.View(), "not UTF-8 text") {
		t.Fatalf("prompt %q:\n%s", m.Prompt.Purpose(), m.Prompt.View())
	}
}

// TestLoadAsksTheNameOfAFileThatReads: a missing file is said at the
// path; a good one is asked its name, suggesting the file's, and saved
// through the review.
func TestLoadAsksTheNameOfAFileThatReads(t *testing.T) {
	_, m, r := start(t)
	r.Key("l")
	r.Key("c")
	r.Type("/nonexistent/x.xml")
	r.Key("enter")
	if m.Prompt.Purpose() != "load-path" || !strings.Contains(m.Prompt.View(), "x.xml") {
		t.Fatalf("a missing file: prompt %q:\n%s", m.Prompt.Purpose(), m.Prompt.View())
	}
	path := filepath.Join(t.TempDir(), "mine.xml")
	if err := os.WriteFile(path, []byte("<Script/>"), 0o600); err != nil {
		t.Fatal(err)
	}
	for range 40 {
		r.Key("backspace")
	}
	r.Type(path)
	r.Key("enter")
	if m.Prompt.Purpose() != "load-name" || !strings.Contains(m.Prompt.View(), "mine.xml") {
		t.Fatalf("prompt %q:\n%s", m.Prompt.Purpose(), m.Prompt.View())
	}
	r.Key("enter")
	if ask := r.Dialog(); !strings.Contains(ask.Title, "shared script mine.xml") {
		t.Fatalf("dialog %+v", ask)
	}
}

func TestRecentIsBounded(t *testing.T) {
	_, m, _ := start(t)
	for i := 0; i < maxRecent+5; i++ {
		m.remember(item{kindScript, string(rune('a'+i)) + ".xml"})
	}
	m.remember(item{kindScript, "c.xml"})
	if len(m.recent) != maxRecent || m.recent[0].Name != "c.xml" {
		t.Fatalf("recent has %d, first %q", len(m.recent), m.recent[0].Name)
	}
	n := 0
	for _, it := range m.recent {
		if it.Name == "c.xml" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("c.xml listed %d times", n)
	}
}

func TestReadOnly(t *testing.T) {
	env, _, r := start(t)
	env.Common.ReadOnly = true
	r.RequireReadOnly("i", "l")
}

func TestGolden(t *testing.T) {
	env := panetest.Start(t)
	tm := panetest.Run(t, New(env.Common), 100, 30)
	panetest.WaitFor(t, tm, "Strict", "</", "production, staging")
	panetest.RequireGolden(t, panetest.FinalView(t, tm))
}

// Key o offers the shared names the configurations' tasks refer
// to and the host has; a name only in a configuration is not offered.
func TestOpenSuggestsNamesTheTasksUse(t *testing.T) {
	_, m, r := start(t)
	r.Key("o")
	r.Key("c")
	v := m.View()
	if !strings.Contains(v, "in the configurations' tasks:") || !strings.Contains(v, "verify.xml") {
		t.Fatalf("no suggestions from the tasks:\n%s", v)
	}
	if strings.Contains(m.Prompt.View(), "protect.xml") {
		t.Fatalf("a script only in a configuration is offered:\n%s", m.Prompt.View())
	}
}

// In read-only mode the footers and help leave out the keys
// that change the host, the pane's renamed ones included.
func TestReadOnlyHelpHidesMutatingKeys(t *testing.T) {
	build := func(c *common.Common) *Model {
		c.ReadOnly = true
		c.Keys.DisableMutating()
		return New(c)
	}
	_, m, _ := panetest.Open(t, build, nil)
	panetest.RequireHelpHides(t, m.ShortHelp(), m.FullHelp(), "i", "l")
	if len(m.ShortHelp()) == 0 {
		t.Fatal("no footer at all")
	}
}
