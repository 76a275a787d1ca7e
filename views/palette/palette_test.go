package palette

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"dpconsole/gateway"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

const waitFor = 10 * time.Second

func TestMain(m *testing.M) { panetest.Main(m) }

// newCommon logs in as operator on a fresh mock host.
func newCommon(t *testing.T) *common.Common {
	t.Helper()
	c := panetest.Dial(t)
	panetest.Login(t, c.Ctx, c.Client)
	return c
}

func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func press(m *Model, k tea.KeyType) tea.Cmd {
	_, cmd := m.Update(tea.KeyMsg{Type: k})
	return cmd
}

// pressChecked presses Enter on an argument and feeds back the check it
// starts (XML and files are looked at in a command).
func pressChecked(m *Model) {
	for _, msg := range panetest.Collect(press(m, tea.KeyEnter)) {
		if _, ok := msg.(fileCheckedMsg); ok {
			m.Update(msg)
		}
	}
}

func opened(t *testing.T, c *common.Common) *Model {
	m := New(c)
	m.SetSize(100, 30)
	m.Show()
	return m
}

func TestFilterAndRun(t *testing.T) {
	m := opened(t, newCommon(t))
	if len(m.matches) != 37 {
		t.Fatalf("%d functions listed, want all 37", len(m.matches))
	}
	typeText(m, "cfgGetLst")
	if got := m.all[m.matches[0]].Name; got != "configGetList" {
		t.Fatalf("fuzzy filter: first match %q", got)
	}
	cmd := press(m, tea.KeyEnter)
	if m.mode != modeRunning {
		t.Fatalf("mode %v, want running", m.mode)
	}
	for _, msg := range panetest.Collect(cmd) {
		m.Update(msg)
	}
	if m.mode != modeResult || m.res.status != gateway.StatusOK || len(m.res.items) != 2 {
		t.Fatalf("mode %v result %+v", m.mode, m.res)
	}
	if v := m.View(); !strings.Contains(v, "production") || !strings.Contains(v, "status 1") {
		t.Fatalf("result screen:\n%s", v)
	}
}

func TestArgsCollected(t *testing.T) {
	m := opened(t, newCommon(t))
	m.choose(mustLookup(t, "configNewID"))
	press(m, tea.KeyEnter)
	if !strings.Contains(m.errText, "config-name is empty") {
		t.Fatalf("empty required argument accepted: %q", m.errText)
	}
	typeText(m, "staging")
	press(m, tea.KeyEnter)
	typeText(m, "new.iic")
	press(m, tea.KeyEnter)
	if m.mode != modeArgs || m.specs[m.argIdx].Name != "machine-fingerprint" {
		t.Fatalf("third argument not asked: mode %v idx %d", m.mode, m.argIdx)
	}
	typeText(m, "<Machine/>")
	pressChecked(m)
	typeText(m, "<Machine><Fingerprint>x</Fingerprint></Machine>")
	pressChecked(m)
	if m.mode != modeArgs {
		t.Fatal("a repeated argument ended before an empty entry")
	}
	cmd := press(m, tea.KeyEnter) // empty: done
	if m.mode != modeRunning {
		t.Fatalf("mode %v after the empty entry", m.mode)
	}
	if len(m.values) != 4 || m.values[3].spec.Name != "machine-fingerprint" {
		t.Fatalf("values %+v", m.values)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyEsc}) // cancel the call
	for _, msg := range panetest.Collect(cmd) {
		m.Update(msg)
	}
	if m.mode != modeReady || !strings.Contains(m.errText, "cancelled") {
		t.Fatalf("a cancelled call's reply was applied: mode %v %q", m.mode, m.errText)
	}
}

// drive runs cmd and every command the replies lead to, as the shell
// would, feeding the replies to the palette.
func drive(m *Model, cmd tea.Cmd) []tea.Msg {
	var out []tea.Msg
	for _, msg := range panetest.Collect(cmd) {
		out = append(out, msg)
		_, next := m.Update(msg)
		out = append(out, drive(m, next)...)
	}
	return out
}

