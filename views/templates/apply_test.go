package templates

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway/hostdoc"
	"dpconsole/views/common"
)

// a applies the selected template: the configuration is asked (Tab
// completes the host's), then the task's name (the template's, or one
// free beside the tasks already there); the save shows the diff of the
// task added, and the configuration then has it, the rest unchanged.
func TestApplyTemplateAddsTheTask(t *testing.T) {
	env, m, r := start(t)
	cl, ctx := env.Common.Client, env.Common.Ctx
	before, err := cl.ConfigGetTasks(ctx, "staging")
	if err != nil {
		t.Fatal(err)
	}
	r.Key("a")
	if !m.Prompt.Active() || m.Prompt.Purpose() != "apply-config" {
		t.Fatalf("no configuration asked:\n%s", m.View())
	}
	r.Type("st")
	r.Send(tea.KeyMsg{Type: tea.KeyTab})
	if !strings.Contains(m.Prompt.View(), "> staging") {
		t.Fatalf("tab did not complete staging:\n%s", m.Prompt.View())
	}
	r.Key("enter")
	if m.Prompt.Purpose() != "apply-name" || !strings.Contains(m.Prompt.View(), "> Nightly verify") {
		t.Fatalf("name asked %q:\n%s", m.Prompt.Purpose(), m.View())
	}
	r.Key("ctrl+u")
	r.Type("nightly-verify")
	r.Key("enter")
	ask := r.Confirm()
	if ask.Title != "Save tasks of staging" || !strings.Contains(ask.Diff, `+  <Task name="nightly-verify"`) ||
		strings.Contains(ask.Diff, "\n-") || !strings.Contains(ask.Body, "from template Nightly verify") {
		t.Fatalf("dialog %+v", ask)
	}
	after, err := cl.ConfigGetTasks(ctx, "staging")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := hostdoc.ParseTasks([]byte(after))
	if err != nil || ts.Find("nightly-verify") == nil || len(ts.Tasks) != strings.Count(before, "<Task ")+1 {
		t.Fatalf("tasks after %q (%v)", after, err)
	}
	if f := r.Flashes(); len(f) == 0 || f[len(f)-1] != "added task nightly-verify to staging" {
		t.Fatalf("flashes %v", f)
	}

	// Applied again: the name is taken, so a free one is offered and
	// the taken one is refused in the prompt.
	r.Key("a")
	r.Type("staging")
	r.Key("enter")
	r.Key("ctrl+u")
	r.Type("nightly-verify")
	r.Key("enter")
	if !m.Prompt.Active() || !strings.Contains(m.View(), "staging already has a task named nightly-verify") {
		t.Fatalf("a taken name was not refused:\n%s", m.View())
	}
	r.Key("ctrl+u")
	r.Key("esc")
}

// A configuration that is not there is asked again, and a change someone
// made to the tasks while the operator named the task is caught by the
// guard: nothing is overwritten.
func TestApplyTemplateIsGuarded(t *testing.T) {
	env, m, r := start(t)
	cl, ctx := env.Common.Client, env.Common.Ctx
	r.Key("a")
	r.Type("nosuch")
	r.Key("enter")
	if m.Prompt.Purpose() != "apply-config" || !strings.Contains(m.View(), "no configuration nosuch") {
		t.Fatalf("unknown configuration:\n%s", m.View())
	}
	r.Key("ctrl+u")
	r.Type("production")
	r.Key("enter")
	theirs := `<Tasks></Tasks>`
	if err := cl.ConfigSaveTasks(ctx, "production", theirs); err != nil {
		t.Fatal(err)
	}
	r.Key("enter") // the template's own name
	if ask := r.Dialog(); ask.Title != "tasks of production changed on the host" {
		t.Fatalf("dialog %+v", ask)
	}
	if got, _ := cl.ConfigGetTasks(ctx, "production"); got != theirs {
		t.Fatalf("the other's save was overwritten: %q", got)
	}
}

// Adding to an empty document writes it whole.
func TestWithTaskEmpty(t *testing.T) {
	tpl, err := hostdoc.ParseTemplate([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{"", "<Tasks/>", "<Tasks>\n</Tasks>\n"} {
		out, err := withTask(base, *tpl, "copy")
		if err != nil {
			t.Fatal(err)
		}
		ts, err := hostdoc.ParseTasks(out)
		if err != nil || len(ts.Tasks) != 1 || ts.Tasks[0].Name != "copy" {
			t.Fatalf("%q gave %q (%v)", base, out, err)
		}
	}
	if freeName("a", []string{"a", "a-2"}) != "a-3" {
		t.Fatal("freeName")
	}
}

// TestApplyStartsFromTheLastConfiguration: a starts from the configuration
// last selected in any pane; an empty answer is asked for, not refused
// with the naming rules.
func TestApplyStartsFromTheLastConfiguration(t *testing.T) {
	_, m, r := start(t)
	r.Key("a")
	r.Send(tea.KeyMsg{Type: tea.KeyEnter})
	if v := m.Prompt.View(); !strings.Contains(v, "give the configuration to apply it to") || strings.Contains(v, "letters, digits") {
		t.Fatalf("empty answer:\n%s", v)
	}
	r.Send(tea.KeyMsg{Type: tea.KeyEsc})
	r.Send(common.ConfigSelectedMsg{Config: "staging"})
	r.Key("a")
	if v := m.Prompt.View(); !strings.Contains(v, "> staging") {
		t.Fatalf("the prompt does not start from staging:\n%s", v)
	}
}
