package common

import (
	"context"
	"testing"
	"time"
)

func TestCalls(t *testing.T) {
	parent, quit := context.WithCancel(context.Background())
	defer quit()
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	c := NewCalls(parent, func() time.Time { return now })
	if op, _ := c.Busy(); op != "" {
		t.Fatalf("busy %q with nothing in flight", op)
	}
	poll, pollID := c.Background("polling tasks")
	if op, _ := c.Busy(); op != "" {
		t.Fatalf("a background call shows as busy: %q", op)
	}
	load, loadID := c.Begin("loading tasks")
	now = now.Add(3 * time.Second)
	save, saveID := c.Begin("saving tasks")
	now = now.Add(2 * time.Second)
	if op, since := c.Busy(); op != "saving tasks" || since != 2*time.Second {
		t.Fatalf("busy %q for %s; want the newest call, 2s", op, since)
	}
	c.End(saveID)
	c.End(saveID) // twice is harmless
	c.End(0)
	if save.Err() == nil {
		t.Fatal("End did not release the call's context")
	}
	if op, since := c.Busy(); op != "loading tasks" || since != 5*time.Second {
		t.Fatalf("after End: busy %q for %s", op, since)
	}
	if n := c.CancelAll(); n != 1 || load.Err() == nil {
		t.Fatalf("CancelAll cancelled %d calls (want 1), load err %v", n, load.Err())
	}
	if poll.Err() != nil || c.Pending() != 1 {
		t.Fatalf("CancelAll touched the background call: err %v, pending %d", poll.Err(), c.Pending())
	}
	if n := c.CancelAll(); n != 0 {
		t.Fatalf("a second CancelAll cancelled %d", n)
	}
	c.End(loadID) // the cancelled call's reply arrives later
	c.Cancel(pollID)
	if poll.Err() == nil || c.Pending() != 0 {
		t.Fatal("Cancel did not stop the background call")
	}
	_, last := c.Background("header")
	quit()
	ctx, _ := c.Begin("after quit")
	if ctx.Err() == nil {
		t.Fatal("calls do not end with the console's context")
	}
	if !IsCancelled(ctx.Err()) || IsCancelled(context.DeadlineExceeded) {
		t.Fatal("IsCancelled does not tell a cancellation from a timeout")
	}
	c.End(last)
}
