package clock

import (
	"reflect"
	"testing"
	"time"
)

func TestFakeFiresInOrder(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewFake(start)
	var got []string
	var at []time.Duration
	rec := func(s string) func() {
		return func() { got = append(got, s); at = append(at, c.Now().Sub(start)) }
	}
	c.AfterFunc(3*time.Second, rec("c"))
	c.AfterFunc(time.Second, rec("a"))
	stopped := c.AfterFunc(2*time.Second, rec("never"))
	c.AfterFunc(2*time.Second, func() {
		rec("b")()
		c.AfterFunc(500*time.Millisecond, rec("b2")) // set while firing, due inside the window
	})
	if !stopped.Stop() || stopped.Stop() {
		t.Fatal("Stop must report true once, then false")
	}
	c.Advance(2500 * time.Millisecond)
	if want := []string{"a", "b", "b2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("fired %v, want %v", got, want)
	}
	if want := []time.Duration{time.Second, 2 * time.Second, 2500 * time.Millisecond}; !reflect.DeepEqual(at, want) {
		t.Fatalf("fired at %v, want %v", at, want)
	}
	if c.Pending() != 1 || c.Now().Sub(start) != 2500*time.Millisecond {
		t.Fatalf("pending %d now %v", c.Pending(), c.Now())
	}
	c.Advance(time.Second)
	if got[len(got)-1] != "c" || c.Pending() != 0 {
		t.Fatalf("fired %v", got)
	}
}

func TestRealClock(t *testing.T) {
	var c Clock = RealClock{}
	done := make(chan struct{})
	c.AfterFunc(0, func() { close(done) })
	<-done
	if c.Now().IsZero() {
		t.Fatal("zero time")
	}
}