func TestBinaryArgIsAFile(t *testing.T) {
	c := newCommon(t)
	m := opened(t, c)
	m.choose(mustLookup(t, "sharedSaveID"))
	typeText(m, "copy.iic")
	press(m, tea.KeyEnter)
	missing := filepath.Join(t.TempDir(), "missing.iic")
	typeText(m, missing) // a plain path is the file to send
	drive(m, press(m, tea.KeyEnter))
	// The file is checked when it is entered, and
	// the argument is asked again with what was typed.
	if m.mode != modeArgs || !strings.Contains(m.errText, "does not exist") || !strings.Contains(m.errText, missing) ||
		m.input.Value() != missing {
		t.Fatalf("missing file: mode %v, error %q, input %q", m.mode, m.errText, m.input.Value())
	}
	if v := m.View(); !strings.Contains(v, "does not exist") {
		t.Fatalf("the refusal is not shown:\n%s", v)
	}
	dir := t.TempDir()
	for i, arg := range []string{"plain", "@at"} {
		path := filepath.Join(dir, arg+".iic")
		want := []byte{0, 1, byte(i), 0xff}
		if err := os.WriteFile(path, want, 0o600); err != nil {
			t.Fatal(err)
		}
		if arg == "@at" {
			path = "@" + path
		}
		m.backToList()
		m.choose(mustLookup(t, "sharedSaveID"))
		typeText(m, "copy.iic")
		press(m, tea.KeyEnter)
		typeText(m, path)
		for _, msg := range drive(m, press(m, tea.KeyEnter)) {
			if ask, ok := msg.(common.ConfirmMsg); ok { // an overwriting save asks first
				drive(m, ask.OnConfirm)
			}
		}
		if m.res == nil || m.res.status != gateway.StatusOK {
			t.Fatalf("%s: save from file: %+v", arg, m.res)
		}
		got, err := c.Client.SharedGetID(c.Ctx, "copy.iic")
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s: the host holds %v, %v", arg, got, err)
		}
	}
}

func TestXMLArgIsLiteralUnlessAt(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.xml")
	if err := os.WriteFile(path, []byte("<Task/>"), 0o600); err != nil {
		t.Fatal(err)
	}
	xml := gateway.ArgSpec{Name: "task", Kind: gateway.KindXML}
	bin := gateway.ArgSpec{Name: "id", Kind: gateway.KindBinary}
	args, err := resolve([]argValue{{spec: xml, text: path}, {spec: xml, text: "@" + path}, {spec: bin, text: " " + path + " "}})
	if err != nil {
		t.Fatal(err)
	}
	if string(args[0].Value) != path || string(args[1].Value) != "<Task/>" || string(args[2].Value) != "<Task/>" {
		t.Fatalf("values %q %q %q", args[0].Value, args[1].Value, args[2].Value)
	}
}

func TestReadOnlyRefusesMutating(t *testing.T) {
	c := newCommon(t)
	c.ReadOnly = true
	m := opened(t, c)
	m.choose(mustLookup(t, "configDelete"))
	if m.mode != modeList || !strings.Contains(m.errText, "read-only") {
		t.Fatalf("mode %v, %q", m.mode, m.errText)
	}
}

func TestDestructiveAsks(t *testing.T) {
	m := opened(t, newCommon(t))
	m.choose(mustLookup(t, "configDelete"))
	typeText(m, "staging")
	msgs := panetest.Collect(press(m, tea.KeyEnter))
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want the confirm request", len(msgs))
	}
	ask, ok := msgs[0].(common.ConfirmMsg)
	if !ok || m.mode != modeReady {
		t.Fatalf("got %T, mode %v", msgs[0], m.mode)
	}
	if !strings.Contains(ask.Body, "staging") {
		t.Fatalf("the confirm does not say what will happen: %q", ask.Body)
	}
	_, cmd := m.Update(ask.OnConfirm())
	if m.mode != modeRunning {
		t.Fatalf("confirming did not run the call: mode %v", m.mode)
	}
	for _, msg := range panetest.Collect(cmd) {
		m.Update(msg)
	}
	if m.res == nil || m.res.status != gateway.StatusOK {
		t.Fatalf("configDelete: %+v", m.res)
	}
}

