package configs

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/views/panetest"
)

// `/` filters the configurations as typed: the pane captures the keys
// (q and digits are text), the title counts what shows, the selected
// row's tasks load, Enter keeps the filter and Esc clears it before it
// goes back.
func TestFilterConfigurations(t *testing.T) {
	_, m, r := start(t)
	r.Key("/")
	if !m.Capturing() || !m.ConsumesEsc() {
		t.Fatal("the filter's input does not have the keys")
	}
	r.Type("stg")
	if m.Selected() != "staging" || !strings.Contains(m.View(), "Configurations (1 of 2)") {
		t.Fatalf("selected %q:\n%s", m.Selected(), m.View())
	}
	if !m.Doc.Shows("staging") {
		t.Fatal("the tasks of the row the filter selected were not loaded")
	}
	r.Key("enter")
	if m.Capturing() || !m.ConsumesEsc() {
		t.Fatalf("after enter: capturing %v, consumes esc %v", m.Capturing(), m.ConsumesEsc())
	}
	r.Key("esc")
	if m.ConsumesEsc() || len(m.Rows) != 2 || m.Selected() != "staging" ||
		!strings.Contains(m.View(), "Configurations (2)") {
		t.Fatalf("esc did not clear the filter:\n%s", m.View())
	}
}

// A filtered table at 80x24, matches marked (in colour; the golden is
// Ascii) and the filter line under the rows.
func TestGoldenFiltered(t *testing.T) {
	env := panetest.Start(t)
	tm := panetest.Run(t, New(env.Common), 80, 24)
	panetest.WaitFor(t, tm, "staging", "lines 1–")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	tm.Type("prod")
	panetest.WaitFor(t, tm, "1 of 2")
	panetest.RequireGolden(t, panetest.FinalView(t, tm))
}

// A filter no configuration matches names no configuration in the
// document's heading (it read "── tasks of  ───", an empty name): the
// heading is a plain rule, the filter's line says no row matches.
func TestFilterWithNoMatchNamesNoConfiguration(t *testing.T) {
	_, m, r := start(t)
	r.Key("/")
	r.Type("zzz")
	v := m.View()
	rule := strings.Repeat("─", 20)
	if m.Selected() != "" || strings.Contains(v, "tasks of") || !strings.Contains(v, "\n"+rule) || !strings.Contains(v, "no row matches") {
		t.Fatalf("selected %q:\n%s", m.Selected(), v)
	}
	r.Key("esc")
	if v := m.View(); !strings.Contains(v, "── tasks of "+m.Selected()+" ─") || m.Selected() == "" {
		t.Fatalf("the filter cleared, the heading does not name %q:\n%s", m.Selected(), v)
	}
}
