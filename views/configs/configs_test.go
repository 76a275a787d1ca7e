package configs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/views/common"
	"dpconsole/views/pane"
	"dpconsole/views/panetest"
)

func TestMain(m *testing.M) { panetest.Main(m) }

// start returns a loaded Configurations pane on the demo data.
func start(t *testing.T) (*panetest.Env, *Model, *panetest.Runner) {
	t.Helper()
	fast := func(c *common.Common) *Model {
		c.TaskRefresh = time.Nanosecond // refresh ticks fire at once and are dropped
		return New(c)
	}
	return panetest.Open(t, fast, isTick)
}

func isTick(msg tea.Msg) bool { _, tick := msg.(tickMsg); return tick }

func names(m *Model) []string {
	var out []string
	for _, r := range m.rows {
		out = append(out, r.Name)
	}
	return out
}

func lastFlash(t *testing.T, r *panetest.Runner) string {
	t.Helper()
	f := r.Flashes()
	if len(f) == 0 {
		t.Fatalf("no flash; sent %#v", r.Out)
	}
	return f[len(f)-1]
}

func TestListMarksActiveAndShowsTasks(t *testing.T) {
	_, m, _ := start(t)
	if got := names(m); !slices.Equal(got, []string{"production", "staging"}) {
		t.Fatalf("configurations = %v", got)
	}
	if m.active != "production" || m.Selected() != "production" {
		t.Fatalf("active %q, selected %q; want production for both", m.active, m.Selected())
	}
	v := m.View()
	for _, want := range []string{">  *  production", "Active", `<Task name="protect-inbox"`, "tasks of production"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestMovingLoadsThatConfigurationsTasks(t *testing.T) {
	_, m, r := start(t)
	r.Key("down")
	if m.Selected() != "staging" || m.Doc.For != "staging" {
		t.Fatalf("selected %q, document of %q; want staging", m.Selected(), m.Doc.For)
	}
	if !strings.Contains(m.Doc.Document(), `name="cleanup"`) {
		t.Fatalf("staging document not shown: %q", m.Doc.Document())
	}
}

func TestEnterDrillsToTasks(t *testing.T) {
	_, _, r := start(t)
	r.Key("enter")
	var sel, open bool
	for _, msg := range r.Out {
		switch msg := msg.(type) {
		case common.ConfigSelectedMsg:
			sel = msg.Config == "production"
		case common.OpenTasksMsg:
			open = msg.Config == "production"
		}
	}
	if !sel || !open {
		t.Fatalf("enter sent %#v; want ConfigSelectedMsg and OpenTasksMsg for production", r.Out)
	}
}

func TestCreateValidatesThenCreates(t *testing.T) {
	_, m, r := start(t)
	r.Key("n")
	if !m.Capturing() {
		t.Fatal("n did not open the name prompt")
	}
	r.Type("../x")
	r.Key("enter")
	if !m.Prompt.Active() || !strings.Contains(m.View(), "bad configuration name") {
		t.Fatalf("a bad name was not refused in place:\n%s", m.View())
	}
	if len(r.Out) != 0 {
		t.Fatalf("a bad name reached the host: %#v", r.Out)
	}
	r.Key("ctrl+u")
	r.Type("qa")
	r.Key("enter")
	if got := lastFlash(t, r); got != "created configuration qa" {
		t.Fatalf("flash %q", got)
	}
	if !slices.Contains(names(m), "qa") {
		t.Fatalf("qa not listed: %v", names(m))
	}
	r.Key("n")
	r.Type("qa")
	r.Key("enter")
	if got := lastFlash(t, r); !strings.HasPrefix(got, "ERROR create configuration") {
		t.Fatalf("creating qa twice: %q, want the host's refusal", got)
	}
}

// Key d on the active configuration is refused at once, with
// no dialog and no call.
func TestDeleteActiveIsRefusedAtOnce(t *testing.T) {
	_, m, r := start(t)
	r.Key("d")
	for _, msg := range r.Out {
		if _, ok := msg.(common.ConfirmMsg); ok {
			t.Fatalf("a dialog was offered: %#v", msg)
		}
	}
	want := []string{"ERROR production is active: activate another configuration first"}
	if got := r.Flashes(); !slices.Equal(got, want) {
		t.Fatalf("flashes %q, want %q", got, want)
	}
	if !slices.Contains(names(m), "production") {
		t.Fatal("production vanished")
	}
}

// A configuration just created is selected, and its empty
// tasks document shows as an empty state that e still edits.
func TestCreatedConfigurationIsSelectedAndShowsEmptyState(t *testing.T) {
	_, m, r := start(t)
	r.Key("n")
	r.Type("aaa-new")
	r.Key("enter")
	if m.Selected() != "aaa-new" || m.Doc.For != "aaa-new" {
		t.Fatalf("selected %q, document of %q; want aaa-new", m.Selected(), m.Doc.For)
	}
	v := m.View()
	if !strings.Contains(v, "no tasks yet — e edits the tasks document") || strings.Contains(v, "<Tasks") {
		t.Fatalf("no empty state:\n%s", v)
	}
	if !isEmptyTasks(m.Doc.Document()) {
		t.Fatalf("document %q is not an empty tasks document", m.Doc.Document())
	}
	// e still edits (the command suspends for $EDITOR, so it is not run).
	if m.startEdit("aaa-new") == nil {
		t.Fatal("e on an empty configuration does not open the editor")
	}
}

func TestDeleteAndActivate(t *testing.T) {
	_, m, r := start(t)
	r.Key("down")
	r.Key("a")
	c := r.Confirm()
	if c.Action != "Activate" {
		t.Fatalf("confirm %+v", c)
	}
	if m.active != "staging" {
		t.Fatalf("active = %q after activating staging", m.active)
	}
	r.Key("up") // production, no longer active
	r.Key("d")
	r.Confirm()
	if got := lastFlash(t, r); got != "deleted configuration production" {
		t.Fatalf("flash %q", got)
	}
	if got := names(m); !slices.Equal(got, []string{"staging"}) {
		t.Fatalf("configurations = %v", got)
	}
}

func TestReadOnlyRefusesChanges(t *testing.T) {
	env, _, r := start(t)
	env.Common.ReadOnly = true
	r.RequireReadOnly("n", "d", "a", "e", "i", "l")
}

func TestEditedTasksAreValidatedThenSaved(t *testing.T) {
	env, m, r := start(t)
	m.editing = "production"
	r.Send(fileio.EditedMsg{Data: []byte("<Tasks><Task name=\"x\"/></Tasks>"), Changed: true})
	if m.Draft == nil || !strings.Contains(m.View(), "no <Schedule>") {
		t.Fatalf("an invalid edit was not shown:\n%s", m.View())
	}
	if len(r.Out) != 0 {
		t.Fatalf("an invalid edit reached the host: %#v", r.Out)
	}
	r.Key("esc")
	if m.Draft == nil {
		t.Fatal("one esc threw the edit away")
	}
	r.Key("esc")
	if m.Draft != nil {
		t.Fatal("esc twice did not discard the edit")
	}
	doc := `<Tasks><Task name="only"><Schedule every="1m"/></Task></Tasks>`
	m.editing, m.base = "production", hostTasks(t, env, "production")
	r.Send(fileio.EditedMsg{Data: []byte(doc), Changed: true})
	ask := r.Dialog()
	if ask.Title != "Save tasks of production" || !strings.Contains(ask.Diff, `+<Tasks><Task name="only">`) {
		t.Fatalf("the save did not show its diff first: %+v", ask)
	}
	if len(r.Out) == 0 || hostTasks(t, env, "production") == doc {
		t.Fatal("the host changed before the operator confirmed")
	}
	r.Confirm()
	if got := lastFlash(t, r); got != "saved 1 task of production" {
		t.Fatalf("flash %q", got)
	}
	text, err := env.Common.Client.ConfigGetTasks(env.Common.Ctx, "production")
	if err != nil || !strings.Contains(text, `name="only"`) {
		t.Fatalf("host has %q, %v", text, err)
	}
	if !strings.Contains(m.Doc.Document(), `name="only"`) {
		t.Fatal("the shown document was not reloaded")
	}
}

// hostTasks is the host's tasks document of config now.
func hostTasks(t *testing.T, env *panetest.Env, config string) string {
	t.Helper()
	text, err := env.Common.Client.ConfigGetTasks(env.Common.Ctx, config)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// TestDeletedConfigurationKeepsTheEdit: tasks of a configuration deleted
// while they were edited cannot be saved; the dialog says why, offers no
// overwrite, and the edit is kept to edit again.
func TestDeletedConfigurationKeepsTheEdit(t *testing.T) {
	_, m, r := start(t)
	m.editing, m.base = "gone", "<Tasks/>" // deleted meanwhile: the host answers 213
	doc := `<Tasks><Task name="only"><Schedule every="1m"/></Task></Tasks>`
	r.Send(fileio.EditedMsg{Data: []byte(doc), Changed: true})
	ask := r.Confirm()
	if !strings.Contains(ask.Title, "is gone from the host") || ask.Action == "Overwrite" || !strings.Contains(ask.Body, "create it again") {
		t.Fatalf("a removed configuration was not said: %+v", ask)
	}
	if m.Draft == nil || string(m.Draft.Data) != doc || !strings.Contains(m.Draft.Reason, "gone from the host") {
		t.Fatalf("edit not kept: %+v", m.Draft)
	}
	if !strings.Contains(m.View(), "e edit again") {
		t.Fatalf("no way to edit again:\n%s", m.View())
	}
}

// TestHostRefusalKeepsTheEdit: a save the host refuses keeps the edit with
// the host's reason.
func TestHostRefusalKeepsTheEdit(t *testing.T) {
	_, m, r := start(t)
	draft := &pane.Draft{For: "production", What: "tasks of production", Data: []byte("<Tasks/>")}
	r.Send(doneMsg{op: "save tasks", failed: draft,
		err: &gateway.Error{Function: "configSaveTasks", Status: gateway.StatusInvalid, Message: "no"}})
	if m.Draft == nil || !strings.Contains(m.Draft.Reason, "the host refused them") {
		t.Fatalf("refusal not kept: %+v", m.Draft)
	}
}

func TestUnchangedEditSavesNothing(t *testing.T) {
	_, m, r := start(t)
	m.editing = "production"
	r.Send(fileio.EditedMsg{Data: []byte("x"), Changed: false})
	if got := lastFlash(t, r); !strings.Contains(got, "unchanged") {
		t.Fatalf("flash %q", got)
	}
}

func TestScriptToFileAndIDFromFile(t *testing.T) {
	env, _, r := start(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "protect.xml")
	r.Key("s")
	r.Key("c")
	r.Type("protect.xml")
	r.Key("enter")
	r.Key("ctrl+u")
	r.Type(out)
	r.Key("enter")
	data, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(data), `<Script name="protect.xml">`) {
		t.Fatalf("saved file: %q, %v; flashes %v", data, err, r.Flashes())
	}
	id := filepath.Join(dir, "mine.iic")
	if err := os.WriteFile(id, []byte{0, 1, 2, 0xff}, 0o600); err != nil {
		t.Fatal(err)
	}
	r.Key("l")
	r.Key("i")
	r.Type(id)
	r.Key("enter")
	r.Key("enter") // keep the file's base name
	if ask := r.Confirm(); !strings.Contains(ask.Body, "is new on the host") || !strings.Contains(ask.Diff, "+4 bytes, sha256 ") {
		t.Fatalf("dialog %+v", ask)
	}
	if got := lastFlash(t, r); !strings.Contains(got, "as mine.iic") {
		t.Fatalf("flash %q", got)
	}
	got, err := env.Common.Client.ConfigGetID(env.Common.Ctx, "production", "mine.iic")
	if err != nil || string(got) != "\x00\x01\x02\xff" {
		t.Fatalf("host has %q, %v", got, err)
	}
}

// A new ID binds this host unless fingerprint files
// are given; a file that is no <Machine> document is refused before the
// call and the prompt asks again with what was typed.
func TestNewIDBindsHostOrFingerprintFiles(t *testing.T) {
	env, m, r := start(t)
	r.Key("i")
	r.Type("fresh.iic")
	r.Key("enter")
	if v := m.View(); !strings.Contains(v, "fingerprint files (optional") {
		t.Fatalf("no fingerprint question:\n%s", v)
	}
	r.Key("enter")
	if got := lastFlash(t, r); got != "created ID fresh.iic in production bound to this host" {
		t.Fatalf("flash %q", got)
	}
	if b, err := env.Common.Client.ConfigGetID(env.Common.Ctx, "production", "fresh.iic"); err != nil || len(b) == 0 {
		t.Fatalf("ID on host: %d bytes, %v", len(b), err)
	}
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "bad.xml"), filepath.Join(dir, "peer.xml")
	os.WriteFile(bad, []byte("<Tasks/>"), 0o600)
	doc, err := env.Common.Client.HostGetMachine(env.Common.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(good, []byte(doc), 0o600)
	r.Reset()
	r.Key("i")
	r.Type("peer.iic")
	r.Key("enter")
	r.Type(bad)
	r.Key("enter")
	if v := m.View(); !m.Prompt.Active() || !strings.Contains(v, "not a <Machine>") || !strings.Contains(v, bad) {
		t.Fatalf("bad file not refused in place (flashes %v):\n%s", r.Flashes(), v)
	}
	r.Key("ctrl+u")
	r.Type(good)
	r.Key("enter")
	if got := lastFlash(t, r); got != "created ID peer.iic in production bound to 1 fingerprint" {
		t.Fatalf("flash %q", got)
	}
}

// Loading a file under the name of an ID that exists
// asks first; the ID is replaced only once confirmed.
func TestLoadOverAnExistingIDAsks(t *testing.T) {
	env, _, r := start(t)
	before, err := env.Common.Client.ConfigGetID(env.Common.Ctx, "production", "operations.iic")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "new.iic")
	os.WriteFile(path, []byte("NEW"), 0o600)
	r.Key("l")
	r.Key("i")
	r.Type(path)
	r.Key("enter")
	r.Type("operations.iic") // replaces the pre-filled base name
	r.Key("enter")
	if got, _ := env.Common.Client.ConfigGetID(env.Common.Ctx, "production", "operations.iic"); string(got) != string(before) {
		t.Fatal("replaced before the confirm")
	}
	ask := r.Confirm() // runs OnConfirm
	if ask.Title != "Replace ID operations.iic of production" || !strings.Contains(ask.Body, "Tasks that use it get the new one") ||
		!strings.Contains(ask.Diff, "+3 bytes, sha256 ") {
		t.Fatalf("confirm %+v", ask)
	}
	if got, _ := env.Common.Client.ConfigGetID(env.Common.Ctx, "production", "operations.iic"); string(got) != "NEW" {
		t.Fatalf("not replaced after the confirm: %q; flashes %v", got, r.Flashes())
	}
}

func TestStaleListReplyIsDropped(t *testing.T) {
	_, m, r := start(t)
	_, old := m.Load.Start("superseded", true)
	m.Load.Start("latest", true)
	r.Send(listMsg{call: old, gen: m.gen, rows: []row{{Name: "ghost"}}})
	if slices.Contains(names(m), "ghost") {
		t.Fatal("a stale reply replaced the list")
	}
}

func TestGolden(t *testing.T) {
	env := panetest.Start(t)
	tm := panetest.Run(t, New(env.Common), 100, 30)
	panetest.WaitFor(t, tm, "production", "lines 1–")
	panetest.RequireGolden(t, panetest.FinalView(t, tm))
}

var _ tea.Msg = listMsg{}

// TestEditOpensWhatTheHostHasNow: e reads the tasks from the host first,
// so the editor opens on the host's version even when the preview shown
// is an old one, and that version is the base the save checks.
func TestEditOpensWhatTheHostHasNow(t *testing.T) {
	env, m, r := start(t)
	if err := env.Common.Client.ConfigSaveTasks(env.Common.Ctx, "production", theirs); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.Doc.Document(), "theirs") {
		t.Fatal("the preview already shows the new version: the test proves nothing")
	}
	r.Key("e")
	if m.editing != "production" || m.base != theirs {
		t.Fatalf("editing %q from %q", m.editing, m.base)
	}
}

