package shared

import (
	"strings"
	"testing"

	"dpconsole/fileio"
	"dpconsole/views/common"
)

// e on a shared script opens it in the editor as shown; the edit is
// checked as XML and saved through the guard, which catches a change
// someone made meanwhile; a preset is not edited.
func TestEditSharedScript(t *testing.T) {
	env, m, r := start(t)
	cl, ctx := env.Common.Client, env.Common.Ctx
	r.Key("e") // a preset is selected
	if m.editing != nil {
		t.Fatal("a preset opened in the editor")
	}
	r.Key("o")
	r.Key("c")
	r.Type("verify.xml")
	r.Key("enter")
	before, _ := cl.SharedGetScript(ctx, "verify.xml")
	r.Key("e")
	if m.editing == nil || string(m.editing.base) != before {
		t.Fatalf("editing %+v", m.editing)
	}
	r.Send(fileio.EditedMsg{Data: []byte("not xml"), Changed: true})
	if m.Draft == nil {
		t.Fatalf("a script that is not XML was not kept:\n%s", m.View())
	}
	r.Key("e")
	theirs := strings.Replace(before, "</Script>", "<!-- theirs --></Script>", 1)
	if err := cl.SharedSaveScript(ctx, "verify.xml", theirs); err != nil {
		t.Fatal(err)
	}
	mine := strings.Replace(before, "</Script>", "<!-- mine --></Script>", 1)
	r.Send(fileio.EditedMsg{Data: []byte(mine), Changed: true})
	if ask := r.Dialog(); ask.Title != "shared script verify.xml changed on the host" {
		t.Fatalf("dialog %+v", ask)
	}
	if got, _ := cl.SharedGetScript(ctx, "verify.xml"); got != theirs {
		t.Fatalf("theirs was overwritten: %q", got)
	}
	r.Confirm() // overwrite: the change is shown next
	r.Confirm()
	if got, _ := cl.SharedGetScript(ctx, "verify.xml"); got != mine {
		t.Fatalf("after overwrite: %q; flashes %v", got, r.Flashes())
	}
}

// Another pane asks to show a shared item: a listed one is selected, an
// unlisted one is opened as by name.
func TestOpenSharedRequest(t *testing.T) {
	_, m, r := start(t)
	r.Send(common.OpenSharedMsg{Kind: kindScript, Name: "verify.xml"})
	if it, _ := m.Selected(); it != (item{kindScript, "verify.xml"}) || !m.Doc.Shows(it) {
		t.Fatalf("selected %+v", it)
	}
	r.Send(common.OpenSharedMsg{Kind: kindScript, Name: "extra.xml"})
	if it, _ := m.Selected(); it != (item{kindScript, "extra.xml"}) || m.recent[0] != it {
		t.Fatalf("selected %+v, recent %v", it, m.recent)
	}
}
