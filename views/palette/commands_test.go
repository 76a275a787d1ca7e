package palette

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// feed runs cmd and hands the palette what comes back (the names it
// asked for), returning the rest.
func feed(m *Model, cmd tea.Cmd) []tea.Msg {
	var rest []tea.Msg
	for _, msg := range panetest.Collect(cmd) {
		if _, ok := msg.(cmdNamesMsg); ok {
			m.Update(msg)
			continue
		}
		rest = append(rest, msg)
	}
	return rest
}

// typeFed types s and hands the palette the names it then asks for
// (the input's own commands are its cursor's blink timers: not run).
func typeFed(m *Model, s string) {
	typeText(m, s)
	m.cmdAsking = map[string]bool{} // the fetches typeText dropped: ask again
	feed(m, m.fetchCmdNames())
}

// Commands are listed before the functions they also match; Tab
// completes the command, then the configuration and the task from the
// host's names; Enter closes the palette and asks the shell to go there.
func TestCommandsCompleteAndNavigate(t *testing.T) {
	m := opened(t, newCommon(t))
	if m.entries() != len(commands)-2+37 || m.cursor != 0 || !strings.Contains(m.View(), "> :configs") {
		t.Fatalf("the commands are not listed first:\n%s", m.View())
	}
	typeFed(m, "lo")
	feed(m, press(m, tea.KeyTab))
	if m.filter.Value() != "logs " {
		t.Fatalf("tab completed %q, want \"logs \"", m.filter.Value())
	}
	typeFed(m, "pro")
	feed(m, press(m, tea.KeyTab))
	if m.filter.Value() != "logs production " {
		t.Fatalf("tab completed %q", m.filter.Value())
	}
	typeFed(m, "ver")
	if !strings.Contains(m.View(), "tasks of production: verify-archive") {
		t.Fatalf("no task names offered:\n%s", m.View())
	}
	feed(m, press(m, tea.KeyTab))
	if m.filter.Value() != "logs production verify-archive" {
		t.Fatalf("tab completed %q", m.filter.Value())
	}
	out := feed(m, press(m, tea.KeyEnter))
	if m.Open() || len(out) != 1 || out[0] != (common.OpenLogMsg{Config: "production", Task: "verify-archive"}) {
		t.Fatalf("open %v, sent %#v", m.Open(), out)
	}

	m.Show()
	typeFed(m, "tasks staging")
	out = feed(m, press(m, tea.KeyEnter))
	if len(out) != 2 || out[0] != (common.ConfigSelectedMsg{Config: "staging"}) || out[1] != (common.OpenTasksMsg{Config: "staging"}) {
		t.Fatalf(":tasks staging sent %#v", out)
	}
	for in, want := range map[string]tea.Msg{
		"templates": common.SwitchPaneMsg{Pane: paneTemplates}, "host": common.SwitchPaneMsg{Pane: paneHost},
		":shared": common.SwitchPaneMsg{Pane: paneShared}, "help": common.ShowHelpMsg{}, "quit": common.QuitMsg{},
		"tasks": common.SwitchPaneMsg{Pane: paneTasks}, "con": common.SwitchPaneMsg{Pane: paneConfigs},
	} {
		m.Show()
		typeFed(m, in)
		if out := feed(m, press(m, tea.KeyEnter)); len(out) != 1 || out[0] != want {
			t.Errorf("%s sent %#v, want %#v", in, out, want)
		}
	}
}

// Wrong arguments are refused in the palette, which stays open.
func TestCommandArgumentsChecked(t *testing.T) {
	m := opened(t, newCommon(t))
	for in, want := range map[string]string{
		"logs production":   ":logs needs the configuration and the task",
		"tasks nosuch":      `no configuration "nosuch" on the host`,
		"logs staging nope": `no task "nope" in staging`,
		"tasks a b":         ":tasks takes [CONFIG]; got 2 words",
		"help me":           ":help takes no arguments; got 1 word",
		"configs staging x": ":configs takes no arguments; got 2 words",
	} {
		m.Show()
		typeFed(m, in)
		if out := feed(m, press(m, tea.KeyEnter)); len(out) != 0 || !m.Open() || !strings.Contains(m.View(), want) {
			t.Errorf("%q: sent %#v:\n%s", in, out, m.View())
		}
	}
}

// The palette with commands at 80x24: the command's argument being
// completed from the configurations.
func TestGoldenPaletteCommands(t *testing.T) {
	c := newCommon(t)
	tm := teatest.NewTestModel(t, harness{New(c)}, teatest.WithInitialTermSize(80, 24))
	tm.Type("tasks ")
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("configurations: production, staging")) },
		teatest.WithDuration(waitFor), teatest.WithCheckInterval(5*time.Millisecond))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	view := tm.FinalModel(t, teatest.WithFinalTimeout(waitFor)).View()
	teatest.RequireEqualOutput(t, []byte(trailing.ReplaceAllString(view+"\n", "\n")))
}

