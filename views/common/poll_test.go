package common

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

type testTick struct{ gen uint64 }

func TestPollStopsWhileHiddenAndAfterCancel(t *testing.T) {
	c := NewCalls(context.Background(), nil)
	p := NewPoll(c)
	fetches := 0
	var id uint64
	fetch := func(foreground bool) tea.Cmd {
		fetches++
		_, id = p.Start("polling", !foreground)
		return func() tea.Msg { return nil }
	}
	if p.Restart(true, fetch) == nil || fetches != 1 || !p.InFlight() {
		t.Fatal("a shown poll did not fetch on Restart")
	}
	gen := p.Gen()
	if !p.Reply(id, gen, nil) || p.Next(gen, 1, func(g uint64) tea.Msg { return testTick{g} }) == nil {
		t.Fatal("the current reply was dropped or did not re-arm")
	}
	if !p.Due(gen) {
		t.Fatal("the current tick is not due")
	}

	p.Deactivate()
	if p.Due(gen) || p.Next(gen, 1, func(g uint64) tea.Msg { return testTick{g} }) != nil {
		t.Fatal("a hidden poll still ticks")
	}
	if p.Restart(false, fetch) != nil || fetches != 1 {
		t.Fatal("a hidden poll fetched")
	}
	if p.Activate(true, fetch) == nil || fetches != 2 || p.Activate(true, fetch) != nil {
		t.Fatal("Activate fetches once when the pane is shown")
	}

	if p.Reply(id, p.Gen(), context.Canceled) || !p.Cancelled() || p.Due(p.Gen()) {
		t.Fatal("a cancelled fetch did not pause the poll")
	}
	p.Restart(false, fetch)
	if p.Cancelled() || fetches != 3 {
		t.Fatal("Restart did not resume a paused poll")
	}
	if p.Reply(id, p.Gen()-1, nil) {
		t.Fatal("a reply of an older generation was taken")
	}
}
