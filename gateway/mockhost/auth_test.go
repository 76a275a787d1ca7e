package mockhost

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"dpconsole/gateway"
)

// round sends one hostOpenSession round as the spec shows it.
func round(t *testing.T, c *gateway.Client, user string, ans ...string) *gateway.Response {
	t.Helper()
	args := []gateway.Arg{gateway.Text(user)}
	for i, a := range ans {
		args = append(args, gateway.Named("prompt-"+string(rune('1'+i)), a))
	}
	return do(t, c, &gateway.Request{Function: "hostOpenSession", Args: args})
}

func wantPrompts(t *testing.T, what string, r *gateway.Response, want ...string) {
	t.Helper()
	if r.Status != gateway.StatusChallenged || r.Message != "Challenged" {
		t.Fatalf("%s: status %d %q, want 2 Challenged", what, r.Status, r.Message)
	}
	if len(r.Results) != len(want)/2 {
		t.Fatalf("%s: %d prompts, want %d", what, len(r.Results), len(want)/2)
	}
	for i := range r.Results {
		if r.Results[i].Name != want[2*i] || string(r.Results[i].Value) != want[2*i+1] {
			t.Errorf("%s: prompt %d is %s=%q, want %s=%q", what, i, r.Results[i].Name, r.Results[i].Value, want[2*i], want[2*i+1])
		}
	}
}

var sessionID = regexp.MustCompile(`^[0-9a-f]{64}$`)

func wantSession(t *testing.T, what string, r *gateway.Response) string {
	t.Helper()
	if r.Status != gateway.StatusOK || len(r.Results) != 1 || !sessionID.Match(r.Results[0].Value) {
		t.Fatalf("%s: status %d %q results %v, want 1 and a 256-bit hex session id", what, r.Status, r.Message, r.Results)
	}
	return string(r.Results[0].Value)
}

func TestLoginRounds(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	c := h.client(t)
	wantPrompts(t, "operator round 1", round(t, c, "operator"), "prompt-1", "Password:")
	s1 := wantSession(t, "operator round 2", round(t, c, "operator", "demo"))
	wantPrompts(t, "admin round 1", round(t, c, "admin"), "prompt-1", "Password:")
	wantPrompts(t, "admin round 2", round(t, c, "admin", "demo"), "prompt-2", "One-time code:")
	s2 := wantSession(t, "admin round 3", round(t, c, "admin", "demo", "424242"))
	if s1 == s2 {
		t.Error("two logins got the same session id")
	}
	wantResp(t, "operator wrong password", round(t, c, "operator", "nope"), gateway.StatusDenied, "Denied")
	wantResp(t, "admin wrong code", round(t, c, "admin", "demo", "000000"), gateway.StatusDenied, "Denied")
	wantResp(t, "admin wrong password, right code", round(t, c, "admin", "nope", "424242"), gateway.StatusDenied, "Denied")
	wantResp(t, "operator extra answer", round(t, c, "operator", "demo", "more"), gateway.StatusDenied, "Denied")
	wantResp(t, "empty user", round(t, c, ""), gateway.StatusInvalid, "client-user")
	wantResp(t, "no user", do(t, c, &gateway.Request{Function: "hostOpenSession"}), gateway.StatusInvalid, "at least 1")

	// The project's login driver gets through both rounds.
	id, err := c.Login(context.Background(), "admin", answers("demo", "424242"))
	ok(t, "client login", err)
	if c.Session() != id {
		t.Error("the client did not keep its session")
	}
	_, err = c.AgentGetStatus(context.Background())
	ok(t, "call after login", err)
}

