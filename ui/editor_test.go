package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/theme"
	"dpconsole/views/common"
)

// TestBuiltInEditorAnswersThePaneThatAsked: a pane's common.Edit in a
// session without an external editor opens the editor over the body; it
// has every key, and its save goes back to that pane only, as the
// external editor's fileio.EditedMsg would.
func TestBuiltInEditorAnswersThePaneThatAsked(t *testing.T) {
	m := loggedIn(t)
	m.c.Caps.Editor = nil
	deliverAll(t, m, routeTo(address(paneShared), m.c.Edit(".xml", []byte("<a/>"))))
	if m.editor == nil {
		t.Fatal("no built-in editor opened")
	}
	if !strings.Contains(m.View(), "<a/>") || !strings.Contains(m.View(), "ctrl+s") {
		t.Fatalf("the editor does not show the document and its keys:\n%s", m.View())
	}
	active := m.panes[m.active].(*fakePane)
	before := len(active.got)
	m.Update(keyMsg("x")) // typed, not a pane's key nor a global one
	m.Update(keyMsg("q"))
	if len(active.got) != before || m.editor == nil {
		t.Fatal("a key went past the editor")
	}
	// Not XML any more: the first save says so and keeps the editor open.
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	if m.editor == nil || !strings.Contains(m.View(), "not an XML document") {
		t.Fatalf("an invalid document was handed back at once:\n%s", m.View())
	}
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlS}) // hand it back anyway: the pane keeps a draft
	if m.editor != nil {
		t.Fatal("the editor is still open after saving")
	}
	shared := m.panes[paneShared].(*fakePane)
	last, ok := shared.got[len(shared.got)-1].(fileio.EditedMsg)
	if !ok || !last.Changed || string(last.Data) != "xq<a/>" {
		t.Fatalf("the pane that asked got %#v", shared.got[len(shared.got)-1])
	}
	for i, p := range m.panes {
		if i == paneShared {
			continue
		}
		for _, msg := range p.(*fakePane).got {
			if _, ok := msg.(fileio.EditedMsg); ok {
				t.Fatalf("pane %d got another pane's edit", i)
			}
		}
	}

	// Esc with changes asks once, then hands back the original, unchanged.
	deliverAll(t, m, routeTo(address(paneShared), m.c.Edit(".xml", []byte("<b/>"))))
	m.Update(keyMsg("z"))
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if m.editor == nil {
		t.Fatal("esc discarded changes without asking")
	}
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	last, ok = shared.got[len(shared.got)-1].(fileio.EditedMsg)
	if m.editor != nil || !ok || last.Changed || string(last.Data) != "<b/>" {
		t.Fatalf("cancel answered %#v", shared.got[len(shared.got)-1])
	}
}

// TestLoggedInAsOpensWithoutTheLoginScreen: a session whose login was
// relayed (serve-ssh) starts in the console.
func TestLoggedInAsOpensWithoutTheLoginScreen(t *testing.T) {
	h := startHost(t)
	client, err := gateway.NewClient(gateway.Options{URL: h.URL(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Login(context.Background(), "operator", func(context.Context, int, []gateway.Prompt) ([]string, error) {
		return []string{"demo"}, nil
	}); err != nil {
		t.Fatal(err)
	}
	th, _ := theme.ByName("dark")
	m, err := New(Session{Client: client, Renderer: asciiRenderer(), Width: 100, Height: 30, Keys: keymap.Default(),
		Theme: th, LoggedInAs: "operator", Caps: common.Capabilities{}})
	if err != nil {
		t.Fatal(err)
	}
	m.Init()
	if !m.loggedIn || strings.Contains(m.View(), "Log in to") || !strings.Contains(m.View(), "operator") {
		t.Fatalf("not in the console as operator:\n%s", m.View())
	}
}
