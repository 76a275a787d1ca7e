package palette

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// An XML argument that is a path, or a file that is
// not XML, never reaches the host; a save over an existing item names it.
func TestXMLArgumentsAreCheckedAndReplacesNamed(t *testing.T) {
	c := newCommon(t)
	before, err := c.Client.SharedGetScript(c.Ctx, "verify.xml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	machine := filepath.Join(dir, "machine.xml")
	yaml := filepath.Join(dir, "config.yaml")
	for p, data := range map[string]string{machine: "<Machine/>", yaml: "key: value\n"} {
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	m := opened(t, c)
	m.choose(mustLookup(t, "sharedSaveScript"))
	typeText(m, "verify.xml")
	press(m, tea.KeyEnter)
	for _, tc := range []struct{ typed, want string }{
		{machine, "this is a file path: use @" + machine},
		{"@" + yaml, "not an XML document"},
		{"<Script>", "not well-formed XML"},
		{`<!DOCTYPE x><x/>`, "DOCTYPE"},
	} {
		m.input.SetValue(tc.typed)
		drive(m, press(m, tea.KeyEnter))
		if m.mode != modeArgs || !strings.Contains(m.errText, tc.want) || m.input.Value() != tc.typed {
			t.Fatalf("%q: mode %v, error %q, input %q; want the argument asked again saying %q", tc.typed, m.mode, m.errText, m.input.Value(), tc.want)
		}
	}
	m.input.SetValue("@" + machine)
	var ask *common.ConfirmMsg
	for _, msg := range drive(m, press(m, tea.KeyEnter)) {
		if a, ok := msg.(common.ConfirmMsg); ok {
			ask = &a
		}
	}
	if ask == nil || !strings.Contains(ask.Body, "Replaces shared script verify.xml, used by every configuration") {
		t.Fatalf("confirm %+v does not name what is replaced", ask)
	}
	if after, _ := c.Client.SharedGetScript(c.Ctx, "verify.xml"); after != before {
		t.Fatalf("verify.xml changed before the confirm: %q", after)
	}
	drive(m, ask.OnConfirm)
	if after, _ := c.Client.SharedGetScript(c.Ctx, "verify.xml"); after != "<Machine/>" {
		t.Fatalf("confirmed save: verify.xml holds %q", after)
	}

	// A new name is still confirmed (the function is destructive), without
	// a replace warning.
	m.backToList()
	m.choose(mustLookup(t, "sharedSaveScript"))
	typeText(m, "brand-new.xml")
	press(m, tea.KeyEnter)
	typeText(m, "<Script/>")
	ask = nil
	for _, msg := range drive(m, press(m, tea.KeyEnter)) {
		if a, ok := msg.(common.ConfirmMsg); ok {
			ask = &a
		}
	}
	if ask == nil || strings.Contains(ask.Body, "Replaces") {
		t.Fatalf("new name: confirm %+v", ask)
	}
}

// Back from a result, the kept filter is selected:
// typing replaces it, an edit key keeps it.
func TestKeptFilterIsReplacedByTyping(t *testing.T) {
	m := opened(t, newCommon(t))
	typeText(m, "configGetList")
	drive(m, press(m, tea.KeyEnter))
	press(m, tea.KeyEsc)
	if m.mode != modeList || m.filter.Value() != "configGetList" || !strings.Contains(m.View(), "typing replaces the filter") {
		t.Fatalf("back to list: mode %v filter %q", m.mode, m.filter.Value())
	}
	typeText(m, "cfgGetID")
	if m.filter.Value() != "cfgGetID" || m.all[m.matches[0]].Name != "configGetID" {
		t.Fatalf("typing after a run: filter %q", m.filter.Value())
	}
	drive(m, m.choose(mustLookup(t, "configGetList"))) // run another, keeping the filter
	press(m, tea.KeyEsc)
	press(m, tea.KeyBackspace)
	if m.filter.Value() != "cfgGetI" {
		t.Fatalf("an edit key after a run: filter %q, want it kept and edited", m.filter.Value())
	}
}

// A long result shows its position, scrolls sideways
// and any result (XML too) can be saved.
func TestResultScrollsAndSavesXML(t *testing.T) {
	m := opened(t, newCommon(t))
	m.SetSize(40, 12)
	m.choose(mustLookup(t, "configGetTasks"))
	typeText(m, "production")
	drive(m, press(m, tea.KeyEnter))
	v := m.View()
	if m.mode != modeResult || !strings.Contains(v, "↓ more") || !strings.Contains(v, "…") {
		t.Fatalf("long result: mode %v\n%s", m.mode, v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRight})
	if m.out.Column() == 0 || !strings.Contains(m.View(), "col 9") {
		t.Fatalf("right does not scroll sideways:\n%s", m.View())
	}
	path := filepath.Join(t.TempDir(), "tasks.xml")
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("s")})
	if m.mode != modeSave {
		t.Fatalf("s on an XML result: mode %v note %q", m.mode, m.note)
	}
	for range 200 { // clear the (empty) pre-fill, then type the path
		m.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	typeText(m, path)
	drive(m, press(m, tea.KeyEnter))
	got, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(got), "<Tasks>") {
		t.Fatalf("saved %q, %v; note %q err %q", got, err, m.note, m.errText)
	}
}

// TestResultIsDecodedInTheCommand: the call's command hands back its
// answer decoded for the screen, highlighting included, so Update does
// none of it (a big XML result held Update for seconds).
func TestResultIsDecodedInTheCommand(t *testing.T) {
	m := opened(t, newCommon(t))
	m.choose(mustLookup(t, "configGetTasks"))
	typeText(m, "production")
	var got *resultMsg
	for _, msg := range panetest.Collect(press(m, tea.KeyEnter)) {
		if r, ok := msg.(resultMsg); ok {
			got = &r
		}
	}
	if got == nil || got.res == nil || len(got.res.items) != 1 || !strings.Contains(strings.Join(got.res.items[0].lines, "\n"), "<Tasks>") {
		t.Fatalf("the command's reply: %+v", got)
	}
}

// TestEveryConfirmedFunctionSaysWhatItDoes: each function the palette
// confirms has its own consequence, and "cannot be undone" is said only
// of those that cannot.
func TestEveryConfirmedFunctionSaysWhatItDoes(t *testing.T) {
	for _, fn := range gateway.Functions() {
		if !fn.Destructive {
			continue
		}
		c, ok := consequences[fn.Name]
		if !ok {
			t.Errorf("%s is confirmed but says only %q", fn.Name, consequence(fn.Name))
		}
		undoable := fn.Name == "agentShutdown" || fn.Name == "agentAlter" || fn.Name == "configActivate" || fn.Name == "agentRestart" || fn.Name == "hostCloseSession"
		if undoable && strings.Contains(c, "cannot be undone") {
			t.Errorf("%s: %q", fn.Name, c)
		}
	}
}
