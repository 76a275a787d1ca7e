package rowdoc

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"dpconsole/keymap"
	"dpconsole/theme"
	"dpconsole/views/common"
)

func TestReplyKeepsOnlyTheLatestRow(t *testing.T) {
	c := &common.Common{Calls: common.NewCalls(context.Background(), nil), Keys: keymap.Default(),
		Styles: theme.NewStyles(lipgloss.NewRenderer(io.Discard), theme.Dark())}
	m := New[string](c)
	_, a := m.Start("loading a")
	_, b := m.Start("loading b")
	if !m.Loading || !m.InFlight() {
		t.Fatal("not loading after Start")
	}
	if m.Reply(a, "a", nil) {
		t.Fatal("a superseded reply was taken")
	}
	m.SetDocument("<b/>")
	if !m.Reply(b, "b", nil) || m.Loading || !m.Shows("b") || m.Shows("a") {
		t.Fatalf("after b's reply: loading %v, for %q", m.Loading, m.For)
	}
	_, c2 := m.Start("loading b again")
	if !m.Reply(c2, "b", errors.New("gone")) || m.Shows("b") || m.Document() != "" {
		t.Fatalf("a failed read left %q shown", m.Document())
	}
	m.Start("loading c")
	m.Cancel()
	if m.Loading || m.InFlight() || m.Started() != 4 {
		t.Fatalf("after Cancel: loading %v, in flight %v, started %d", m.Loading, m.InFlight(), m.Started())
	}
	m.Forget()
	if m.For != "" {
		t.Fatal("Forget kept the row")
	}
}
