// Package testkit holds what the tests of several packages need alike: a
// host that never answers and a buffer several goroutines may write to.
// Only tests import it.
package testkit

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// HungHost serves a gateway whose handler never answers (a stopped host)
// until the request is given up or the test ends, and returns its URL.
func HungHost(t testing.TB) string {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first: the handlers return, then Close
	return srv.URL
}

// SyncBuffer is a bytes.Buffer safe for concurrent writers (a host's or a
// server's goroutines) while a test reads it.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