func TestBinaryResultSaved(t *testing.T) {
	c := newCommon(t)
	if err := c.Client.SharedSaveID(c.Ctx, "x.iic", []byte("IDBYTES")); err != nil {
		t.Fatal(err)
	}
	m := opened(t, c)
	m.choose(mustLookup(t, "sharedGetID"))
	typeText(m, "x.iic")
	for _, msg := range panetest.Collect(press(m, tea.KeyEnter)) {
		m.Update(msg)
	}
	if !strings.Contains(m.View(), "binary, 7 bytes") {
		t.Fatalf("binary result:\n%s", m.View())
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("s")})
	path := filepath.Join(t.TempDir(), "out.iic")
	typeText(m, path)
	if v := m.View(); !strings.Contains(v, path) || lipgloss.Height(v) > 30 {
		t.Fatalf("the typed path is not on screen (%d lines):\n%s", lipgloss.Height(v), v)
	}
	drive(m, press(m, tea.KeyEnter))
	if got, err := os.ReadFile(path); err != nil || string(got) != "IDBYTES" {
		t.Fatalf("saved %q, %v (note %q, err %q)", got, err, m.note, m.errText)
	}
	// Saving again to the same file asks first; the default keeps it.
	if err := os.WriteFile(path, []byte("MINE"), 0o600); err != nil {
		t.Fatal(err)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("s")})
	typeText(m, path)
	drive(m, press(m, tea.KeyEnter))
	if v := m.View(); !strings.Contains(v, "exists. Overwrite it?") || lipgloss.Height(v) > 30 {
		t.Fatalf("no overwrite question:\n%s", v)
	}
	drive(m, press(m, tea.KeyEnter)) // enter: No
	if got, _ := os.ReadFile(path); string(got) != "MINE" || m.mode != modeSave {
		t.Fatalf("overwrote without a yes: %q, mode %v", got, m.mode)
	}
	drive(m, press(m, tea.KeyEnter))
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
	drive(m, cmd)
	if got, _ := os.ReadFile(path); string(got) != "IDBYTES" || m.mode != modeResult {
		t.Fatalf("y did not overwrite: %q, mode %v", got, m.mode)
	}
}

func TestMutatingSuccessTellsThePanes(t *testing.T) {
	m := opened(t, newCommon(t))
	m.choose(mustLookup(t, "configCreate"))
	typeText(m, "fresh")
	msgs := drive(m, press(m, tea.KeyEnter))
	var changed, agent bool
	for _, msg := range msgs {
		switch msg := msg.(type) {
		case common.HostChangedMsg:
			changed = msg.Function == "configCreate"
		case common.AgentChangedMsg:
			agent = true
		}
	}
	if !changed || !agent {
		t.Fatalf("configCreate sent %#v; want HostChangedMsg and AgentChangedMsg", msgs)
	}
	m.backToList()
	m.choose(mustLookup(t, "configCreate")) // exists now: refused, nothing changed
	typeText(m, "fresh")
	for _, msg := range drive(m, press(m, tea.KeyEnter)) {
		if _, ok := msg.(common.HostChangedMsg); ok {
			t.Fatal("a refused call said the host changed")
		}
	}
	m.backToList()
	msgs = drive(m, m.choose(mustLookup(t, "configGetList"))) // a read changes nothing
	if m.res == nil || m.res.status != gateway.StatusOK {
		t.Fatalf("configGetList: %+v", m.res)
	}
	for _, msg := range msgs {
		if _, ok := msg.(common.HostChangedMsg); ok {
			t.Fatal("a read said the host changed")
		}
	}
}

func mustLookup(t *testing.T, name string) gateway.Function {
	f, ok := gateway.Lookup(name)
	if !ok {
		t.Fatal(name)
	}
	return f
}

// harness shows the palette alone in a program.
type harness struct{ m *Model }

func (h harness) Init() tea.Cmd { return h.m.Show() }
func (h harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.m.SetSize(msg.Width, msg.Height)
		return h, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			return h, tea.Quit
		}
	}
	_, cmd := h.m.Update(msg)
	return h, cmd
}
func (h harness) View() string { return h.m.View() }

// shows is a golden step: wait until the screen shows it.
type shows string

var trailing = regexp.MustCompile(`[ \t]+\n`)