func TestUnknownUserIsChallengedLikeAKnownOne(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	c := h.client(t)
	known, unknown := round(t, c, "operator"), round(t, c, "mallory")
	wantPrompts(t, "unknown round 1", unknown, "prompt-1", "Password:")
	if known.Message != unknown.Message || len(known.Results) != len(unknown.Results) {
		t.Errorf("unknown user answered differently: %+v vs %+v", unknown, known)
	}
	knownDenied, unknownDenied := round(t, c, "operator", "x"), round(t, c, "mallory", "demo")
	wantResp(t, "unknown round 2", unknownDenied, gateway.StatusDenied)
	if knownDenied.Message != unknownDenied.Message {
		t.Errorf("denials differ: %q vs %q", unknownDenied.Message, knownDenied.Message)
	}
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	c := h.client(t)
	for i := 0; i < 5; i++ {
		wantResp(t, "failure", round(t, c, "operator", "wrong"), gateway.StatusDenied, "Denied")
	}
	wantResp(t, "locked, right password", round(t, c, "operator", "demo"), gateway.StatusDenied, "locked out")
	wantResp(t, "locked, round 1", round(t, c, "operator"), gateway.StatusDenied, "locked out")
	wantSession(t, "another user is not locked", round(t, c, "admin", "demo", "424242"))
	h.clock.Advance(14 * time.Minute)
	wantResp(t, "still locked", round(t, c, "operator", "demo"), gateway.StatusDenied, "locked out")
	h.clock.Advance(time.Minute)
	wantSession(t, "after 15 minutes", round(t, c, "operator", "demo"))

	// Unknown users lock the same way, so lockouts reveal nothing.
	for i := 0; i < 5; i++ {
		round(t, c, "mallory", "guess")
	}
	wantResp(t, "unknown user locked", round(t, c, "mallory", "guess"), gateway.StatusDenied, "locked out")

	// Failures older than the window do not count.
	for i := 0; i < 4; i++ {
		round(t, c, "admin", "demo", "bad")
	}
	h.clock.Advance(16 * time.Minute)
	for i := 0; i < 4; i++ {
		round(t, c, "admin", "bad")
	}
	wantSession(t, "4+4 failures across windows", round(t, c, "admin", "demo", "424242"))
}

func TestLockoutIsConfigurable(t *testing.T) {
	h := startHost(t, Config{Empty: true, Lockout: LockoutPolicy{Failures: 2, Window: time.Minute, Duration: time.Hour}})
	c := h.client(t)
	round(t, c, "operator", "a")
	round(t, c, "operator", "b")
	wantResp(t, "locked after 2", round(t, c, "operator", "demo"), gateway.StatusDenied, "locked out")
	h.clock.Advance(59 * time.Minute)
	wantResp(t, "locked for an hour", round(t, c, "operator", "demo"), gateway.StatusDenied, "locked out")
	h.clock.Advance(time.Minute)
	wantSession(t, "unlocked", round(t, c, "operator", "demo"))
}

func TestSessionsMissingBogusClosedExpired(t *testing.T) {
	h := startHost(t, Config{Empty: true, SessionIdle: 10 * time.Minute})
	c := h.login(t)
	closed := h.login(t)
	closedID := closed.Session()
	ok(t, "close", closed.HostCloseSession(context.Background()))
	expiring := h.login(t)

	// A session lives while it is used within the idle time.
	for i := 0; i < 2; i++ {
		h.clock.Advance(9 * time.Minute)
		_, err := expiring.AgentGetStatus(context.Background())
		ok(t, "used within the idle time", err)
	}
	_, err := c.AgentGetStatus(context.Background())
	wantStatus(t, "idle 18m", err, gateway.StatusDenied, "expired", "10m0s")
	h.clock.Advance(10 * time.Minute)
	expiredID := expiring.Session()
	c = h.login(t)

	sessions := []struct{ name, id, want string }{
		{"missing", "", "no session"},
		{"bogus", strings.Repeat("ab", 32), "unknown"},
		{"closed", closedID, "closed"},
		{"expired", expiredID, "expired"},
	}
	for _, f := range gateway.Functions() {
		if f.Session == gateway.SessionNone {
			continue
		}
		min, _ := f.ArgCount()
		for _, s := range sessions {
			r := do(t, c, &gateway.Request{Session: s.id, Function: f.Name, Args: fill(f, s.id, min)})
			wantResp(t, f.Name+" with a "+s.name+" session", r, gateway.StatusDenied, s.want)
		}
	}
	// agentAlter and hostCloseSession take the session from their first
	// argument: a good <Session> does not stand in for a bad argument.
	r := do(t, c, &gateway.Request{Session: c.Session(), Function: "agentAlter", Args: []gateway.Arg{gateway.Text("bogus"), gateway.Text("Enable")}})
	wantResp(t, "agentAlter with a bogus first argument", r, gateway.StatusDenied, "unknown")
	r = do(t, c, &gateway.Request{Function: "agentAlter", Args: []gateway.Arg{gateway.Text(c.Session()), gateway.Text("Enable")}})
	wantResp(t, "agentAlter with the session as first argument only", r, gateway.StatusOK)
	r = do(t, c, &gateway.Request{Function: "hostCloseSession", Args: []gateway.Arg{gateway.Text(c.Session())}})
	wantResp(t, "hostCloseSession by argument", r, gateway.StatusOK)
	_, err = c.ConfigGetList(context.Background())
	wantStatus(t, "after close", err, gateway.StatusDenied, "closed")
}

