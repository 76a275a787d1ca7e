package confirm

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"dpconsole/keymap"
	"dpconsole/views/common"
	"dpconsole/views/panetest"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

func TestMain(m *testing.M) { panetest.Main(m) }

type confirmedMsg struct{}

func dialog() *Model {
	return New(panetest.AsciiStyles(), keymap.Default().Dialog, common.ConfirmMsg{
		Title: "Shut the agent down?", Body: "The agent goes offline until it is started again.",
		Action: "Shut down", OnConfirm: func() tea.Msg { return confirmedMsg{} },
	})
}

func press(m *Model, k tea.KeyMsg) tea.Cmd {
	_, cmd := m.Update(k)
	return cmd
}

var (
	enter = tea.KeyMsg{Type: tea.KeyEnter}
	esc   = tea.KeyMsg{Type: tea.KeyEsc}
	tab   = tea.KeyMsg{Type: tea.KeyTab}
	yes   = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")}
)

func TestDefaultIsCancel(t *testing.T) {
	m := dialog()
	if m.Focused() {
		t.Fatal("a new dialog focuses the action, not Cancel")
	}
	if cmd := press(m, enter); cmd != nil || m.Result() != Cancelled {
		t.Fatalf("Enter on a new dialog: result %v, command %v", m.Result(), cmd != nil)
	}
}

func TestChooseAction(t *testing.T) {
	for name, keys := range map[string][]tea.KeyMsg{
		"tab enter": {tab, enter},
		"y":         {yes},
	} {
		m := dialog()
		var cmd tea.Cmd
		for _, k := range keys {
			cmd = press(m, k)
		}
		if m.Result() != Confirmed || cmd == nil {
			t.Fatalf("%s: result %v", name, m.Result())
		}
		if _, ok := cmd().(confirmedMsg); !ok {
			t.Fatalf("%s: the command is not OnConfirm", name)
		}
	}
}

func TestEscCancels(t *testing.T) {
	m := dialog()
	press(m, tab)
	if cmd := press(m, esc); cmd != nil || m.Result() != Cancelled {
		t.Fatalf("esc: result %v", m.Result())
	}
	// An ended dialog ignores further keys.
	if cmd := press(m, yes); cmd != nil || m.Result() != Cancelled {
		t.Fatal("a cancelled dialog still confirms")
	}
}

// harness shows one dialog and quits once it ends.
type harness struct{ m *Model }

func (h harness) Init() tea.Cmd { return nil }
func (h harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		h.m.SetSize(ws.Width, ws.Height)
		return h, nil
	}
	if k, ok := msg.(tea.KeyMsg); ok && k.Type == tea.KeyCtrlC {
		return h, tea.Quit
	}
	h.m.Update(msg)
	return h, nil
}
func (h harness) View() string { return h.m.View() }

var trailing = regexp.MustCompile(`[ \t]+\n`)

func TestGoldenDialog(t *testing.T) {
	tm := teatest.NewTestModel(t, harness{dialog()}, teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("> Cancel <")) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	view := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
	teatest.RequireEqualOutput(t, []byte(trailing.ReplaceAllString(view+"\n", "\n")))
}

// The footer's help words the confirm key as the dialog's button does.
func TestHelpMatchesButton(t *testing.T) {
	m := dialog()
	h := m.ShortHelp()
	if got := h[0].Help(); got.Key != "y" || got.Desc != "shut down" {
		t.Fatalf("confirm key help = %+v, want y shut down", got)
	}
	if !strings.Contains(m.View(), "y shut down") || !strings.Contains(m.View(), "[ Shut down ]") {
		t.Fatalf("dialog:\n%s", m.View())
	}
	if got := keymap.Default().Dialog.Confirm.Help().Desc; got != "yes" {
		t.Fatalf("the key map itself changed: %q", got)
	}
}

// TestDiffDialog: a diff is shown coloured by kind and scrolls; the other
// choice sits between Cancel and the action; each button runs its own
// command, and Esc runs OnCancel.
func TestDiffDialog(t *testing.T) {
	var got string
	say := func(s string) tea.Cmd { return func() tea.Msg { got = s; return nil } }
	lines := []string{"--- host", "+++ yours", "@@ -1,30 +1,30 @@"}
	for i := range 30 {
		lines = append(lines, fmt.Sprintf("-old line %d", i), fmt.Sprintf("+new line %d", i))
	}
	ask := common.ConfirmMsg{Title: "Save tasks", Body: "This changes the tasks:", Action: "Save", Diff: strings.Join(lines, "\n"),
		Other: "Edit again", OnOther: say("other"), OnConfirm: say("save"), OnCancel: say("cancel")}
	m := New(panetest.AsciiStyles(), keymap.Default().Dialog, ask)
	m.SetSize(100, 30)
	v := m.View()
	for _, want := range []string{"> Cancel <", "[ Edit again ]", "[ Save ]", "-old line 0", "+new line 0", "lines 1–"} {
		if !strings.Contains(v, want) {
			t.Fatalf("dialog lacks %q:\n%s", want, v)
		}
	}
	m.Update(tea.KeyMsg{Type: tea.KeyPgDown})
	if v := m.View(); strings.Contains(v, "-old line 0") {
		t.Fatalf("page down did not scroll:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRight})
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if cmd(); got != "other" {
		t.Fatalf("the middle button ran %q", got)
	}
	m = New(panetest.AsciiStyles(), keymap.Default().Dialog, ask)
	_, cmd = m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if cmd(); got != "cancel" || m.Result() != Cancelled {
		t.Fatalf("esc ran %q, result %v", got, m.Result())
	}
}
