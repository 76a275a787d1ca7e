package confirm

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dpconsole/keymap"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
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

// TestDiffDialogKeepsTheBodyInSight: the save dialog's body says what the
// change does and warns ("every run will fail"); it stays above the diff
// while the diff opens on its first change and scrolls. A body too tall
// to pin scrolls with the diff, and the dialog opens on its first line.
func TestDiffDialogKeepsTheBodyInSight(t *testing.T) {
	lines := []string{"--- host", "+++ yours", "@@ -1,60 +1,61 @@"}
	for i := range 40 {
		lines = append(lines, fmt.Sprintf(" same line %d", i))
	}
	lines = append(lines, "+new line")
	for i := range 20 {
		lines = append(lines, fmt.Sprintf(" after line %d", i))
	}
	const warning = "export-partners: warning: ID partners.iic is neither in production nor in the shared area: every run will fail"
	ask := common.ConfirmMsg{Title: "Save tasks of production", Body: "This changes tasks of production on the host:\n\n" + warning,
		Action: "Save", Diff: strings.Join(lines, "\n")}
	m := New(panetest.AsciiStyles(), keymap.Default().Dialog, ask)
	m.SetSize(100, 30)
	v := m.View()
	for _, want := range []string{"This changes tasks of production on the host:", "every run will fail", "+new line", "[ Save ]"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the dialog as it opens lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "same line 0\n") || strings.Contains(v, "--- host") {
		t.Fatalf("the diff did not open on its change:\n%s", v)
	}
	for range 3 {
		m.Update(tea.KeyMsg{Type: tea.KeyPgDown})
	}
	if v := m.View(); !strings.Contains(v, "This changes tasks of production") || !strings.Contains(v, "after line 19") {
		t.Fatalf("scrolled to the end, the body or the end is out of sight:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyHome})
	for range 10 {
		m.Update(tea.KeyMsg{Type: tea.KeyPgUp})
	}
	if v := m.View(); !strings.Contains(v, "--- host") || !strings.Contains(v, "every run will fail") {
		t.Fatalf("scrolled to the top:\n%s", v)
	}

	// Twenty warnings take over half the room: all of it scrolls, from
	// the top.
	var many []string
	for i := range 20 {
		many = append(many, fmt.Sprintf("task-%d: warning: script s%d.xml is missing", i, i))
	}
	ask.Body = "This changes tasks of production on the host:\n\n" + strings.Join(many, "\n")
	m = New(panetest.AsciiStyles(), keymap.Default().Dialog, ask)
	m.SetSize(100, 30)
	if v := m.View(); !strings.Contains(v, "This changes tasks of production") || !strings.Contains(v, "task-0: warning") || strings.Contains(v, "+new line") {
		t.Fatalf("a tall body:\n%s", v)
	}
	for range 10 {
		m.Update(tea.KeyMsg{Type: tea.KeyPgDown})
	}
	if v := m.View(); !strings.Contains(v, "after line 19") || strings.Contains(v, "This changes tasks") {
		t.Fatalf("a tall body scrolls with the diff:\n%s", v)
	}
	if lines := strings.Split(m.View(), "\n"); len(lines) > 30 {
		t.Fatalf("the dialog is %d lines high", len(lines))
	}
}

// TestReportHasOneButton: a read-only report (the validation of a
// configuration's tasks) offers one button, not a Cancel and an OK that
// mean the same, and Enter, Esc or y closes it.
func TestReportHasOneButton(t *testing.T) {
	for _, k := range []tea.KeyMsg{enter, esc, yes} {
		closed := 0
		m := New(panetest.AsciiStyles(), keymap.Default().Dialog, common.ConfirmMsg{
			Title: "Validation of the tasks of production", Body: "6 tasks: 1 error, 0 warnings.\n\nexport-partners: error: no schedule",
			Action: "OK", Report: true, OnConfirm: func() tea.Msg { closed++; return nil }})
		m.SetSize(80, 24)
		v := m.View()
		if strings.Contains(v, "Cancel") || strings.Count(v, "OK") != 1 || !strings.Contains(v, "> OK <") || !strings.Contains(v, "enter/n/esc close") {
			t.Fatalf("report dialog:\n%s", v)
		}
		for _, b := range m.ShortHelp() {
			if d := b.Help().Desc; d != "close" {
				t.Errorf("the footer offers %q for a report", d)
			}
		}
		if cmd := press(m, k); cmd == nil || m.Result() == Open {
			t.Fatalf("%s left the report open", k)
		} else {
			cmd()
		}
		if closed != 1 {
			t.Fatalf("%s: OnConfirm ran %d times", k, closed)
		}
	}
}

// TestSaveDialogAt80x24OpensOnTheChange: at 80x24 the console gives a
// dialog 19 rows (the header takes 3, the footer 2). The save dialog's
// body and its warning stay in sight and the diff opens on its first
// changed line, with the line above it, not on the --- / +++ / @@ lines.
func TestSaveDialogAt80x24OpensOnTheChange(t *testing.T) {
	const warning = "export-partners: warning: ID partners.iic is neither in production nor in the shared area: every run will fail"
	body := "This changes tasks of production on the host:\n\n" + warning
	small := strings.Join([]string{"--- host", "+++ yours", "@@ -42,3 +42,4 @@",
		`    <Action type="export" source="/data/protected" target="/data/out"/>`, "  </Task>", "</Tasks>",
		"+<!-- reviewed by r4 -->"}, "\n")
	var long []string
	long = append(long, "--- host", "+++ yours", "@@ -1,40 +1,41 @@")
	for i := range 20 {
		long = append(long, fmt.Sprintf(" before %d", i))
	}
	long = append(long, "-old line", "+new line")
	for i := range 20 {
		long = append(long, fmt.Sprintf(" after %d", i))
	}
	for _, tc := range []struct {
		name, diff, change, above string
	}{
		{"appended line", small, "+<!-- reviewed by r4 -->", "</Tasks>"},
		{"change inside a long hunk", strings.Join(long, "\n"), "-old line", " before 19"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := New(panetest.AsciiStyles(), keymap.Default().Dialog, common.ConfirmMsg{
				Title: "Save tasks of production", Body: body, Action: "Save", Diff: tc.diff})
			m.SetSize(80, 19)
			v := m.View()
			if n := strings.Count(v, "\n") + 1; n > 19 {
				t.Errorf("the dialog is %d rows high for 19", n)
			}
			for _, want := range []string{"This changes tasks of production", "every run will fail", tc.above, tc.change, "[ Save ]"} {
				if !strings.Contains(v, want) {
					t.Errorf("the dialog as it opens lacks %q:\n%s", want, v)
				}
			}
			// Scrolling the diff keeps the warning in sight.
			for range 30 {
				m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")})
			}
			if v := m.View(); !strings.Contains(v, "every run will fail") {
				t.Errorf("scrolled down, the warning is gone:\n%s", v)
			}
		})
	}
}
