package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway/hostdoc"
)

// TestApplyTemplateAndEditScriptEndToEnd drives the whole console against
// the in-process mock host: filter the templates, apply one to staging
// (its diff confirmed in the dialog), then edit a script of production
// in the built-in editor and save it through the same dialog; the host
// has both changes after.
func TestApplyTemplateAndEditScriptEndToEnd(t *testing.T) {
	h := startHost(t)
	m, c := testModel(t, h, nil)
	s := newScreen(t, m, 100, 30)
	s.wait("operator / demo")
	s.line("operator")
	s.wait("Password:")
	s.line("demo")
	s.wait("logged in as operator", "production")

	s.typ("5")
	s.wait("Task templates (2)", "</Task>")
	s.typ("/nightly")
	s.wait("Task templates (1 of 2)")
	s.key(tea.KeyEnter)
	s.typ("a")
	s.wait("Apply template Nightly verify to configuration:")
	s.line("staging")
	s.wait("Name of the new task in staging:")
	s.key(tea.KeyCtrlU)
	s.line("nightly-copy")
	s.wait("Save tasks of staging", "nightly-copy")
	s.typ("y")
	s.wait("added task nightly-copy to staging")

	s.typ("1")
	s.wait("Configurations (2)")
	s.typ("c")
	s.wait("Edit which script of production?")
	s.line("protect.xml")
	s.wait("ctrl+s")
	s.typ("<!-- e2e -->")
	s.key(tea.KeyCtrlS)
	s.wait("Save script protect.xml of production")
	s.typ("y")
	s.wait("saved script protect.xml of production")
	s.final()

	tasks, err := c.Client.ConfigGetTasks(c.Ctx, "staging")
	if err != nil {
		t.Fatal(err)
	}
	if ts, err := hostdoc.ParseTasks([]byte(tasks)); err != nil || ts.Find("nightly-copy") == nil {
		t.Fatalf("staging's tasks %q (%v)", tasks, err)
	}
	if script, err := c.Client.ConfigGetScript(c.Ctx, "production", "protect.xml"); err != nil || !strings.Contains(script, "<!-- e2e -->") {
		t.Fatalf("production's protect.xml %q (%v)", script, err)
	}
}
