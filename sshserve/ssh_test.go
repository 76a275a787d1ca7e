package sshserve

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/testkit"
)

func TestTwoRoundLoginOpensTheConsoleLoggedIn(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, nil)
	tm, log := loginAdmin(t, s, "xterm-256color", 120, 40, nil)
	tm.waitText("logged in as admin")
	q, _ := log.all()
	if strings.Join(q, "|") != "Password: |One-time code: " {
		t.Fatalf("asked %q, want the host's two prompts with echo off", q)
	}
	if _, plain := tm.output(); strings.Contains(plain, "Log in to the Data Protector gateway") {
		t.Fatal("a second login screen was shown")
	}
	if hostSessions(host) != 1 {
		t.Fatalf("%d host sessions, want 1", hostSessions(host))
	}
	tm.send("q")
	if st := tm.waitExit(); st != 0 {
		t.Fatalf("exit status %d after q", st)
	}
	eventually(t, "the host session is closed after q", func() bool { return hostSessions(host) == 0 })
}

func TestWrongAnswerIsRefused(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	var buf testkit.SyncBuffer
	s := testServer(t, host, func(c *Config) { c.Audit = NewAudit(&buf, nil) })
	_, err := dial(t, s, "admin", answering(&kiLog{}, "demo", "000000", "demo", "000000", "demo", "000000"))
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("dial: %v, want an authentication failure", err)
	}
	if hostSessions(host) != 0 {
		t.Fatal("a refused login left a host session")
	}
	// Each refusal is audited, without the answers.
	if out := buf.String(); !strings.Contains(out, `"event":"login-refused","user":"admin"`) || strings.Contains(out, "000000") {
		t.Fatalf("audit log:\n%s", out)
	}
}

func TestLockedOutUserSeesTheLockoutMessage(t *testing.T) {
	host := startHost(t, mockhost.Config{Lockout: mockhost.LockoutPolicy{Failures: 1}})
	s := testServer(t, host, nil)
	log := &kiLog{}
	_, err := dial(t, s, "operator", answering(log, "no", "no", "no", "no"))
	if err == nil {
		t.Fatal("wrong passwords were accepted")
	}
	log = &kiLog{}
	_, err = dial(t, s, "operator", answering(log, "demo"))
	if err == nil {
		t.Fatal("a locked-out user got in")
	}
	_, ins := log.all()
	if len(ins) == 0 || !strings.Contains(ins[len(ins)-1], "locked out") {
		t.Fatalf("instructions %q, want the host's lockout message", ins)
	}
}

func TestNoPasswordMethod(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, nil)
	_, err := dial(t, s, "operator", gossh.Password("demo"))
	if err == nil {
		t.Fatal("the password method was offered")
	}
}

