package palette

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"dpconsole/theme"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// namesOf runs the commands cmd starts and feeds the names replies back,
// as the shell would; it returns how many replies came.
func namesOf(m *Model, cmd tea.Cmd) int {
	n := 0
	for _, msg := range panetest.Collect(cmd) {
		if _, ok := msg.(namesMsg); ok {
			n++
			m.Update(msg)
		}
	}
	return n
}

func tab(m *Model) { m.Update(tea.KeyMsg{Type: tea.KeyTab}) }

// Tab completes a configuration name, then a task of the configuration
// given, from names the host listed in a command (never in Update).
func TestTabCompletesConfigAndTaskNames(t *testing.T) {
	c := newCommon(t)
	m := opened(t, c)
	cmd := m.choose(mustLookup(t, "taskGetLog"))
	if len(m.known) != 0 {
		t.Fatal("names known before the command ran: fetched in Update")
	}
	if namesOf(m, cmd) != 1 {
		t.Fatal("no names fetched for config-name")
	}
	if strings.Join(m.known, ",") != "production,staging" {
		t.Fatalf("configuration names %q", m.known)
	}
	typeText(m, "st")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "tab completes · configurations: staging") {
		t.Fatalf("no hint of the matching names:\n%s", v)
	}
	tab(m)
	if m.input.Value() != "staging" {
		t.Fatalf("tab gave %q", m.input.Value())
	}
	m.input.SetValue("production")
	if namesOf(m, press(m, tea.KeyEnter)) != 1 {
		t.Fatal("no names fetched for task-name")
	}
	if m.knownLabel != "tasks of production" || !contains(m.known, "verify-archive") {
		t.Fatalf("task names %q (%s)", m.known, m.knownLabel)
	}
	tab(m) // nothing typed: the first task
	if m.input.Value() != m.known[0] {
		t.Fatalf("tab on an empty input gave %q, want %q", m.input.Value(), m.known[0])
	}
	m.input.SetValue("ver")
	tab(m)
	if m.input.Value() != "verify-archive" {
		t.Fatalf("tab gave %q", m.input.Value())
	}
	if h := helpKeys(m.ShortHelp()); !strings.Contains(h, "tab") {
		t.Fatalf("the footer does not offer tab: %s", h)
	}
	m.input.SetValue("zz")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "none of the tasks of production starts with zz") {
		t.Fatalf("no word that nothing matches:\n%s", v)
	}
}

// With colour the input shows the completion in grey and Tab takes it.
func TestTabCompletesInColour(t *testing.T) {
	c := newCommon(t)
	c.Styles = theme.NewStyles(panetest.Renderer(termenv.ANSI256), theme.Dark())
	m := opened(t, c)
	namesOf(m, m.choose(mustLookup(t, "configGetTasks")))
	typeText(m, "pro")
	if !m.input.ShowSuggestions || !strings.Contains(ansi.Strip(m.input.View()), "production") {
		t.Fatalf("no grey completion: %q", ansi.Strip(m.input.View()))
	}
	tab(m)
	if m.input.Value() != "production" {
		t.Fatalf("tab gave %q", m.input.Value())
	}
}

// The template of templateGetTask completes from the templates; a new
// configuration's name gets no list (it must not exist); an ID name has
// none on the host.
func TestNamesOnlyWhereTheHostListsThem(t *testing.T) {
	c := newCommon(t)
	want, err := c.Client.TemplateGetList(c.Ctx)
	if err != nil || len(want) == 0 {
		t.Fatalf("templates %q, %v", want, err)
	}
	m := opened(t, c)
	namesOf(m, m.choose(mustLookup(t, "templateGetTask")))
	if m.knownLabel != "templates" || strings.Join(m.known, ",") != strings.Join(want, ",") {
		t.Fatalf("template names %q (%s), want %q", m.known, m.knownLabel, want)
	}
	m.backToList()
	if n := namesOf(m, m.choose(mustLookup(t, "configCreate"))); n != 0 || len(m.known) != 0 {
		t.Fatalf("configCreate offered %q", m.known)
	}
	typeText(m, "new")
	tab(m)
	if m.input.Value() != "new" {
		t.Fatalf("tab changed a new name to %q", m.input.Value())
	}
	m.backToList()
	m.choose(mustLookup(t, "configGetID"))
	typeText(m, "production")
	if n := namesOf(m, press(m, tea.KeyEnter)); n != 0 || len(m.known) != 0 {
		t.Fatalf("id-name offered %q", m.known)
	}
}

