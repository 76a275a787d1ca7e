package templates

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dpconsole/fileio"
	"dpconsole/gateway/hostdoc"
	"dpconsole/views/common"
	"dpconsole/views/pane"
	"dpconsole/views/panetest"
)

func TestMain(m *testing.M) { panetest.Main(m) }

func start(t *testing.T) (*panetest.Env, *Model, *panetest.Runner) {
	t.Helper()
	return panetest.Open(t, New, nil)
}

const good = `<Task name="Hourly copy" enabled="true">
  <Schedule every="1h"/>
  <Action type="copy" source="/a" target="/b"/>
</Task>
`

func TestListsAndShows(t *testing.T) {
	_, m, r := start(t)
	if !slices.Equal(m.Rows, []string{"Nightly verify", "Protect folder"}) {
		t.Fatalf("templates %v", m.Rows)
	}
	if !strings.Contains(m.Doc.Document(), `<Task name="Nightly verify"`) {
		t.Fatalf("document %q", m.Doc.Document())
	}
	r.Key("down")
	if !strings.Contains(m.View(), `<Task name="Protect folder"`) {
		t.Fatalf("view:\n%s", m.View())
	}
}

func TestEditedTemplateValidatedThenSaved(t *testing.T) {
	_, m, r := start(t)
	r.Send(fileio.EditedMsg{Data: []byte(`<Task name="x"/>`), Changed: true})
	if m.Draft == nil || !strings.Contains(m.View(), "template not saved") {
		t.Fatalf("view:\n%s", m.View())
	}
	r.Key("esc")
	r.Send(fileio.EditedMsg{Data: []byte(good), Changed: true})
	if ask := r.Confirm(); ask.Title != "Save template Hourly copy" || !strings.Contains(ask.Body, "is new on the host") {
		t.Fatalf("dialog %+v", ask)
	}
	if !slices.Contains(m.Rows, "Hourly copy") || m.selected() != "Hourly copy" {
		t.Fatalf("templates %v, selected %q; flashes %v", m.Rows, m.selected(), r.Flashes())
	}
	if !strings.Contains(m.Doc.Document(), `every="1h"`) {
		t.Fatalf("document %q", m.Doc.Document())
	}
}