func TestGoldenPalette(t *testing.T) {
	enter, tab := tea.KeyMsg{Type: tea.KeyEnter}, tea.KeyMsg{Type: tea.KeyTab}
	for _, tc := range []struct {
		name, want string
		steps      []any // text typed, a key sent, or a screen waited for
	}{
		{name: "filtered", steps: []any{"task"}, want: "taskGetLog"},
		{name: "result", steps: []any{"configGetList", enter}, want: "status 1"},
		// A small ID is shown whole as a hex dump under its size.
		{name: "binary", steps: []any{"sharedGetID", enter, "fixed.iic", enter}, want: "binary, 41 bytes"},
		// Tab completed the configuration; the tasks matching are listed.
		{name: "completion", steps: []any{"taskGetLog", enter, shows("configurations: production"), "pro", tab, enter,
			shows("tasks of production:"), "ver"}, want: "tasks of production: verify"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCommon(t)
			id := []byte("SDPMOCKID\x00\x01 fixed bytes for the golden \xff\xfe")
			if err := c.Client.SharedSaveID(c.Ctx, "fixed.iic", id); err != nil {
				t.Fatal(err)
			}
			tm := teatest.NewTestModel(t, harness{New(c)}, teatest.WithInitialTermSize(80, 24))
			for _, st := range tc.steps {
				switch st := st.(type) {
				case string:
					tm.Type(st)
				case tea.KeyMsg:
					tm.Send(st)
				case shows:
					// The names arrive in a command: Tab waits for them.
					teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(st)) },
						teatest.WithDuration(waitFor), teatest.WithCheckInterval(5*time.Millisecond))
				}
			}
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(tc.want)) },
				teatest.WithDuration(waitFor), teatest.WithCheckInterval(5*time.Millisecond))
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
			view := tm.FinalModel(t, teatest.WithFinalTimeout(waitFor)).View()
			teatest.RequireEqualOutput(t, []byte(trailing.ReplaceAllString(view+"\n", "\n")))
		})
	}
}

// A failed run offers to edit the arguments, each
// pre-filled with what was given.
func TestFailedRunEditsArgumentsKeepingThem(t *testing.T) {
	m := opened(t, newCommon(t))
	m.choose(mustLookup(t, "configGetScript"))
	typeText(m, "production")
	press(m, tea.KeyEnter)
	typeText(m, "nosuch.xml")
	drive(m, press(m, tea.KeyEnter))
	if !m.canEditArgs() || !strings.Contains(m.View(), "edits the arguments") {
		t.Fatalf("no edit offered after a failure: mode %v %+v\n%s", m.mode, m.res, m.View())
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("e")})
	if m.mode != modeArgs || m.input.Value() != "production" {
		t.Fatalf("mode %v, input %q", m.mode, m.input.Value())
	}
	press(m, tea.KeyEnter)
	if m.input.Value() != "nosuch.xml" {
		t.Fatalf("second argument %q", m.input.Value())
	}
}

// Messages have lines of their own, wrapped,
// and argument help wraps instead of being cut.
func TestMessagesAndHelpWrap(t *testing.T) {
	m := opened(t, newCommon(t))
	m.SetSize(80, 24)
	typeText(m, "zzz")
	press(m, tea.KeyEnter)
	v := m.View()
	if !strings.Contains(v, "no command or function matches \"zzz\"\n") || !strings.Contains(v, "no command or function matches: shorten the filter") {
		t.Fatalf("message glued or lost:\n%s", v)
	}
	m.backToList()
	m.choose(mustLookup(t, "configNewID"))
	for _, l := range strings.Split(m.View(), "\n") {
		if lipgloss.Width(l) > 80 {
			t.Fatalf("line wider than 80: %q", l)
		}
	}
}

// The palette's up and down come from the key map.
func TestPaletteKeysAreRebindable(t *testing.T) {
	c := newCommon(t)
	if err := c.Keys.Apply(map[string][]string{"palette_down": {"ctrl+j"}}); err != nil {
		t.Fatal(err)
	}
	m := opened(t, c)
	press(m, tea.KeyDown)
	if m.cursor != 0 {
		t.Fatal("down still moves")
	}
	press(m, tea.KeyCtrlJ)
	if m.cursor != 1 {
		t.Fatalf("ctrl+j moved to %d", m.cursor)
	}
}

// The read-only refusal never breaks --read-only across
// lines, whatever the width.
func TestReadOnlyReasonKeepsTheFlagWhole(t *testing.T) {
	c := newCommon(t)
	c.ReadOnly = true
	m := opened(t, c)
	m.choose(mustLookup(t, "configDelete"))
	for w := 30; w <= 100; w++ {
		m.SetSize(w, 24)
		v := ansi.Strip(m.View())
		if !strings.Contains(v, "--read-only") {
			t.Fatalf("width %d: the flag is broken:\n%s", w, v)
		}
		for _, l := range strings.Split(v, "\n") {
			if lipgloss.Width(l) > w {
				t.Fatalf("width %d: line %q is wider", w, l)
			}
		}
	}
}