// A late reply (the operator moved on) is dropped, leaving goes cancels
// the call, and a host name that would not show as typed is never offered.
func TestNamesRepliesAreCheckedAndCleaned(t *testing.T) {
	c := newCommon(t)
	m := opened(t, c)
	cmd := m.choose(mustLookup(t, "configGetTasks"))
	old := m.namesTok
	if c.Calls.Pending() != 1 {
		t.Fatalf("%d calls in flight, want the names call", c.Calls.Pending())
	}
	m.backToList()
	if c.Calls.Pending() != 0 {
		t.Fatal("going back left the names call running")
	}
	m.choose(mustLookup(t, "configDelete"))
	namesOf(m, cmd) // the reply for configGetTasks
	if len(m.known) != 0 {
		t.Fatalf("a stale reply was offered: %q", m.known)
	}
	m.Update(namesMsg{tok: old, label: "configurations", names: []string{"late"}})
	if len(m.known) != 0 {
		t.Fatal("a reply with an old token was used")
	}
	m.Update(namesMsg{tok: m.namesTok, label: "configurations",
		names: []string{"ok", "evil\x1b]0;owned\a", "ok", "a\tb", ""}})
	if strings.Join(m.known, ",") != "ok" {
		t.Fatalf("kept %q", m.known)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// The list marks hostCloseSession as changing the host, as the registry
// does: its row has the writes colour, not the plain one.
func TestListMarksCloseSessionAsChanging(t *testing.T) {
	c := newCommon(t)
	c.Styles = theme.NewStyles(panetest.Renderer(termenv.ANSI256), theme.Dark())
	m := opened(t, c)
	m.SetSize(100, len(m.all)+len(commands)+10) // every row in view
	var row string
	for _, l := range strings.Split(m.listView(), "\n") {
		if strings.Contains(ansi.Strip(l), "hostCloseSession") {
			row = l
		}
	}
	plain := ansi.Strip(row)
	if !strings.Contains(plain, "danger") || row != c.Styles.Warning.Render(plain) || row == c.Styles.Text.Render(plain) {
		t.Fatalf("hostCloseSession row %q is not marked as changing the host", row)
	}
}

// Read-only refuses hostCloseSession and says how to log out instead
// (quitting closes the session); the session stays open meanwhile.
func TestReadOnlyRefusesCloseSession(t *testing.T) {
	c := newCommon(t)
	c.ReadOnly = true
	m := opened(t, c)
	if cmd := m.choose(mustLookup(t, "hostCloseSession")); cmd != nil {
		for _, msg := range panetest.Collect(cmd) {
			if _, ok := msg.(common.ConfirmMsg); ok {
				t.Fatal("read-only asked to confirm closing the session")
			}
		}
	}
	if m.mode != modeList || !strings.Contains(m.errText, "--read-only") || !strings.Contains(m.errText, "to log out, quit") {
		t.Fatalf("mode %v, %q", m.mode, m.errText)
	}
	if _, err := c.Client.ConfigGetList(c.Ctx); err != nil || c.Client.Session() == "" {
		t.Fatalf("the session did not stay open: %v", err)
	}
}

// A Tab on an argument while its names are read completes when they
// arrive; one pressed before an edit is dropped.
func TestArgTabWaitsForTheNames(t *testing.T) {
	for _, edit := range []bool{false, true} {
		m := opened(t, newCommon(t))
		cmd := m.choose(mustLookup(t, "taskGetLog"))
		typeText(m, "st")
		tab(m)
		if edit {
			typeText(m, "a")
		}
		namesOf(m, cmd)
		want := map[bool]string{false: "staging", true: "sta"}[edit]
		if m.input.Value() != want {
			t.Fatalf("edited %v: the names came after tab: %q, want %q", edit, m.input.Value(), want)
		}
	}
}
