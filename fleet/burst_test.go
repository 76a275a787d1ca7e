package fleet

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/msgroute"
	"dpconsole/views/common"
)

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// TestFleetPaneTakesKeyBursts: keys typed faster than one read arrive as
// one KeyMsg ("jj", as tmux send-keys j j gives); the Fleet pane acts on
// each, as the consoles do, so j j Enter opens the third gateway. A burst
// into the filter stays text, and "/b" opens the filter and types b.
func TestFleetPaneTakesKeyBursts(t *testing.T) {
	hosts := []Host{{Name: "a", URL: "http://127.0.0.1:1/api"}, {Name: "b", URL: "http://127.0.0.1:1/api"},
		{Name: "c", URL: "http://127.0.0.1:1/api"}, {Name: "d", URL: "http://127.0.0.1:1/api"}}
	m, err := New(testOptions(hosts, &fakeTick{}))
	if err != nil {
		t.Fatal(err)
	}
	m.Update(runes("jj"))
	if got := m.pane.selected(); got != 2 {
		t.Fatalf("after the burst jj the cursor is on row %d, want 2", got)
	}
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	got := cmd()
	if r, ok := got.(msgroute.Reply[string]); ok {
		got = r.Msg
	}
	if msg, _ := got.(common.GatewayMsg); msg.Name != "c" {
		t.Fatalf("j j Enter opens %q, want c", msg.Name)
	}
	m.Update(runes("k"))
	m.Update(runes("/b"))
	if f := m.pane.table.Filter(); !f.Typing || f.Query != "b" {
		t.Fatalf("the burst /b: filter %+v, want b typed", f)
	}
	m.Update(runes("jj")) // text now
	if f := m.pane.table.Filter(); f.Query != "bjj" {
		t.Fatalf("a burst into the filter: query %q, want bjj", f.Query)
	}
}