func TestUsersFileAddsUsers(t *testing.T) {
	pw, _ := bcrypt.GenerateFromPassword([]byte("alice-pw"), bcrypt.MinCost)
	pin, _ := bcrypt.GenerateFromPassword([]byte("1234"), bcrypt.MinCost)
	path := filepath.Join(t.TempDir(), "users.yaml")
	doc := "users:\n  - name: alice\n    password_hash: \"" + string(pw) + "\"\n    prompts:\n      - prompt: \"PIN:\"\n        answer_hash: \"" + string(pin) + "\"\n"
	ok(t, "write", os.WriteFile(path, []byte(doc), 0o600))
	h := startHost(t, Config{Empty: true, UsersFile: path})
	c := h.client(t)
	wantPrompts(t, "alice round 2", round(t, c, "alice", "alice-pw"), "prompt-2", "PIN:")
	wantSession(t, "alice round 3", round(t, c, "alice", "alice-pw", "1234"))
	wantSession(t, "demo users stay", round(t, c, "operator", "demo"))
	wantResp(t, "alice wrong PIN", round(t, c, "alice", "alice-pw", "9999"), gateway.StatusDenied)
}

func TestUsersFileErrors(t *testing.T) {
	good, _ := bcrypt.GenerateFromPassword([]byte("x"), bcrypt.MinCost)
	cases := []struct{ name, doc, want string }{
		{"unknown field", "users:\n  - name: a\n    password: x\n", "password"},
		{"no hash", "users:\n  - name: a\n", "password_hash is missing"},
		{"not bcrypt", "users:\n  - name: a\n    password_hash: plain\n", "not a bcrypt hash"},
		{"no name", "users:\n  - password_hash: \"" + string(good) + "\"\n", "name must be non-empty"},
		{"twice", "users:\n  - {name: a, password_hash: \"" + string(good) + "\"}\n  - {name: a, password_hash: \"" + string(good) + "\"}\n", "twice"},
		{"empty prompt", "users:\n  - name: a\n    password_hash: \"" + string(good) + "\"\n    prompts: [{prompt: \"\", answer_hash: \"" + string(good) + "\"}]\n", "prompt text is empty"},
		{"not YAML", "users: [", "not a valid users document"},
	}
	for _, c := range cases {
		_, err := ParseUsers([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to mention %q", c.name, err, c.want)
		}
	}
	if _, err := LoadUsers(filepath.Join(t.TempDir(), "none.yaml")); err == nil || !strings.Contains(err.Error(), "users file") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Start(Config{Empty: true, DataDir: t.TempDir(), UsersFile: "/nonexistent/users.yaml"}); err == nil {
		t.Error("Start accepted a missing users file")
	}
}
