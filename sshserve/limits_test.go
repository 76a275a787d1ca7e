package sshserve

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"dpconsole/gateway/mockhost"
	"dpconsole/testkit"
)

func TestAtMostThreeAuthenticationAttempts(t *testing.T) {
	host := startHost(t, mockhost.Config{Lockout: mockhost.LockoutPolicy{Failures: 100}})
	s := testServer(t, host, nil)
	tries := 0
	ki := gossh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
		if len(q) > 0 {
			tries++
		}
		return make([]string, len(q)), nil
	})
	if _, err := dial(t, s, "operator", gossh.RetryableAuthMethod(ki, 10)); err == nil {
		t.Fatal("empty answers got in")
	}
	if tries != maxAuthTries {
		t.Fatalf("%d attempts on one connection, want %d", tries, maxAuthTries)
	}
}

func TestLoginTimeoutClosesASilentConnection(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, func(c *Config) { c.LoginTimeout = 100 * time.Millisecond })
	conn, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(waitFor))
	buf := make([]byte, 4096)
	for { // the server's version line, then nothing until it closes
		if _, err := conn.Read(buf); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("a connection that never logged in was kept open")
			}
			return
		}
	}
}

func TestNewConnectionsPerMinuteFromOneAddress(t *testing.T) {
	clk := newFakeClock()
	r := newRateLimit(3, clk.Now)
	for i := 0; i < 3; i++ {
		if !r.allow("10.0.0.1") {
			t.Fatalf("connection %d refused", i+1)
		}
	}
	if r.allow("10.0.0.1") {
		t.Fatal("a fourth connection within the minute was allowed")
	}
	if !r.allow("10.0.0.2") {
		t.Fatal("another address was refused")
	}
	clk.Add(61 * time.Second)
	if !r.allow("10.0.0.1") {
		t.Fatal("refused after the minute passed")
	}
}

func TestRateLimitRefusesOverSSH(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, func(c *Config) { c.ConnPerMinute = 2 })
	for i := 0; i < 2; i++ {
		c, err := dial(t, s, "operator", answering(&kiLog{}, "demo"))
		if err != nil {
			t.Fatalf("connection %d: %v", i+1, err)
		}
		c.Close()
	}
	if _, err := dial(t, s, "operator", answering(&kiLog{}, "demo")); err == nil {
		t.Fatal("a third connection within the minute got in")
	}
}

func TestClosingTheSessionEndsTheConsole(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, nil)
	c, err := dial(t, s, "operator", answering(&kiLog{}, "demo"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tm := openTerm(t, c, "xterm", 80, 24, nil)
	tm.waitText("logged in as operator")
	tm.in.Close() // the client's end of input; the connection stays
	eventually(t, "the host session closed", func() bool { return hostSessions(host) == 0 && s.Sessions() == 0 })
}

func TestBuiltInEditorOverSSH(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	s := testServer(t, host, nil)
	tm, _ := loginAdmin(t, s, "xterm-256color", 120, 40, nil)
	tm.waitText("<Tasks>") // the selected configuration's tasks are shown
	tm.send("e")
	tm.waitText("ctrl+s save")
	tm.send("\x1b") // esc, unchanged: back to the pane
	tm.waitAny("unchanged")
}

func TestAuditNamesTheKey(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	key := newKey(t)
	path := filepath.Join(t.TempDir(), "authorized_keys")
	os.WriteFile(path, gossh.MarshalAuthorizedKey(key.PublicKey()), 0o600)
	var buf testkit.SyncBuffer
	s := testServer(t, host, func(c *Config) { c.AuthorizedKeys, c.Audit = path, NewAudit(&buf, nil) })
	c, err := dial(t, s, "operator", gossh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	openTerm(t, c, "xterm", 80, 24, nil).waitText("Password:")
	eventually(t, "the session start is logged", func() bool { return strings.Contains(buf.String(), "session-start") })
	if !strings.Contains(buf.String(), `"key":"`+gossh.FingerprintSHA256(key.PublicKey())+`"`) {
		t.Fatalf("the audit line does not name the key:\n%s", buf.String())
	}
}

// TestAuditNamesTheHostUser: a key admits "operator", whose console logs
// in to the host as admin instead, the second time; the audit records
// the refusal and the login, and names admin on the calls made as admin.
func TestAuditNamesTheHostUser(t *testing.T) {
	host := startHost(t, mockhost.Config{})
	key := newKey(t)
	path := filepath.Join(t.TempDir(), "authorized_keys")
	os.WriteFile(path, gossh.MarshalAuthorizedKey(key.PublicKey()), 0o600)
	var buf testkit.SyncBuffer
	s := testServer(t, host, func(c *Config) { c.AuthorizedKeys, c.Audit = path, NewAudit(&buf, nil) })
	c, err := dial(t, s, "operator", gossh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tm := openTerm(t, c, "xterm", 100, 30, nil)
	tm.waitText("Password:")
	tm.send("\x1b") // esc: change the user
	tm.waitAny("enter continues")
	tm.send("\x15admin\r") // ctrl+u, then admin
	tm.waitAny("Password")
	tm.send("wrong\r")
	tm.waitAny("Denied")
	tm.send("\r") // try again
	tm.waitAny("Password")
	tm.send("demo\r")
	tm.waitAny("code")
	tm.send("424242\r")
	tm.waitAny("logged in as admin")
	tm.send("2")
	tm.waitAny("protect-inbox")
	tm.send("p")
	eventually(t, "the pause is logged", func() bool { return strings.Contains(buf.String(), `"function":"taskPause"`) })
	var refused, login, call bool
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		switch {
		case strings.Contains(line, `"event":"login-refused"`):
			refused = strings.Contains(line, `"user":"operator"`) && strings.Contains(line, `"host_user":"admin"`)
		case strings.Contains(line, `"event":"login"`):
			login = strings.Contains(line, `"user":"operator"`) && strings.Contains(line, `"host_user":"admin"`)
		case strings.Contains(line, `"function":"taskPause"`):
			call = strings.Contains(line, `"user":"operator"`) && strings.Contains(line, `"host_user":"admin"`)
		}
	}
	if !refused || !login || !call {
		t.Fatalf("the audit does not name the host's user (refused %v, login %v, call %v):\n%s", refused, login, call, buf.String())
	}
}