// TestListRefreshesWhileShown: a refresh tick lists the configurations
// again in the background (no spinner), keeping the document shown and
// reading it again quietly once; a hidden pane does not refresh; Activate
// refreshes at once.
func TestListRefreshesWhileShown(t *testing.T) {
	env, m, r := start(t)
	docLoads := m.Doc.Started() // one quiet read of the shown document may follow a refresh
	if err := env.Common.Client.ConfigCreate(env.Common.Ctx, "fresh"); err != nil {
		t.Fatal(err)
	}
	_, cmd := m.Update(tickMsg{gen: m.gen})
	if cmd == nil {
		t.Fatal("a current tick did not refresh")
	}
	if op, _ := env.Common.Calls.Busy(); op != "" {
		t.Fatalf("a background refresh shows as busy: %q", op)
	}
	if _, again := m.Update(tickMsg{gen: m.gen}); again != nil {
		t.Fatal("a second tick refreshed while the first refresh is in flight")
	}
	r.Run(cmd)
	if !slices.Contains(names(m), "fresh") || m.Selected() != "production" {
		t.Fatalf("after a refresh: %v, selected %q", names(m), m.Selected())
	}
	if m.Doc.Started() != docLoads+1 {
		t.Fatalf("a background refresh read the shown document %d times, want once", m.Doc.Started()-docLoads)
	}
	if env.Common.Calls.Pending() != 0 {
		t.Fatalf("%d calls left in flight", env.Common.Calls.Pending())
	}

	gen := m.gen
	m.Deactivate()
	if _, cmd := m.Update(tickMsg{gen: gen}); cmd != nil {
		t.Fatal("a hidden pane refreshed on a tick")
	}
	if err := env.Common.Client.ConfigDelete(env.Common.Ctx, "fresh"); err != nil {
		t.Fatal(err)
	}
	r.Run(m.Activate())
	if slices.Contains(names(m), "fresh") {
		t.Fatalf("Activate did not refresh: %v", names(m))
	}
}