func TestLoadFromFileAndSaveToFile(t *testing.T) {
	_, m, r := start(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.xml")
	if err := os.WriteFile(in, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	r.Key("l")
	r.Type(in)
	r.Key("enter")
	r.Confirm()
	if m.selected() != "Hourly copy" {
		t.Fatalf("selected %q; flashes %v", m.selected(), r.Flashes())
	}
	out := filepath.Join(dir, "out.xml")
	r.Key("s")
	r.Key("ctrl+u")
	r.Type(out)
	r.Key("enter")
	data, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(data), `name="Hourly copy"`) {
		t.Fatalf("saved %q, %v", data, err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, _, r := start(t)
	r.Key("l")
	r.Type(filepath.Join(t.TempDir(), "none.xml"))
	r.Key("enter")
	if f := r.Flashes(); len(f) != 1 || !strings.Contains(f[0], "no such file") {
		t.Fatalf("flashes %v", f)
	}
}

func TestReadOnly(t *testing.T) {
	env, _, r := start(t)
	env.Common.ReadOnly = true
	r.RequireReadOnly("n", "e", "l")
}

func TestGolden(t *testing.T) {
	env := panetest.Start(t)
	tm := panetest.Run(t, New(env.Common), 100, 30)
	panetest.WaitFor(t, tm, "Protect folder", "</Task>")
	panetest.RequireGolden(t, panetest.FinalView(t, tm))
}

func TestEscDiscardsARefusedTemplateFirst(t *testing.T) {
	_, m, r := start(t)
	if m.ConsumesEsc() {
		t.Fatal("the pane wants Esc with nothing open")
	}
	m.Draft = &pane.Draft{What: "template", Data: []byte("<Task>"), Reason: "does not parse"}
	if !m.ConsumesEsc() {
		t.Fatal("the pane does not want Esc while a refused template is shown")
	}
	r.Key("esc")
	r.Key("esc") // the first asks, the second discards
	if m.Draft != nil || m.ConsumesEsc() {
		t.Fatal("esc twice did not discard the refused template")
	}
}

// A refused template edited again and left unchanged is kept.
func TestEditAgainUnchangedKeepsTheDraft(t *testing.T) {
	_, m, r := start(t)
	bad := []byte(`<Task name="x"/>`)
	r.Send(fileio.EditedMsg{Data: bad, Changed: true})
	if m.Draft == nil {
		t.Fatal("the invalid template was not kept")
	}
	m.retry, m.Draft = m.Draft, nil // as e does, without running an editor
	r.Send(fileio.EditedMsg{Data: bad, Changed: false})
	f := r.Flashes()
	if len(f) == 0 || !strings.Contains(f[len(f)-1], "the draft is still not saved") || m.Draft == nil {
		t.Fatalf("flashes %v, kept %+v", f, m.Draft)
	}
}

// TestRefusalWrapsAt80: why a template was not saved can be read whole
// at 80 columns: it wraps inside the pane, which still fits its height.
func TestRefusalWrapsAt80(t *testing.T) {
	_, m, r := start(t)
	m.SetSize(80, 24)
	bad := `<Task name="Copy the quarterly partner reports to the archive share" enabled="sometimes">
  <Schedule every="1h"/>
  <Action type="copy" source="/a" target="/b"/>
</Task>`
	r.Send(fileio.EditedMsg{Data: []byte(bad), Changed: true})
	if m.Draft == nil {
		t.Fatalf("the invalid template was not kept:\n%s", m.View())
	}
	whole := "template not saved: " + m.Draft.Reason
	if len(whole) <= 80 {
		t.Fatalf("want a reason longer than a line, got %q", whole)
	}
	panetest.RequireReadable(t, m.View(), 80, 24, whole)
}

// TestHelpSaysWhatScrollsWhat: up and down move the list, the page keys
// scroll the template shown.
func TestHelpSaysWhatScrollsWhat(t *testing.T) {
	_, m, _ := start(t)
	help := panetest.HelpDescs(m.FullHelp())
	for k, want := range map[string]string{"↑/k": "previous template", "↓/j": "next template",
		"pgup": "scroll template up", "pgdn": "scroll template down"} {
		if help[k] != want {
			t.Fatalf("help for %s is %q, want %q (all: %v)", k, help[k], want, help)
		}
	}
	m.SetSize(100, 8) // too short for the whole template
	before := m.Doc.View()
	m.Update(panetest.KeyMsg("pgdown"))
	if m.Doc.View() == before || m.selected() != "Nightly verify" {
		t.Fatalf("pgdn did not scroll the template (selected %q)", m.selected())
	}
}

// An edit that renames the task to an existing template asks before
// replacing it, showing what it replaces; saving under its own name
// shows the diff of the save only.
func TestEditRenamedOntoAnExistingTemplateAsks(t *testing.T) {
	env, m, r := start(t)
	before, err := env.Common.Client.TemplateGetTask(env.Common.Ctx, "Protect folder")
	if err != nil {
		t.Fatal(err)
	}
	renamed := strings.Replace(m.Doc.Document(), `name="Nightly verify"`, `name="Protect folder"`, 1)
	m.origin = "Nightly verify" // as e does, without running an editor
	r.Send(fileio.EditedMsg{Data: []byte(renamed), Changed: true})
	if got, _ := env.Common.Client.TemplateGetTask(env.Common.Ctx, "Protect folder"); got != before {
		t.Fatal("replaced before the confirm")
	}
	ask := r.Confirm() // runs OnConfirm
	if ask.Title != "Replace template Protect folder" || !strings.Contains(ask.Body, "already exists on the host") ||
		!strings.Contains(ask.Diff, "-  <Description>Protect every new file of a folder</Description>") {
		t.Fatalf("confirm %+v", ask)
	}
	if got, _ := env.Common.Client.TemplateGetTask(env.Common.Ctx, "Protect folder"); got == before {
		t.Fatalf("not replaced after the confirm; flashes %v", r.Flashes())
	}
	r.Reset()
	now, _ := env.Common.Client.TemplateGetTask(env.Common.Ctx, "Protect folder")
	m.origin, m.base = "Protect folder", now
	same := strings.Replace(renamed, "<Task ", `<Task  `, 1)
	r.Send(fileio.EditedMsg{Data: []byte(same), Changed: true})
	if ask := r.Confirm(); ask.Title != "Save template Protect folder" {
		t.Fatalf("saving under its own name asked %q, not for its diff", ask.Title)
	}
	if f := r.Flashes(); len(f) == 0 || f[len(f)-1] != `saved template "Protect folder"` {
		t.Fatalf("flashes %v", f)
	}
}

// Key n asks the new template's name first and starts
// the editor on a document that carries it.
func TestNewAsksTheName(t *testing.T) {
	_, m, r := start(t)
	r.Key("n")
	r.Type("a/b")
	r.Key("enter")
	if !m.Prompt.Active() || !strings.Contains(m.View(), "bad template name") {
		t.Fatalf("a bad name was accepted:\n%s", m.View())
	}
	r.Key("ctrl+u")
	r.Type("Weekly copy")
	r.Key("enter")
	if m.Prompt.Active() || m.origin != "" {
		t.Fatalf("prompt open %v, origin %q", m.Prompt.Active(), m.origin)
	}
	tpl, err := hostdoc.ParseTemplate([]byte(fmt.Sprintf(skeleton, xmlEscape("Weekly copy"))))
	if err != nil || tpl.Name != "Weekly copy" {
		t.Fatalf("starting document: %+v, %v", tpl, err)
	}
}

// Key n with the name of an existing template asks again before
// any editor opens.
func TestNewRefusesAnExistingName(t *testing.T) {
	_, m, r := start(t)
	name := m.selected()
	if name == "" {
		t.Fatal("no template listed")
	}
	r.Key("n")
	r.Type(name)
	r.Key("enter")
	v := m.View()
	if m.Prompt.Purpose() != "new" || !m.Prompt.Active() || !strings.Contains(v, "template "+name+" exists: e edits it") {
		t.Fatalf("purpose %q, flashes %v:\n%s", m.Prompt.Purpose(), r.Flashes(), v)
	}
	if len(r.Out) != 0 {
		t.Fatalf("sent %#v", r.Out)
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
	panetest.RequireHelpHides(t, m.ShortHelp(), m.FullHelp(), "n", "e", "l")
	if len(m.ShortHelp()) == 0 {
		t.Fatal("no footer at all")
	}
}
