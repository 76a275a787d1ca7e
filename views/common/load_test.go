package common

import (
	"context"
	"testing"
)

func TestLoadDropsStaleReplies(t *testing.T) {
	c := NewCalls(context.Background(), nil)
	l := NewLoad(c)
	if l.InFlight() || l.Owns(0) {
		t.Fatal("a new load has a call in flight")
	}
	first, old := l.Start("loading", false)
	_, latest := l.Start("loading again", false)
	if first.Err() == nil {
		t.Fatal("a new Start did not cancel the call in flight")
	}
	if op, _ := c.Busy(); op != "loading again" {
		t.Fatalf("busy %q", op)
	}
	if l.Owns(old) {
		t.Fatal("a superseded reply was owned")
	}
	if !l.InFlight() || !l.Owns(latest) || l.InFlight() || c.Pending() != 0 {
		t.Fatalf("the latest reply: in flight %v, pending %d", l.InFlight(), c.Pending())
	}
	if l.Owns(latest) {
		t.Fatal("a reply was owned twice")
	}

	ctx, poll := l.Start("polling", true)
	if op, _ := c.Busy(); op != "" {
		t.Fatalf("a background load shows as busy: %q", op)
	}
	l.Cancel()
	if ctx.Err() == nil || l.InFlight() || l.Owns(poll) {
		t.Fatal("Cancel left the call's reply owned")
	}
	if l.Started() != 3 {
		t.Fatalf("started %d, want 3", l.Started())
	}
}
