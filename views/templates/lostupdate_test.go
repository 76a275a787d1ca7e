package templates

import (
	"strings"
	"testing"

	"dpconsole/fileio"
)

// TestTemplateLostUpdate: while the operator edits a template, another
// saves it; the console saves nothing and shows the other's change.
func TestTemplateLostUpdate(t *testing.T) {
	env, m, r := start(t)
	r.Key("e") // as e does: the base is the shown document
	if m.origin != "Nightly verify" || m.base == "" {
		t.Fatalf("origin %q base %q", m.origin, m.base)
	}
	cl, ctx := env.Common.Client, env.Common.Ctx
	theirs := strings.Replace(m.base, "Verify the protected store every night", "Theirs", 1)
	if err := cl.TemplateSaveTask(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	mine := strings.Replace(m.base, "Verify the protected store every night", "Mine", 1)
	r.Send(fileio.EditedMsg{Data: []byte(mine), Changed: true})
	ask := r.Dialog()
	if ask.Title != "template Nightly verify changed on the host" || !strings.Contains(ask.Diff, "+  <Description>Theirs</Description>") {
		t.Fatalf("dialog %+v", ask)
	}
	if got, _ := cl.TemplateGetTask(ctx, "Nightly verify"); got != theirs {
		t.Fatalf("the other's save was lost: %q", got)
	}
}

// TestNewTemplateSkeletonUnchangedIsCreated: n, a free name, and the
// skeleton saved as it is creates the template.
func TestNewTemplateSkeletonUnchangedIsCreated(t *testing.T) {
	env, m, r := start(t)
	m.fresh = true // as n does once the name is free
	skel := []byte(`<Task name="Fresh" enabled="true"><Schedule every="1m"/></Task>`)
	r.Send(fileio.EditedMsg{Data: skel, Changed: false})
	if ask := r.Confirm(); ask.Title != "Save template Fresh" {
		t.Fatalf("dialog %+v; flashes %v", ask, r.Flashes())
	}
	if _, err := env.Common.Client.TemplateGetTask(env.Common.Ctx, "Fresh"); err != nil {
		t.Fatalf("not created: %v", err)
	}
}