func TestAuthorizedKeyThenTheConsolesOwnLogin(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	key, other := newKey(t), newKey(t)
	path := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(path, gossh.MarshalAuthorizedKey(key.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	s := testServer(t, host, func(c *Config) { c.AuthorizedKeys = path })

	if _, err := dial(t, s, "operator", gossh.PublicKeys(other)); err == nil {
		t.Fatal("an unlisted key got in")
	}
	c, err := dial(t, s, "operator", gossh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tm := openTerm(t, c, "xterm-256color", 100, 30, nil)
	tm.waitText("Log in to the Data Protector gateway")
	if hostSessions(host) != 0 {
		t.Fatal("a key opened a host session without the host's login")
	}
	// The user is the SSH user: the console asks the host's prompts at once.
	tm.waitText("Password:")
	tm.send("demo\r")
	tm.waitText("logged in as operator")

	// The file is read on every attempt: a key removed from it no longer admits.
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := dial(t, s, "operator", gossh.PublicKeys(key)); err == nil {
		t.Fatal("a key removed from the file still got in")
	}
}

func TestNoPTYIsRefused(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, nil)
	c, err := dial(t, s, "operator", answering(&kiLog{}, "demo"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, cmd := range []string{"", "ls"} {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		var out testkit.SyncBuffer
		sess.Stdout, sess.Stderr = &out, &out
		if cmd == "" {
			err = sess.Shell()
			if err == nil {
				err = sess.Wait()
			}
		} else {
			err = sess.Run(cmd)
		}
		var ee *gossh.ExitError
		if !errorsAs(err, &ee) || ee.ExitStatus() != 1 {
			t.Fatalf("%q: %v, want exit status 1", cmd, err)
		}
		if !strings.Contains(out.String(), "ssh -t") || strings.Count(strings.TrimSpace(out.String()), "\n") != 0 {
			t.Fatalf("%q: said %q, want one line naming ssh -t", cmd, out.String())
		}
	}
	eventually(t, "the relayed login is closed", func() bool { return hostSessions(host) == 0 })
}

func TestConcurrentSessionsEachWithItsOwnProfileAndSize(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, nil)
	type kind struct {
		term     string
		env      map[string]string
		want     string // an SGR only this profile writes
		notWants []string
	}
	kinds := []kind{
		{"xterm-256color", map[string]string{"COLORTERM": "truecolor"}, "38;2;", nil},
		{"xterm-256color", nil, "38;5;", []string{"38;2;"}},
		{"dumb", nil, "", []string{"38;2;", "38;5;"}},
	}
	terms := make([]*term, 20)
	for i := range terms {
		k := kinds[i%len(kinds)]
		terms[i], _ = loginAdmin(t, s, k.term, 80+i*3, 24+i, k.env)
	}
	for i, tm := range terms {
		k := kinds[i%len(kinds)]
		tm.waitText("logged in as admin")
		raw, _ := tm.output()
		if k.want != "" && !strings.Contains(raw, k.want) {
			t.Errorf("session %d (%s %v): no %q in its frames", i, k.term, k.env, k.want)
		}
		// Its frames are laid out for its own width: the header spans it.
		// Cursor moves and erases separate lines as newlines do.
		plain := ansi.Strip(cursorMove.ReplaceAllString(raw, "\n"))
		widest := 0
		for _, line := range strings.FieldsFunc(plain, func(r rune) bool { return r == '\n' || r == '\r' }) {
			widest = max(widest, ansi.StringWidth(line))
		}
		if want := 80 + i*3; widest != want {
			t.Errorf("session %d: widest line %d cells, its terminal is %d", i, widest, want)
		}
		for _, nw := range k.notWants {
			if strings.Contains(raw, nw) {
				t.Errorf("session %d (%s %v): %q in its frames", i, k.term, k.env, nw)
			}
		}
	}
	if n := s.Sessions(); n != 20 {
		t.Fatalf("%d sessions running, want 20", n)
	}
}

var cursorMove = regexp.MustCompile(`\x1b\[[0-9;?]*[A-HJKfhl]`)

func TestResize(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, nil)
	tm, _ := loginAdmin(t, s, "xterm-256color", 150, 30, nil)
	tm.waitText("Configurations")
	if err := tm.sess.WindowChange(30, 50); err != nil {
		t.Fatal(err)
	}
	tm.waitAny("Config…", "Configs") // the titles are shortened to fit 30 columns
}

func TestIdleLogoutOnTheServersClock(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	clk := newFakeClock()
	s := testServer(t, host, func(c *Config) { c.Now, c.Idle, c.IdleCheck = clk.Now, time.Hour, 5*time.Millisecond })
	tm, _ := loginAdmin(t, s, "xterm-256color", 100, 30, nil)
	tm.waitText("logged in as admin")
	clk.Add(59 * time.Minute)
	tm.send("?")            // a keystroke restarts the count
	tm.waitText("quit now") // the help is open: the key was read
	clk.Add(59 * time.Minute)
	time.Sleep(50 * time.Millisecond) // ten idle checks: none may fire yet
	select {
	case <-tm.done:
		t.Fatal("logged out before an hour without a keystroke")
	default:
	}
	clk.Add(2 * time.Minute)
	tm.waitText("logged out after 1h0m0s without a keystroke")
	if st := tm.waitExit(); st != 0 {
		t.Fatalf("exit status %d", st)
	}
	eventually(t, "the host session is closed", func() bool { return hostSessions(host) == 0 })
}

func TestMaxSessions(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, func(c *Config) { c.MaxSessions = 2 })
	a, _ := loginAdmin(t, s, "xterm", 80, 24, nil)
	b, _ := loginAdmin(t, s, "xterm", 80, 24, nil)
	a.waitText("logged in as admin")
	b.waitText("logged in as admin")
	c, _ := loginAdmin(t, s, "xterm", 80, 24, nil)
	c.waitText("its limit")
	if st := c.waitExit(); st != 1 {
		t.Fatalf("exit status %d, want 1", st)
	}
	eventually(t, "the refused session's login is closed", func() bool { return hostSessions(host) == 2 })
}

func TestHostKeyUnchangedAcrossARestart(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	path := filepath.Join(t.TempDir(), "state", "serve-ssh", "host_ed25519")
	first := testServer(t, host, func(c *Config) { c.HostKey = path })
	fp := first.Fingerprint()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	first.Shutdown(ctx)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v, want 0600", st.Mode().Perm())
	}
	second := testServer(t, host, func(c *Config) { c.HostKey = path })
	if second.Fingerprint() != fp || !strings.HasPrefix(fp, "SHA256:") {
		t.Fatalf("fingerprint %s after restart, was %s", second.Fingerprint(), fp)
	}
	if _, err := dial(t, second, "operator", answering(&kiLog{}, "demo")); err != nil {
		t.Fatalf("the client refused the restarted server's key: %v", err)
	}
}

