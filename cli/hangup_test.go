//go:build unix

package cli

import (
	"syscall"
	"testing"
	"time"
)

// chanQuitter records Quit on a channel.
type chanQuitter chan struct{}

func (q chanQuitter) Quit() { close(q) }

// TestHangupQuits: SIGHUP quits the program (so Run's cleanup runs)
// instead of killing the process.
func TestHangupQuits(t *testing.T) {
	q := make(chanQuitter)
	stop := quitOnHangup(q)
	defer stop()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	select {
	case <-q:
	case <-time.After(10 * time.Second):
		t.Fatal("SIGHUP did not quit the program")
	}
}
