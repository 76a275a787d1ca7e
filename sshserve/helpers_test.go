package sshserve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/keymap"
	"dpconsole/theme"
)

// waitFor bounds how long a test waits for a frame; the tests do not
// depend on timing otherwise (clocks are fake where time matters).
const waitFor = 20 * time.Second

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func startHost(t *testing.T, cfg mockhost.Config) *mockhost.Running {
	t.Helper()
	cfg.Stderr = io.Discard
	h, err := mockhost.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// testServer starts a server on a loopback port over host.
func testServer(t *testing.T, host *mockhost.Running, mod func(*Config)) *Server {
	t.Helper()
	th, _ := theme.ByName("dark")
	cfg := Config{
		Listen:  "127.0.0.1:0",
		HostKey: filepath.Join(t.TempDir(), "serve-ssh", "host_ed25519"),
		Gateway: gateway.Options{URL: host.URL()},
		Theme:   th,
		Keys:    keymap.Default(),
		Version: "test",
	}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Shutdown(ctx)
	})
	return s
}

// kiLog records what the keyboard-interactive client was asked.
type kiLog struct {
	mu           sync.Mutex
	questions    []string
	instructions []string
}

func (l *kiLog) all() (q, ins []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.questions...), append([]string(nil), l.instructions...)
}

// answering answers the host's prompts from answers, in order.
func answering(log *kiLog, answers ...string) gossh.AuthMethod {
	i := 0
	return gossh.KeyboardInteractive(func(name, instruction string, questions []string, echos []bool) ([]string, error) {
		log.mu.Lock()
		defer log.mu.Unlock()
		if instruction != "" {
			log.instructions = append(log.instructions, instruction)
		}
		out := make([]string, len(questions))
		for j, q := range questions {
			log.questions = append(log.questions, q)
			if echos[j] {
				log.questions = append(log.questions, "(echo on!)")
			}
			if i < len(answers) {
				out[j] = answers[i]
			}
			i++
		}
		return out, nil
	})
}

func dial(t *testing.T, s *Server, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	t.Helper()
	return gossh.Dial("tcp", s.Addr().String(), &gossh.ClientConfig{
		User: user, Auth: auth, Timeout: waitFor,
		HostKeyCallback: gossh.FixedHostKey(s.signer.PublicKey()),
	})
}

// term is one client terminal: its output, ANSI stripped for matching.
type term struct {
	t    *testing.T
	sess *gossh.Session
	in   io.WriteCloser

	mu   sync.Mutex
	raw  bytes.Buffer
	done chan struct{}
	err  error // Wait's result
}

func (tm *term) output() (raw, plain string) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.raw.String(), ansi.Strip(tm.raw.String())
}

func (tm *term) Write(p []byte) (int, error) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.raw.Write(p)
}

// waitText waits until the plain output contains want.
func (tm *term) waitText(want string) {
	tm.t.Helper()
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		if _, plain := tm.output(); strings.Contains(plain, want) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, plain := tm.output()
	tm.t.Fatalf("no %q on the terminal; it shows:\n%s", want, tail(plain, 3000))
}

// waitAny waits until the plain output, after what it held when called,
// contains one of wants.
func (tm *term) waitAny(wants ...string) {
	tm.t.Helper()
	_, before := tm.output()
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		_, plain := tm.output()
		for _, w := range wants {
			if strings.Contains(plain[len(before):], w) {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, plain := tm.output()
	tm.t.Fatalf("none of %q on the terminal; it shows:\n%s", wants, tail(plain, 3000))
}

// waitExit waits for the session to end and returns its exit status.
func (tm *term) waitExit() int {
	tm.t.Helper()
	select {
	case <-tm.done:
	case <-time.After(waitFor):
		tm.t.Fatal("the session did not end")
	}
	var ee *gossh.ExitError
	if tm.err == nil {
		return 0
	}
	if errors.As(tm.err, &ee) {
		return ee.ExitStatus()
	}
	tm.t.Fatalf("session ended without a status: %v", tm.err)
	return -1
}

func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.in, s); err != nil {
		tm.t.Fatal(err)
	}
}

// openTerm opens a shell with a pty of w×h and TERM termName, plus env.
func openTerm(t *testing.T, c *gossh.Client, termName string, w, h int, env map[string]string) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatal(err)
		}
	}
	tm := &term{t: t, sess: sess, done: make(chan struct{})}
	sess.Stdout = tm
	sess.Stderr = tm
	if tm.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty(termName, h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { tm.err = sess.Wait(); close(tm.done) }()
	t.Cleanup(func() { sess.Close() })
	return tm
}

// loginAdmin dials as admin with the two-round answers and opens a console.
func loginAdmin(t *testing.T, s *Server, termName string, w, h int, env map[string]string) (*term, *kiLog) {
	t.Helper()
	log := &kiLog{}
	c, err := dial(t, s, "admin", answering(log, "demo", "424242"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return openTerm(t, c, termName, w, h, env), log
}

func newKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// hostSessions counts the sessions open on the mock host.
func hostSessions(h *mockhost.Running) int { return h.Auth().Sessions.Len() }

// eventually waits until cond holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("never: %s", what)
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
