package configs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dpconsole/fileio"
	"dpconsole/views/pane"
	"dpconsole/views/panetest"
)

const (
	mine   = `<Tasks><Task name="mine"><Schedule every="7s"/></Task></Tasks>`
	theirs = `<Tasks><Task name="theirs"><Schedule every="11s"/></Task></Tasks>`
)

// editWhileAnotherSaves opens production's tasks in the "editor" (as e
// does: the base is what the host had), lets another operator save
// theirs while the editor is open, and returns from the editor with
// mine.
func editWhileAnotherSaves(t *testing.T) (*panetest.Env, *Model, *panetest.Runner) {
	t.Helper()
	env, m, r := start(t)
	m.editing, m.base = "production", hostTasks(t, env, "production")
	if err := env.Common.Client.ConfigSaveTasks(env.Common.Ctx, "production", theirs); err != nil {
		t.Fatal(err)
	}
	r.Send(fileio.EditedMsg{Data: []byte(mine), Changed: true})
	return env, m, r
}

// TestLostUpdateIsShownNotSaved: a save over a change someone else made
// saves nothing; the dialog shows the host's change and offers
// Overwrite, Edit again and Cancel, defaulting to Cancel.
func TestLostUpdateIsShownNotSaved(t *testing.T) {
	env, _, r := editWhileAnotherSaves(t)
	ask := r.Dialog()
	if ask.Title != "tasks of production changed on the host" || ask.Action != "Overwrite" || ask.Other != "Edit again" {
		t.Fatalf("dialog %+v", ask)
	}
	if !strings.Contains(ask.Diff, `+<Tasks><Task name="theirs">`) || !strings.Contains(ask.Diff, "--- host when you opened it") {
		t.Fatalf("the host's change is not shown:\n%s", ask.Diff)
	}
	if got := hostTasks(t, env, "production"); got != theirs {
		t.Fatalf("the host has %q: the other operator's save was lost", got)
	}
}

// TestLostUpdateCancelKeepsMine: Cancel keeps the operator's version as
// a draft to edit again; the host keeps theirs.
func TestLostUpdateCancelKeepsMine(t *testing.T) {
	env, m, r := editWhileAnotherSaves(t)
	r.Answer(false)
	if m.Draft == nil || string(m.Draft.Data) != mine || !strings.Contains(m.Draft.Reason, "changed since you opened it") {
		t.Fatalf("draft %+v", m.Draft)
	}
	if got := hostTasks(t, env, "production"); got != theirs {
		t.Fatalf("host has %q", got)
	}
}

// TestLostUpdateEditAgain: Edit again opens mine with the host's change
// beside it; saved as it is, mine is saved over the host's version now,
// after the diff.
func TestLostUpdateEditAgain(t *testing.T) {
	_, m, r := editWhileAnotherSaves(t)
	r.Answer(true)
	if m.base != theirs || m.retry == nil || string(m.retry.Data) != mine {
		t.Fatalf("base %q, retry %+v", m.base, m.retry)
	}
	// Saved unchanged, the note comes out and mine goes to the save, now
	// from the host's version the operator has seen.
	r.Send(fileio.EditedMsg{Data: pane.WithHostChange([]byte(mine), "change"), Changed: false})
	ask := r.Dialog()
	if ask.Title != "Save tasks of production" || !strings.Contains(ask.Diff, `-<Tasks><Task name="theirs">`) ||
		!strings.Contains(ask.Diff, `+<Tasks><Task name="mine">`) {
		t.Fatalf("dialog %+v", ask)
	}
}

// TestLostUpdateOverwrite: Overwrite shows what it changes (theirs →
// mine), then saves mine.
func TestLostUpdateOverwrite(t *testing.T) {
	env, _, r := editWhileAnotherSaves(t)
	r.Confirm() // overwrite
	ask := r.Dialog()
	if ask.Title != "Save tasks of production" || !strings.Contains(ask.Diff, `-<Tasks><Task name="theirs">`) ||
		!strings.Contains(ask.Diff, `+<Tasks><Task name="mine">`) {
		t.Fatalf("review %+v", ask)
	}
	r.Confirm()
	if got := hostTasks(t, env, "production"); got != mine {
		t.Fatalf("host has %q", got)
	}
}

