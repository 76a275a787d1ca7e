package mockhost

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost/clock"
)

// DefaultSessionIdle is how long an unused session lives (docs/protocol.md §4).
const DefaultSessionIdle = 30 * time.Minute

// tombstoneKeep is how long an ended session is remembered, so a caller is
// told "closed" or "expired" rather than "unknown".
const tombstoneKeep = 24 * time.Hour

// Sessions holds the granted sessions. Ids are 256 random bits; the table is
// keyed by their SHA-256, so a lookup never compares the secret itself
// byte by byte and its timing says nothing about other sessions.
type Sessions struct {
	clock clock.Clock
	idle  time.Duration

	mu sync.Mutex
	m  map[[32]byte]*session
}

type session struct {
	user    string
	last    time.Time
	ended   string // "", "closed" or "expired"
	endedAt time.Time
}

// NewSessions returns an empty table whose sessions expire after idle
// (DefaultSessionIdle when zero) as told by clk (real time when nil).
func NewSessions(clk clock.Clock, idle time.Duration) *Sessions {
	if idle <= 0 {
		idle = DefaultSessionIdle
	}
	if clk == nil {
		clk = clock.RealClock{}
	}
	return &Sessions{clock: clk, idle: idle, m: map[[32]byte]*session{}}
}

// New grants a session to user and returns its id.
func (s *Sessions) New(user string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("making a session id: %w", err)
	}
	id := hex.EncodeToString(raw)
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	s.sweepLocked(now)
	s.m[sha256.Sum256([]byte(id))] = &session{user: user, last: now}
	return id, nil
}

// Check validates id and marks it used. It fails with status 3 and a message
// saying whether the session is missing, unknown, closed or expired.
func (s *Sessions) Check(function, id string) error {
	_, err := s.use(function, id)
	return err
}

// Close ends the session id; it fails like Check when id is not live.
func (s *Sessions) Close(function, id string) error {
	se, err := s.use(function, id)
	if err != nil {
		return err
	}
	s.mu.Lock()
	se.ended, se.endedAt = "closed", s.clock.Now()
	s.mu.Unlock()
	return nil
}

// Len returns the number of live sessions.
func (s *Sessions) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	now := s.clock.Now()
	for _, se := range s.m {
		if se.ended == "" && now.Sub(se.last) < s.idle {
			n++
		}
	}
	return n
}

func (s *Sessions) use(function, id string) (*session, error) {
	deny := func(msg string) error {
		return &gateway.Error{Function: function, Status: gateway.StatusDenied, Message: msg}
	}
	if id == "" {
		return nil, deny("no session: log in with hostOpenSession first")
	}
	key := sha256.Sum256([]byte(id))
	s.mu.Lock()
	defer s.mu.Unlock()
	se := s.m[key]
	if se == nil {
		return nil, deny("unknown session: log in again with hostOpenSession")
	}
	now := s.clock.Now()
	if se.ended == "" && now.Sub(se.last) >= s.idle {
		se.ended, se.endedAt = "expired", se.last.Add(s.idle)
	}
	switch se.ended {
	case "closed":
		return nil, deny("session was closed: log in again with hostOpenSession")
	case "expired":
		return nil, deny(fmt.Sprintf("session expired after %s idle: log in again with hostOpenSession", s.idle))
	}
	se.last = now
	return se, nil
}

// sweepLocked expires idle sessions and forgets long-ended ones, so the
// table does not grow with every login.
func (s *Sessions) sweepLocked(now time.Time) {
	for k, se := range s.m {
		if se.ended == "" && now.Sub(se.last) >= s.idle {
			se.ended, se.endedAt = "expired", se.last.Add(s.idle)
		}
		if se.ended != "" && now.Sub(se.endedAt) >= tombstoneKeep {
			delete(s.m, k)
		}
	}
}