func TestUnusableHostKeyRefusesToStart(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	dir := t.TempDir()
	bad := filepath.Join(dir, "host_ed25519")
	os.WriteFile(bad, []byte("not a key"), 0o600)
	_, err := New(Config{Listen: "127.0.0.1:0", HostKey: bad, Gateway: gateway.Options{URL: host.URL()}})
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("New: %v, want an error naming %s", err, bad)
	}
	// A key that cannot be written (its directory would be under a file).
	unwritable := filepath.Join(bad, "serve-ssh", "host_ed25519")
	_, err = New(Config{Listen: "127.0.0.1:0", HostKey: unwritable, Gateway: gateway.Options{URL: host.URL()}})
	if err == nil || !strings.Contains(err.Error(), unwritable) {
		t.Fatalf("New: %v, want an error naming %s", err, unwritable)
	}
}

func TestCommandWithAPTYIsRefused(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, nil)
	c, err := dial(t, s, "operator", answering(&kiLog{}, "demo"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out testkit.SyncBuffer
	sess.Stdout, sess.Stderr = &out, &out
	if err := sess.RequestPty("xterm", 24, 80, nil); err != nil {
		t.Fatal(err)
	}
	err = sess.Run("ls")
	var ee *gossh.ExitError
	if !errorsAs(err, &ee) || ee.ExitStatus() != 1 || !strings.Contains(out.String(), "ssh -t") {
		t.Fatalf("ssh -t host ls: %v, said %q", err, out.String())
	}
}

func TestShutdownClosesEveryHostSession(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, nil)
	terms := make([]*term, 3)
	for i := range terms {
		terms[i], _ = loginAdmin(t, s, "xterm-256color", 100, 30, nil)
		terms[i].waitText("logged in as admin")
	}
	if n := hostSessions(host); n != 3 {
		t.Fatalf("%d host sessions, want 3", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tm := range terms {
		tm.waitText("server shutting down")
	}
	if n := hostSessions(host); n != 0 {
		t.Fatalf("%d host sessions left after shutdown", n)
	}
}

func TestFileActionsAbsentWithoutFiles(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	for _, files := range []bool{false, true} {
		s := testServer(t, host, func(c *Config) {
			if files {
				c.FilesDir = t.TempDir()
			}
		})
		tm, _ := loginAdmin(t, s, "xterm-256color", 160, 60, nil)
		tm.waitText("logged in as admin")
		tm.send("?")
		tm.waitText("quit now")
		_, plain := tm.output()
		if got := strings.Contains(plain, "save to file"); got != files {
			t.Errorf("--files %v: help shows save to file: %v", files, got)
		}
	}
}

func TestPanicInOneSessionLeavesTheOthers(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, func(c *Config) { c.panicOn = '~' })
	a, _ := loginAdmin(t, s, "xterm-256color", 100, 30, nil)
	b, _ := loginAdmin(t, s, "xterm-256color", 100, 30, nil)
	a.waitText("logged in as admin")
	b.waitText("logged in as admin")
	a.send("~")
	a.waitText("internal error")
	if st := a.waitExit(); st != 1 {
		t.Fatalf("exit status %d after a panic, want 1", st)
	}
	b.send("?")
	b.waitText("quit now")
	if s.Sessions() != 1 {
		t.Fatalf("%d sessions, want the other one still running", s.Sessions())
	}
	eventually(t, "the panicked session's host session is closed", func() bool { return hostSessions(host) == 1 })
}

func TestAuditLinesWithoutSecrets(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	var buf testkit.SyncBuffer
	s := testServer(t, host, func(c *Config) { c.Audit = NewAudit(&buf, nil) })
	tm, _ := loginAdmin(t, s, "xterm-256color", 100, 30, nil)
	tm.waitText("logged in as admin")

	// A host-changing call on a connection's client is audited with the
	// configuration it names.
	st := &connState{}
	st.who.Store(&AuditRecord{User: "admin", Remote: "127.0.0.1"})
	cl, err := s.newClient(st)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := cl.Login(ctx, "admin", func(_ context.Context, round int, _ []gateway.Prompt) ([]string, error) {
		return []string{[]string{"demo", "424242"}[round-1]}, nil
	}); err != nil {
		t.Fatal(err)
	}
	id := cl.Session()
	cl.Call(ctx, "configActivate", gateway.Text("Sample"))
	cl.Call(ctx, "configList")
	cl.HostCloseSession(ctx)

	tm.send("q")
	tm.waitExit()
	eventually(t, "the session end is logged", func() bool { return strings.Contains(buf.String(), "session-end") })
	out := buf.String()
	for _, secret := range []string{"demo", "424242", id} {
		if strings.Contains(out, secret) {
			t.Errorf("the audit log holds %q:\n%s", secret, out)
		}
	}
	var events []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r AuditRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		if r.User != "admin" || r.Time == "" {
			t.Errorf("record without user or time: %s", line)
		}
		ev := r.Event
		if r.Event == "call" {
			ev += ":" + r.Function + ":" + r.Config
		}
		events = append(events, ev)
	}
	got := strings.Join(events, ",")
	for _, want := range []string{"session-start", "call:configActivate:Sample", "session-end"} {
		if !strings.Contains(got, want) {
			t.Errorf("events %s: no %s", got, want)
		}
	}
	if strings.Contains(got, "configList") {
		t.Errorf("a read-only call was audited: %s", got)
	}
}
