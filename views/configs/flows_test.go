package configs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dpconsole/fileio"
	"dpconsole/views/common"
)

// Keys s and l act on the selected configuration and leave the
// selection where it is, even when the list refreshes meanwhile.
func TestSaveAndLoadActOnTheSelectedConfiguration(t *testing.T) {
	_, m, r := start(t)
	r.Key("down")
	r.Key("l")
	r.Send(tickMsg{gen: m.gen}) // a refresh while the question is open
	r.Key("i")
	if m.Selected() != "staging" || !strings.Contains(m.View(), "Load an ID into staging from file:") {
		t.Fatalf("selected %q:\n%s", m.Selected(), m.View())
	}
	r.Key("esc")
	r.Key("s")
	r.Key("c")
	if m.Selected() != "staging" || !strings.Contains(m.View(), "Save which script of staging") {
		t.Fatalf("selected %q:\n%s", m.Selected(), m.View())
	}
	// The names the tasks document refers to are offered,
	// and Tab completes them.
	if v := m.View(); !strings.Contains(v, "in staging's tasks: protect.xml") {
		t.Fatalf("no suggestions:\n%s", v)
	}
	r.Type("pro")
	r.Key("tab")
	if v := m.View(); !strings.Contains(v, "> protect.xml") {
		t.Fatalf("tab did not complete:\n%s", v)
	}
}

// A name the host does not have fails before the path is
// asked; an existing file is overwritten only after y.
func TestSaveChecksTheNameThenAsksBeforeOverwriting(t *testing.T) {
	_, m, r := start(t)
	r.Key("s")
	r.Key("i")
	r.Type("nosuch.iic")
	r.Key("enter")
	if f := lastFlash(t, r); !strings.HasPrefix(f, "ERROR read ID nosuch.iic of production") || m.Prompt.Active() {
		t.Fatalf("flash %q, prompt open %v", f, m.Prompt.Active())
	}
	out := filepath.Join(t.TempDir(), "ops.iic")
	if err := os.WriteFile(out, []byte("MINE"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.Key("s")
	r.Key("i")
	r.Type("operations.iic")
	r.Key("enter")
	if v := m.View(); !strings.Contains(v, "Save ID operations.iic of production") {
		t.Fatalf("no path prompt after the name was read:\n%s", v)
	}
	r.Key("ctrl+u")
	r.Type(out)
	r.Key("enter")
	if v := m.View(); !strings.Contains(v, out+" exists. Overwrite it?") {
		t.Fatalf("no overwrite question:\n%s", v)
	}
	r.Key("n")
	if got, _ := os.ReadFile(out); string(got) != "MINE" || !m.Prompt.Active() {
		t.Fatalf("n overwrote (%q) or closed the prompt (%v)", got, m.Prompt.Active())
	}
	r.Key("enter")
	r.Key("y")
	if got, _ := os.ReadFile(out); string(got) == "MINE" || len(got) == 0 {
		t.Fatalf("y did not overwrite: %q; flashes %v", got, r.Flashes())
	}
	// The name is remembered for the next prompt.
	r.Key("s")
	r.Key("i")
	if v := m.View(); !strings.Contains(v, "operations.iic") {
		t.Fatalf("the name used is not offered:\n%s", v)
	}
}

// Editing a refused draft again and leaving it unchanged
// keeps it and says it is still not saved.
func TestEditAgainUnchangedKeepsTheDraft(t *testing.T) {
	_, m, r := start(t)
	m.editing = "production"
	bad := []byte(`<Tasks><Task name="x"/></Tasks>`)
	r.Send(fileio.EditedMsg{Data: bad, Changed: true})
	if m.Draft == nil {
		t.Fatal("the invalid draft was not kept")
	}
	m.retry, m.Draft = m.Draft, nil // as e does, without running an editor
	r.Send(fileio.EditedMsg{Data: bad, Changed: false})
	if f := lastFlash(t, r); !strings.Contains(f, "the draft is still not saved: ") || !strings.Contains(f, "e to edit again, esc twice to discard") {
		t.Fatalf("flash %q", f)
	}
	if m.Draft == nil || string(m.Draft.Data) != string(bad) {
		t.Fatalf("the draft was dropped: %+v", m.Draft)
	}
}

// A change made from the palette shows at once.
func TestHostChangedReloads(t *testing.T) {
	env, m, r := start(t)
	if err := env.Common.Client.ConfigCreate(env.Common.Ctx, "made-elsewhere"); err != nil {
		t.Fatal(err)
	}
	r.Send(common.HostChangedMsg{Function: "configCreate"})
	if !slices.Contains(names(m), "made-elsewhere") {
		t.Fatalf("not reloaded: %v", names(m))
	}
}

// Down on the last row stays there, and keys work at once
// after the pane is shown again.
func TestDownOnLastRowStaysAndKeysWorkAfterSwitching(t *testing.T) {
	_, m, r := start(t)
	r.Key("down")
	r.Key("down")
	r.Key("j")
	if m.Selected() != "staging" {
		t.Fatalf("selected %q after down on the last row", m.Selected())
	}
	m.Deactivate()
	r.Run(m.Activate())
	r.Key("k")
	if m.Selected() != "production" {
		t.Fatalf("k after switching back selected %q", m.Selected())
	}
}

// The columns fit their content; the name column does not
// take the spare width.
func TestColumnsFitTheirContent(t *testing.T) {
	_, m, _ := start(t)
	m.SetSize(120, 30)
	for _, l := range strings.Split(m.View(), "\n")[1:3] {
		if i := strings.Index(l, "Status"); i > 0 && i > 30 {
			t.Fatalf("Status is %d columns in:\n%s", i, m.View())
		}
	}
}

// Key i with a name the configuration has is refused before the
// fingerprint files are asked for; a free name goes on to them.
func TestNewIDChecksTheNameFirst(t *testing.T) {
	_, m, r := start(t)
	r.Key("i")
	r.Type("operations.iic")
	r.Key("enter")
	v := m.View()
	if m.Prompt.Purpose() != "newid" || !strings.Contains(v, "ID operations.iic already exists in production") ||
		strings.Contains(v, "fingerprint") || len(r.Flashes()) != 0 {
		t.Fatalf("purpose %q, flashes %v:\n%s", m.Prompt.Purpose(), r.Flashes(), v)
	}
	r.Key("ctrl+u")
	r.Type("fresh.iic")
	r.Key("enter")
	if m.Prompt.Purpose() != "newid-prints" || !strings.Contains(m.View(), "Bind ID fresh.iic to fingerprint files") {
		t.Fatalf("purpose %q:\n%s", m.Prompt.Purpose(), m.View())
	}
	r.Key("enter")
	if got := lastFlash(t, r); got != "created ID fresh.iic in production bound to this host" {
		t.Fatalf("flash %q", got)
	}
}
