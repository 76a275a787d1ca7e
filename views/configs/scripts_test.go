package configs

import (
	"strings"
	"testing"

	"dpconsole/fileio"
	"dpconsole/views/common"
)

// c edits a script of the selected configuration: its tasks' scripts are
// offered, the script read from the host opens in the editor, and what
// comes back is checked as XML and saved through the guard; a script
// that does not parse is kept as a draft that e opens again as the
// script (not as the tasks).
func TestEditScriptOfConfiguration(t *testing.T) {
	env, m, r := start(t)
	cl, ctx := env.Common.Client, env.Common.Ctx
	before, err := cl.ConfigGetScript(ctx, "production", "protect.xml")
	if err != nil {
		t.Fatal(err)
	}
	r.Key("c")
	if !m.Prompt.Active() || !strings.Contains(m.View(), "protect.xml") {
		t.Fatalf("the tasks' scripts are not offered:\n%s", m.View())
	}
	r.Type("protect.xml")
	r.Key("enter")
	if m.script == nil || string(m.script.base) != before {
		t.Fatalf("the editor was not opened on the script: %+v", m.script)
	}
	r.Send(fileio.EditedMsg{Data: []byte("<Script><broken></Script>"), Changed: true})
	if m.Draft == nil || !strings.Contains(m.View(), "script protect.xml of production not saved") {
		t.Fatalf("a broken script was not kept:\n%s", m.View())
	}
	r.Key("e")
	if m.script == nil || m.script.name != "protect.xml" || m.Draft != nil {
		t.Fatalf("e did not open the script again: %+v", m.script)
	}
	mine := strings.Replace(before, "</Script>", "<!-- mine --></Script>", 1)
	r.Send(fileio.EditedMsg{Data: []byte(mine), Changed: true})
	ask := r.Confirm()
	if ask.Title != "Save script protect.xml of production" || !strings.Contains(ask.Diff, "+") {
		t.Fatalf("dialog %+v", ask)
	}
	if got, _ := cl.ConfigGetScript(ctx, "production", "protect.xml"); got != mine {
		t.Fatalf("script on the host %q", got)
	}
	if tasks, _ := cl.ConfigGetTasks(ctx, "production"); strings.Contains(tasks, "mine") {
		t.Fatal("the script was saved as the tasks")
	}
}

// A name the configuration does not have starts a new script from a
// skeleton; the save says it is new.
func TestEditNewScript(t *testing.T) {
	env, m, r := start(t)
	r.Key("c")
	r.Type("fresh.xml")
	r.Key("enter")
	if m.script == nil || m.script.base != nil {
		t.Fatalf("script %+v", m.script)
	}
	r.Send(fileio.EditedMsg{Data: []byte("<Script><Step/></Script>\n"), Changed: true})
	if ask := r.Confirm(); !strings.Contains(ask.Body, "is new on the host") {
		t.Fatalf("dialog %+v", ask)
	}
	if got, err := env.Common.Client.ConfigGetScript(env.Common.Ctx, "production", "fresh.xml"); err != nil || !strings.Contains(got, "<Step/>") {
		t.Fatalf("new script %q (%v)", got, err)
	}
}

// Another pane (the task detail) asks to edit a configuration's tasks or
// one of its scripts: the configuration is selected and the editor opens
// on what the host has, read first when it is not shown.
func TestEditRequestsFromAnotherPane(t *testing.T) {
	env, m, r := start(t)
	r.Send(common.EditTasksMsg{Config: "staging"})
	want, _ := env.Common.Client.ConfigGetTasks(env.Common.Ctx, "staging")
	if m.Selected() != "staging" || m.editing != "staging" || m.base != want {
		t.Fatalf("selected %q, editing %q, base %q", m.Selected(), m.editing, m.base)
	}
	r.Send(common.EditScriptMsg{Config: "production", Name: "protect.xml"})
	if m.Selected() != "production" || m.script == nil || m.script.name != "protect.xml" || m.script.base == nil {
		t.Fatalf("selected %q, script %+v", m.Selected(), m.script)
	}
	r.Send(common.EditTasksMsg{Config: "nosuch"})
	if f := r.Flashes(); f[len(f)-1] != "ERROR no configuration nosuch" {
		t.Fatalf("flashes %v", f)
	}
}
