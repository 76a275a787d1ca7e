package cli

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("never: %s", what)
}

// TestServeSSHDemo: serve-ssh --demo prints its address and host key,
// serves a console to a two-round login, and on SIGINT (the cancelled
// context) tells the session the server is shutting down and exits 0.
func TestServeSSHDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb lockedBuffer
	state := t.TempDir()
	c := &cli{ctx: ctx, stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return map[string]string{"DPCONSOLE_STATE_DIR": state}[k] }}
	code := make(chan int, 1)
	go func() { code <- c.run([]string{"serve-ssh", "--demo", "--listen", "127.0.0.1:0"}) }()
	re := regexp.MustCompile(`^listening on ssh://(\S+)\nhost key (SHA256:\S+)\n`)
	waitUntil(t, "the ready lines", func() bool { return re.MatchString(out.String()) })
	m := re.FindStringSubmatch(out.String())

	var hostKey gossh.PublicKey
	answers := []string{"demo", "424242"}
	cl, err := gossh.Dial("tcp", m[1], &gossh.ClientConfig{User: "admin", Timeout: 10 * time.Second,
		Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
			a := make([]string, len(q))
			for i := range q {
				a[i], answers = answers[0], answers[1:]
			}
			return a, nil
		})},
		HostKeyCallback: func(_ string, _ netAddr, k gossh.PublicKey) error { hostKey = k; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if fp := gossh.FingerprintSHA256(hostKey); fp != m[2] {
		t.Fatalf("printed %s, the server shows %s", m[2], fp)
	}
	if st, err := os.Stat(filepath.Join(state, "serve-ssh", "host_ed25519")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the default host key: %v %v", st, err)
	}
	sess, err := cl.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var screen lockedBuffer
	sess.Stdout = &screen
	stdin, _ := sess.StdinPipe()
	defer stdin.Close()
	if err := sess.RequestPty("xterm-256color", 30, 100, nil); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the console, logged in", func() bool { return strings.Contains(screen.String(), "logged in as admin") })
	cancel() // SIGINT
	select {
	case got := <-code:
		if got != exitOK {
			t.Fatalf("exit code %d; stderr:\n%s", got, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve-ssh did not exit after SIGINT")
	}
	waitUntil(t, "the shutdown notice", func() bool { return strings.Contains(screen.String(), "server shutting down") })
}

func TestServeSSHUsage(t *testing.T) {
	r := newRunner(t)
	for _, args := range [][]string{
		{"serve-ssh"},
		{"serve-ssh", "--demo", "--gateway", "http://127.0.0.1:1/api"},
		{"serve-ssh", "--demo", "--idle", "0s"},
		{"serve-ssh", "--demo", "--max-sessions", "0"},
	} {
		if res := r.run(args...); res.code != exitFailure || !strings.Contains(res.stderr, "serve-ssh") {
			t.Errorf("%q: code %d, stderr %q", args, res.code, res.stderr)
		}
	}
	bad := filepath.Join(t.TempDir(), "key")
	if err := writeFile(bad, "not a key"); err != nil {
		t.Fatal(err)
	}
	if res := r.run("serve-ssh", "--demo", "--listen", "127.0.0.1:0", "--host-key", bad); res.code != exitFailure || !strings.Contains(res.stderr, bad) {
		t.Errorf("unusable host key: code %d, stderr %q", res.code, res.stderr)
	}
}

type netAddr = net.Addr

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }
