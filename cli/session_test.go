package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"dpconsole/gateway/mockhost"
)

func TestCallUnansweredPromptWithoutTerminal(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	got := r.run("call", "--gateway", h.url(), "--user", "admin", "--answer", "prompt-1=demo", "configGetList")
	want := `prompt-2 ("One-time code:") has no answer: pass --answer prompt-2=VALUE`
	if got.code != 1 || !strings.Contains(got.stderr, want) {
		t.Errorf("got %+v, want exit 1 and %q", got, want)
	}
	if strings.Contains(got.stderr, "demo") {
		t.Errorf("an answer reached stderr: %q", got.stderr)
	}
}

func TestCallAsksTheTerminalAndClosesItsSession(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	tty := &fakeTerminal{answers: map[string]string{"One-time code:": "424242"}}
	r.tty = tty
	r.env["DPCONSOLE_USER"] = "admin"
	r.env["DPCONSOLE_GATEWAY"] = h.url()
	got := r.run("call", "--answer", "prompt-1=demo", "configGetList")
	if got.code != 0 {
		t.Fatalf("%+v", got)
	}
	if strings.Join(tty.asked, "|") != "One-time code:" {
		t.Errorf("terminal asked %q, want only the unanswered prompt", tty.asked)
	}
	if strings.Contains(got.stdout+got.stderr, "424242") || sessionID.MatchString(got.stdout+got.stderr) {
		t.Errorf("a secret was printed: %+v", got)
	}
	// Challenged twice, granted, the call in the new session, then closed.
	calls := strings.Join(h.calls(t), ",")
	if calls != "hostOpenSession 2,hostOpenSession 2,hostOpenSession 1,configGetList 1,hostCloseSession 1" {
		t.Errorf("host saw %s", calls)
	}
	if n := h.Auth().Sessions.Len(); n != 0 {
		t.Errorf("%d sessions left open", n)
	}
}

// sessionID matches the mock host's session ids (256 bits in hex).
var sessionID = regexp.MustCompile(`[0-9a-f]{64}`)

func TestLoginKeepsTheSessionAndLogoutRemovesIt(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	path := filepath.Join(r.env["DPCONSOLE_STATE_DIR"], "session.json")
	got := r.run("login", "--gateway", h.url(), "--user", "operator", "--answer", "prompt-1=demo")
	if got.code != 0 || !strings.Contains(got.stdout, "logged in to "+h.url()+" as operator") {
		t.Fatalf("login: %+v", got)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("session file mode %v, want 0600", fi.Mode().Perm())
	}
	var saved savedSession
	data, _ := os.ReadFile(path)
	if err := json.Unmarshal(data, &saved); err != nil || saved.Gateway != h.url() || saved.User != "operator" || h.liveSession(saved.Session) != nil {
		t.Fatalf("saved %+v, %v", saved, err)
	}
	if strings.Contains(got.stdout+got.stderr, saved.Session) {
		t.Errorf("login printed the session id: %+v", got)
	}
	// Later calls reuse it, with or without --gateway.
	if got := r.run("call", "configGetList"); got.code != 0 {
		t.Fatalf("reuse: %+v", got)
	}
	// A trailing slash still picks the kept session (without it the call
	// would stop at "needs a session"), but the URL is sent as given, and
	// the host serves only /api: 404.
	if got := r.run("call", "--gateway", h.url()+"/", "configGetList"); got.code != 1 || !strings.Contains(got.stderr, "HTTP 404") || strings.Contains(got.stderr, "needs a session") {
		t.Fatalf("reuse with a trailing slash: %+v", got)
	}
	if n := h.Auth().Sessions.Len(); n != 1 {
		t.Errorf("the host holds %d sessions, want only the kept one", n)
	}
	// --session beats the kept one: the host does not know "other".
	if got := r.run("call", "--session", "other", "configGetList"); got.code != 2 || !strings.Contains(got.stderr, "unknown session") {
		t.Errorf("--session: %+v", got)
	}
	if got := r.run("logout"); got.code != 0 || got.stdout != "logged out\n" {
		t.Fatalf("logout: %+v", got)
	}
	if err := h.liveSession(saved.Session); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("after logout the kept session is %v, want closed", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("session file still there: %v", err)
	}
	if got := r.run("logout"); got.code != 0 || !strings.Contains(got.stdout, "not logged in") {
		t.Errorf("second logout: %+v", got)
	}
	// With no session left, a call says how to get one.
	if got := r.run("call", "--gateway", h.url(), "configGetList"); got.code != 1 || !strings.Contains(got.stderr, "dpconsole login") {
		t.Errorf("no session: %+v", got)
	}
	// One login (challenged, granted), every call in the kept session, one
	// close; the second logout and the last call never reached the host.
	calls := strings.Join(h.calls(t), ",")
	if want := "hostOpenSession 2,hostOpenSession 1,configGetList 1,configGetList 3,hostCloseSession 1"; calls != want {
		t.Errorf("host saw %s\nwant      %s", calls, want)
	}
}

func TestKeptSessionIsOnlyUsedForItsGateway(t *testing.T) {
	h1, h2 := startHost(t), startHost(t)
	r := newRunner(t)
	r.login(h1)
	if got := r.run("call", "--gateway", h2.url(), "configGetList"); got.code != 1 || !strings.Contains(got.stderr, "needs a session") {
		t.Errorf("%+v", got)
	}
	if calls := h2.calls(t); len(calls) != 0 {
		t.Errorf("the other gateway received %q", calls)
	}
}

func TestExpiredKeptSessionHints(t *testing.T) {
	h := startHostWith(t, mockhost.Config{SessionIdle: time.Minute})
	r := newRunner(t)
	r.login(h)
	h.clock.Advance(2 * time.Minute) // the kept session expires on the host
	got := r.run("call", "configGetList")
	if got.code != 2 || !strings.Contains(got.stderr, "status 3") || !strings.Contains(got.stderr, "expired") || !strings.Contains(got.stderr, "dpconsole login") {
		t.Errorf("%+v", got)
	}
	got = r.run("logout")
	if got.code != 0 || got.stdout != "logged out (the host had already ended the session)\n" || got.stderr != "" {
		t.Errorf("logout of an expired session: %+v", got)
	}
}

func TestLoginFailures(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	path := filepath.Join(r.env["DPCONSOLE_STATE_DIR"], "session.json")
	if got := r.run("login", "--gateway", h.url(), "--user", "operator", "--answer", "prompt-1=wrong"); got.code != 2 || !strings.Contains(got.stderr, "status 3") || !strings.Contains(got.stderr, "hint: the login was refused: a wrong user name or answer") {
		t.Errorf("denied: %+v", got)
	}
	if got := r.run("login", "--gateway", h.url()); got.code != 1 || !strings.Contains(got.stderr, "no user") {
		t.Errorf("no user: %+v", got)
	}
	if got := r.run("login", "--gateway", h.url(), "--user", "operator"); got.code != 1 || !strings.Contains(got.stderr, "prompt-1 (\"Password:\") has no answer") {
		t.Errorf("no answer: %+v", got)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a failed login left %s", path)
	}
	// A damaged state file is reported, and --forget clears it.
	os.WriteFile(path, []byte("{not json"), 0o600)
	if got := r.run("call", "--gateway", h.url(), "configGetList"); got.code != 1 || !strings.Contains(got.stderr, "damaged") {
		t.Errorf("damaged: %+v", got)
	}
	if got := r.run("logout", "--forget"); got.code != 0 {
		t.Errorf("forget: %+v", got)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("--forget left %s", path)
	}
}

func TestStatePath(t *testing.T) {
	c := &cli{getenv: func(k string) string {
		return map[string]string{"XDG_STATE_HOME": "/xdg/state", "HOME": "/home/u"}[k]
	}}
	if p, _ := c.statePath(); p != "/xdg/state/dpconsole/session.json" {
		t.Errorf("XDG: %s", p)
	}
	c.getenv = func(k string) string { return map[string]string{"HOME": "/home/u"}[k] }
	if p, _ := c.statePath(); p != "/home/u/.local/state/dpconsole/session.json" {
		t.Errorf("HOME: %s", p)
	}
}
