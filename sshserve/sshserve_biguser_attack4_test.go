package sshserve

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"dpconsole/gateway/mockhost"
)

type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) Len() int { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Len() }

// TestBigUserAttack4: an unauthenticated client picks the SSH user name;
// one of 200 KiB must not be written whole to the audit log (and the
// server log) on every refused attempt: 30 connections a minute of 6
// attempts would write tens of megabytes a minute per address.
func TestBigUserAttack4(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	audit, logged := &lockedBuf{}, &lockedBuf{}
	s := testServer(t, host, func(c *Config) {
		c.Audit = NewAudit(audit, nil)
		c.Logf = func(f string, a ...any) {
			logged.Write([]byte(f))
			for _, x := range a {
				if s, ok := x.(string); ok {
					logged.Write([]byte(s))
				}
			}
		}
	})
	user := strings.Repeat("u", 200<<10)
	log := &kiLog{}
	if c, err := dial(t, s, user, answering(log, "wrong")); err == nil {
		c.Close()
		t.Fatal("logged in")
	}
	if n := audit.Len(); n > 16<<10 {
		t.Fatalf("one refused attempt wrote %d bytes to the audit log", n)
	}
	if n := logged.Len(); n > 16<<10 {
		t.Fatalf("one refused attempt wrote %d bytes to the server log", n)
	}
}
