package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/msgroute"
	"dpconsole/views/common"
)

// keysOf returns the keys a fake pane got, as strings.
func keysOf(p *fakePane) []string {
	var out []string
	for _, msg := range p.got {
		if k, ok := msg.(tea.KeyMsg); ok {
			out = append(out, k.String())
		}
	}
	return out
}

// TestBurstKeysSplit: keys typed faster than one read arrive as one
// KeyMsg of several runes; each rune is its own key unless a text input
// has focus or the keys are a paste.
func TestBurstKeysSplit(t *testing.T) {
	m := loggedIn(t)
	configs := m.panes[paneConfigs].(*fakePane)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
	if got := keysOf(configs); len(got) != 3 || got[0] != "j" || got[2] != "j" {
		t.Fatalf(`"jjj" in one read: the pane got %q, want three "j"`, got)
	}
	// "2" switches pane, so the "j" after it goes to the tasks pane.
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2j")})
	tasks := m.panes[paneTasks].(*fakePane)
	if m.active != paneTasks || len(keysOf(tasks)) != 1 {
		t.Fatalf(`"2j": active pane %d, tasks got %q`, m.active, keysOf(tasks))
	}
	// A paste is text, whole.
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("abc"), Paste: true})
	if got := keysOf(tasks); len(got) != 2 || got[1] != "[abc]" {
		t.Fatalf("a paste was split: %q", got)
	}
	// A pane asking a question types what it gets.
	m.Update(keyMsg("c"))
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("xyz")})
	if got := keysOf(tasks); got[len(got)-1] != "xyz" {
		t.Fatalf("typing into a question was split: %q", got)
	}
}

// TestRepliesGoToTheViewThatAsked: what a pane's command answers goes to
// that pane only, through batches and sequences; news every view needs
// is broadcast; the editor's answer goes to the shown pane.
func TestRepliesGoToTheViewThatAsked(t *testing.T) {
	m := loggedIn(t)
	type mine struct{ n int }
	reply := func(n int) tea.Cmd { return func() tea.Msg { return mine{n} } }
	// A pane's command, then a batch of two and a sequence of two.
	for _, c := range []tea.Cmd{
		routeTo(address(paneShared), reply(1)),
		routeTo(address(paneShared), tea.Batch(reply(2), reply(3))),
		routeTo(address(paneShared), tea.Sequence(reply(4), reply(5))),
	} {
		deliverAll(t, m, c)
	}
	count := func(i int) int {
		n := 0
		for _, msg := range m.panes[i].(*fakePane).got {
			if _, ok := msg.(mine); ok {
				n++
			}
		}
		return n
	}
	if got := count(paneShared); got != 5 {
		t.Fatalf("the pane that asked got %d of its 5 replies", got)
	}
	for i := range m.panes {
		if i != paneShared && count(i) != 0 {
			t.Fatalf("pane %d got another pane's reply", i)
		}
	}
	// News for everyone.
	deliverAll(t, m, routeTo(address(paneShared), func() tea.Msg { return common.HostChangedMsg{Function: "configDelete"} }))
	for i, p := range m.panes {
		found := false
		for _, msg := range p.(*fakePane).got {
			if _, ok := msg.(common.HostChangedMsg); ok {
				found = true
			}
		}
		if !found {
			t.Fatalf("pane %d missed the host's change", i)
		}
	}
	// The editor's exit comes from the runtime, unaddressed: the shown pane.
	m.Update(fileio.EditedMsg{Changed: true})
	if got := m.panes[m.active].(*fakePane).got; len(got) == 0 {
		t.Fatal("the shown pane did not get the editor's answer")
	} else if _, ok := got[len(got)-1].(fileio.EditedMsg); !ok {
		t.Fatalf("the shown pane got %T last", got[len(got)-1])
	}
}

// deliverAll runs cmd as the runtime does (batches at once, sequences in
// order) and feeds each message to the model, recursively.
func deliverAll(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			deliverAll(t, m, c)
		}
		return
	}
	if cmds, ok := msgroute.Sequence(msg); ok {
		for _, c := range cmds {
			deliverAll(t, m, c)
		}
		return
	}
	_, next := m.Update(msg)
	deliverAll(t, m, next)
}

// draftPane is a fake pane that holds unsaved work.
type draftPane struct{ fakePane }

func (p *draftPane) Unsaved() string { return "tasks of production" }

// TestQuitAsksOverUnsavedWork: q asks before dropping a kept draft, and
// quits at once when there is none.
func TestQuitAsksOverUnsavedWork(t *testing.T) {
	m := loggedIn(t)
	if cmd := m.quit(); cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q with nothing unsaved does not quit at once")
	}
	m.panes[paneConfigs] = &draftPane{fakePane{title: "Configurations"}}
	ask, ok := m.quit()().(common.ConfirmMsg)
	if !ok || !strings.Contains(ask.Body, "tasks of production") || ask.OnConfirm() != tea.Quit() {
		t.Fatalf("q over a draft: %+v", ask)
	}
}