// In a fleet's console :fleet goes back to the fleet and :gateway NAME
// (the fleet's names complete it) to another console; a console alone
// lists neither.
func TestFleetCommands(t *testing.T) {
	c := newCommon(t)
	m := opened(t, c)
	typeFed(m, "fle")
	if len(m.cmds) != 0 {
		t.Fatalf("a console alone lists %v", m.cmds)
	}
	c.Gateways = []string{"east", "west"}
	m.Show()
	typeFed(m, "fleet")
	if out := feed(m, press(m, tea.KeyEnter)); len(out) != 1 || out[0] != (common.FleetMsg{}) {
		t.Fatalf(":fleet sent %#v", out)
	}
	m.Show()
	typeFed(m, "gateway w")
	feed(m, press(m, tea.KeyTab))
	if m.filter.Value() != "gateway west" {
		t.Fatalf("tab completed %q", m.filter.Value())
	}
	if out := feed(m, press(m, tea.KeyEnter)); len(out) != 1 || out[0] != (common.GatewayMsg{Name: "west"}) {
		t.Fatalf(":gateway west sent %#v", out)
	}
	for in, want := range map[string]string{"gateway": ":gateway needs NAME", "gateway north": `no gateway "north" in the fleet`} {
		m.Show()
		typeFed(m, in)
		if out := feed(m, press(m, tea.KeyEnter)); len(out) != 0 || !strings.Contains(m.View(), want) {
			t.Errorf("%q sent %#v:\n%s", in, out, m.View())
		}
	}
}

// typeHeld types s and returns the commands it started (the names asked
// for) without running them: the names are still being read.
func typeHeld(m *Model, s string) []tea.Cmd {
	var held []tea.Cmd
	for _, r := range s {
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		held = append(held, cmd)
	}
	return held
}

// A Tab pressed before the host's names arrive completes once they do;
// if the filter changed meanwhile it is dropped (it was for other text).
func TestTabWaitsForTheNames(t *testing.T) {
	m := opened(t, newCommon(t))
	held := typeHeld(m, "tasks st")
	held = append(held, press(m, tea.KeyTab))
	if m.filter.Value() != "tasks st" {
		t.Fatalf("tab with no names yet changed the filter to %q", m.filter.Value())
	}
	feed(m, tea.Batch(held...))
	if m.filter.Value() != "tasks staging" {
		t.Fatalf("the names arrived after tab: filter %q, want \"tasks staging\"", m.filter.Value())
	}

	m.Show()
	held = typeHeld(m, "tasks st")
	held = append(held, press(m, tea.KeyTab))
	held = append(held, typeHeld(m, "x")...)
	held = append(held, press(m, tea.KeyBackspace))
	feed(m, tea.Batch(held...))
	if m.filter.Value() != "tasks st" {
		t.Fatalf("a tab pressed before an edit completed after it: %q", m.filter.Value())
	}
}

// feedAll is feed that also runs what the names it hands over ask for
// next (a Tab waiting for the next word's names), as the runtime would.
func feedAll(m *Model, cmd tea.Cmd) {
	for queue := []tea.Cmd{cmd}; len(queue) > 0; queue = queue[1:] {
		for _, msg := range panetest.Collect(queue[0]) {
			if _, ok := msg.(cmdNamesMsg); ok {
				_, next := m.Update(msg)
				queue = append(queue, next)
			}
		}
	}
}

// Typing on after a Tab whose names are still read keeps it: it
// completes its word when they arrive, with what was typed after it, and
// a second Tab pressed meanwhile follows it.
func TestTabsTypedAheadComplete(t *testing.T) {
	m := opened(t, newCommon(t))
	held := typeHeld(m, "logs pro")
	held = append(held, press(m, tea.KeyTab))
	held = append(held, typeHeld(m, "sy")...)
	held = append(held, press(m, tea.KeyTab))
	feedAll(m, tea.Batch(held...))
	if m.filter.Value() != "logs production sync-reports" {
		t.Fatalf(":logs pro<Tab>sy<Tab> typed ahead gave %q", m.filter.Value())
	}
	m.Show()
	held = typeHeld(m, "logs pro")
	held = append(held, press(m, tea.KeyTab))
	held = append(held, typeHeld(m, " sy")...)
	feed(m, tea.Batch(held...))
	if m.filter.Value() != "logs production sy" {
		t.Fatalf(":logs pro<Tab> sy typed ahead gave %q", m.filter.Value())
	}
}

// A configuration that did not complete is not taken for one in the next
// word: the hint says it is not a configuration, and Tab completes it
// first, then the task, whose names are read meanwhile.
func TestTabCompletesAStrayConfigurationFirst(t *testing.T) {
	m := opened(t, newCommon(t))
	typeFed(m, "logs pro sy")
	v := m.View()
	if !strings.Contains(v, `"pro" is not a configuration · tab completes it: production`) || strings.Contains(v, "tasks of pro") {
		t.Fatalf("the hint takes pro for a configuration:\n%s", v)
	}
	feed(m, press(m, tea.KeyTab))
	if m.filter.Value() != "logs production sync-reports" {
		t.Fatalf("tab on logs pro sy gave %q", m.filter.Value())
	}

	m.Show()
	typeFed(m, "logs nosuch sy")
	if v := m.View(); !strings.Contains(v, `"nosuch" is not a configuration of the host`) {
		t.Fatalf("no hint that nosuch is no configuration:\n%s", v)
	}
}