// TestChangeDuringReviewIsCaught: a change made while the operator looks
// at the diff is caught by the read that goes with the save.
func TestChangeDuringReviewIsCaught(t *testing.T) {
	env, m, r := start(t)
	m.editing, m.base = "production", hostTasks(t, env, "production")
	r.Send(fileio.EditedMsg{Data: []byte(mine), Changed: true})
	if ask := r.Dialog(); ask.Title != "Save tasks of production" {
		t.Fatalf("dialog %+v", ask)
	}
	if err := env.Common.Client.ConfigSaveTasks(env.Common.Ctx, "production", theirs); err != nil {
		t.Fatal(err)
	}
	r.Confirm()
	ask := r.Dialog()
	if !strings.Contains(ask.Title, "changed on the host") || !strings.Contains(ask.Body, "while you looked at the change") {
		t.Fatalf("dialog %+v", ask)
	}
	if got := hostTasks(t, env, "production"); got != theirs {
		t.Fatalf("host has %q: saved over a change made during the review", got)
	}
}

// TestSaveOfNoChangeSendsNothing: saving what the host has already says
// so and sends nothing.
func TestSaveOfNoChangeSendsNothing(t *testing.T) {
	env, m, r := start(t)
	host := hostTasks(t, env, "production")
	m.editing, m.base = "production", host
	r.Send(fileio.EditedMsg{Data: []byte(host + " "), Changed: true}) // parses, differs
	if ask := r.Dialog(); ask.Title != "Save tasks of production" {
		t.Fatalf("dialog %+v", ask)
	}
	r.Reset()
	m.editing = "production"
	r.Send(fileio.EditedMsg{Data: []byte(host), Changed: true})
	if f := lastFlash(t, r); !strings.Contains(f, "the host already has this version; nothing was sent") {
		t.Fatalf("flash %q", f)
	}
}

// TestValidateFindsMissingReferences: v reports an ID no run can find as
// a warning that says every run will fail (the seeded export-partners
// names partners.iic, which exists nowhere).
func TestValidateFindsMissingReferences(t *testing.T) {
	_, m, r := start(t)
	m.Select("production")
	r.Run(m.loadDoc())
	r.Key("v")
	ask := r.Dialog()
	if !strings.Contains(ask.Body, "export-partners: warning: ID partners.iic is neither in production nor in the shared area: every run will fail") {
		t.Fatalf("validation:\n%s", ask.Body)
	}
	if !ask.Report {
		t.Fatal("the validation is a report, but its dialog offers Cancel beside OK")
	}
}

// TestIDFromFileLostUpdate: another operator replaces the ID while this
// one looks at what loading a file over it changes; the save is stopped
// and the new change shown.
func TestIDFromFileLostUpdate(t *testing.T) {
	env, m, r := start(t)
	path := filepath.Join(t.TempDir(), "new.iic")
	if err := os.WriteFile(path, []byte("MINE"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.Run(m.loadFromFile("production", "ID", "operations.iic", path))
	if ask := r.Dialog(); ask.Title != "Replace ID operations.iic of production" {
		t.Fatalf("dialog %+v", ask)
	}
	cl, ctx := env.Common.Client, env.Common.Ctx
	if err := cl.ConfigSaveID(ctx, "production", "operations.iic", []byte("THEIRS")); err != nil {
		t.Fatal(err)
	}
	r.Confirm()
	if ask := r.Dialog(); !strings.Contains(ask.Title, "changed on the host") || !strings.Contains(ask.Diff, "+6 bytes") {
		t.Fatalf("dialog %+v", ask)
	}
	if got, _ := cl.ConfigGetID(ctx, "production", "operations.iic"); string(got) != "THEIRS" {
		t.Fatalf("host has %q", got)
	}
}

// TestSessionEndedWhileEditingKeepsTheDraft: the host ended the session
// while $EDITOR was open (past its idle limit); what came back is kept as
// a draft across the new login, and e then saves it, unchanged, through
// the usual review.
func TestSessionEndedWhileEditingKeepsTheDraft(t *testing.T) {
	env, m, r := start(t)
	cl := env.Common.Client
	m.editing, m.base = "production", hostTasks(t, env, "production")
	id := cl.Session()
	cl.SetSession("ended-by-the-host")
	r.Send(fileio.EditedMsg{Data: []byte(mine), Changed: true})
	if m.Draft == nil || string(m.Draft.Data) != mine || !strings.Contains(m.Draft.Reason, "session ended") {
		t.Fatalf("the edit was not kept: draft %+v", m.Draft)
	}
	cl.SetSession(id) // logged in again
	r.Key("e")
	r.Send(fileio.EditedMsg{Data: []byte(mine), Changed: false})
	if ask := r.Dialog(); ask.Title != "Save tasks of production" || !strings.Contains(ask.Diff, `+<Tasks><Task name="mine">`) {
		t.Fatalf("dialog %+v", ask)
	}
	r.Confirm()
	if got := hostTasks(t, env, "production"); got != mine {
		t.Fatalf("host has %q", got)
	}
}