// TestEscDiscardsARefusedEditFirst: while a refused edit waits for e or
// Esc, the pane asks the shell for Esc (instead of going back); the first
// Esc says a second discards it, and another key in between starts over.
func TestEscDiscardsARefusedEditFirst(t *testing.T) {
	_, m, r := start(t)
	if m.ConsumesEsc() {
		t.Fatal("the pane wants Esc with nothing open")
	}
	m.Draft = &pane.Draft{For: "production", What: "tasks of production", Data: []byte("<Tasks>"), Reason: "does not parse"}
	if !m.ConsumesEsc() {
		t.Fatal("the pane does not want Esc while a refused edit is shown")
	}
	r.Reset()
	r.Key("esc")
	if f := r.Flashes(); m.Draft == nil || len(f) != 1 || f[0] != "ERROR esc again discards the tasks of production you edited; e opens it" {
		t.Fatalf("one esc: draft %v, flashes %q", m.Draft != nil, f)
	}
	r.Key("j") // another key: the next esc asks again
	r.Key("esc")
	if m.Draft == nil {
		t.Fatal("esc after another key threw the edit away")
	}
	r.Key("esc")
	if m.Draft != nil || m.ConsumesEsc() {
		t.Fatal("esc twice did not discard the refused edit")
	}
}

// TestRefusalWrapsAt80: the host's whole refusal can be read at 80
// columns: it wraps inside the pane instead of running past the edge,
// and the pane still fits its height.
func TestRefusalWrapsAt80(t *testing.T) {
	_, m, r := start(t)
	m.SetSize(80, 24)
	m.editing, m.base = "no-such-configuration-anywhere", "<Tasks/>" // the host answers 213
	doc := `<Tasks><Task name="only"><Schedule every="1m"/></Task></Tasks>`
	r.Send(fileio.EditedMsg{Data: []byte(doc), Changed: true})
	r.Confirm() // it is gone: keep the draft
	if m.Draft == nil {
		t.Fatal("the edit was not kept")
	}
	whole := "tasks of no-such-configuration-anywhere not saved: " + m.Draft.Reason
	if len(whole) <= 80 {
		t.Fatalf("want a reason longer than a line, got %q", whole)
	}
	panetest.RequireReadable(t, m.View(), 80, 24, whole)
}

// TestHelpSaysWhatScrollsWhat: up and down move the list, the page keys
// scroll the tasks document, and t says it reloads it (what it does).
func TestHelpSaysWhatScrollsWhat(t *testing.T) {
	_, m, _ := start(t)
	help := panetest.HelpDescs(m.FullHelp())
	for k, want := range map[string]string{"↑/k": "previous config", "↓/j": "next config",
		"pgup": "scroll tasks doc up", "pgdn": "scroll tasks doc down", "t": "reload tasks doc"} {
		if help[k] != want {
			t.Fatalf("help for %s is %q, want %q (all: %v)", k, help[k], want, help)
		}
	}
	before := m.Doc.View()
	m.Update(panetest.KeyMsg("pgdown"))
	if m.Doc.View() == before || m.Selected() != "production" {
		t.Fatalf("pgdn did not scroll the document (selected %q)", m.Selected())
	}
}

// In read-only mode the footers and help leave out the keys
// that change the host, the pane's renamed ones included.
func TestReadOnlyHelpHidesMutatingKeys(t *testing.T) {
	build := func(c *common.Common) *Model {
		c.ReadOnly = true
		c.TaskRefresh = time.Nanosecond // refresh ticks fire at once and are dropped
		c.Keys.DisableMutating()
		return New(c)
	}
	_, m, _ := panetest.Open(t, build, isTick)
	panetest.RequireHelpHides(t, m.ShortHelp(), m.FullHelp(), "n", "d", "a", "e", "i", "l")
	if len(m.ShortHelp()) == 0 {
		t.Fatal("no footer at all")
	}
}

// TestPreviewFollowsTheHost: another operator's change to the shown
// configuration's tasks shows at the next refresh, without a spinner, and
// the document stays scrolled where the operator left it.
func TestPreviewFollowsTheHost(t *testing.T) {
	env, m, r := start(t)
	m.SetSize(100, 12)
	if m.Selected() != "production" || !m.Doc.Shows("production") {
		t.Fatalf("selected %q, shows production %v", m.Selected(), m.Doc.Shows("production"))
	}
	r.Key("pgdown")
	top := m.Doc.Top()
	if top == 0 {
		t.Fatalf("the document did not scroll:\n%s", m.View())
	}
	doc, err := env.Common.Client.ConfigGetTasks(env.Common.Ctx, "production")
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(doc, `every="5s"`, `every="9s"`, 1)
	if changed == doc {
		t.Fatal("the demo's tasks have no every=\"5s\" to change")
	}
	if err := env.Common.Client.ConfigSaveTasks(env.Common.Ctx, "production", changed); err != nil {
		t.Fatal(err)
	}
	_, cmd := m.Update(tickMsg{gen: m.gen})
	r.Run(cmd)
	if got := m.Doc.Document(); !strings.Contains(got, `every="9s"`) {
		t.Fatalf("the preview still shows the old tasks after a refresh:\n%s", got)
	}
	if m.Doc.Top() != top {
		t.Fatalf("the refresh scrolled the document from line %d to %d", top, m.Doc.Top())
	}
}
