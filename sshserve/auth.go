package sshserve

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"dpconsole/gateway"
	"dpconsole/text/sanitize"
)

type ctxKey struct{ name string }

var stateKey = &ctxKey{"dpconsole-conn"}

// connState is what one SSH connection carries from authentication to its
// session: the client whose login the keyboard-interactive relay opened.
type connState struct {
	started atomic.Bool // a console started: the login timeout no longer applies
	timer   *time.Timer
	who     atomic.Pointer[AuditRecord] // who the audit lines name

	mu     sync.Mutex
	client *gateway.Client // logged in by the relay, until the session takes it
	user   string
}

func stateOf(ctx ssh.Context) *connState {
	st, _ := ctx.Value(stateKey).(*connState)
	if st == nil {
		st = &connState{} // a connection that bypassed wrapConn (never in practice)
		ctx.SetValue(stateKey, st)
	}
	return st
}

// grant keeps a client the relay logged in; a second grant on the same
// connection (not possible in SSH, which stops at the first success)
// closes the first.
func (st *connState) grant(c *gateway.Client, user string) {
	st.mu.Lock()
	old := st.client
	st.client, st.user = c, user
	st.mu.Unlock()
	closeHost(old)
}

// take hands the relayed login to the session; nil when the connection
// authenticated with a key.
func (st *connState) take() (*gateway.Client, string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, u := st.client, st.user
	st.client = nil
	return c, u
}

// release closes a host session no console took (the client went away
// between authentication and its session).
func (st *connState) release() {
	c, _ := st.take()
	closeHost(c)
}

func closeHost(c *gateway.Client) {
	if c == nil || c.Session() == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	c.HostCloseSession(ctx)
}

// newClient builds a connection's own gateway client; its host-changing
// calls go to the audit log under the connection's user.
func (s *Server) newClient(st *connState) (*gateway.Client, error) {
	opts := s.cfg.Gateway
	if s.cfg.Audit != nil {
		opts.Observe = func(function string, args []gateway.Arg, status int, err error) {
			// Of a login, only the user is read: the other arguments are answers.
			switch login := function == "hostOpenSession" && len(args) > 0; {
			case login && err == nil && status == int(gateway.StatusOK):
				s.cfg.Audit.loggedIn(st, string(args[0].Value))
			case login && status == int(gateway.StatusDenied) && st.started.Load():
				// The SSH login's refusals are recorded where it asks.
				if who := st.who.Load(); who != nil {
					s.cfg.Audit.consoleRefused(*who, string(args[0].Value))
				}
			}
			if who := st.who.Load(); who != nil {
				s.cfg.Audit.call(*who, function, args, status, err)
			}
		}
	}
	return gateway.NewClient(opts)
}

// keyboardInteractive relays the host's challenge login (docs/protocol.md
// §5): each round's prompts are asked as SSH questions with echo off, and
// the answers go back to the host with all earlier ones. A grant
// authenticates the connection, and its session opens logged in; a denial
// fails the attempt, with the host's message (a lockout, say) shown as the
// instruction.
func (s *Server) keyboardInteractive(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	st := stateOf(ctx)
	user := ctx.User()
	host, _ := splitHost(ctx.RemoteAddr().String())
	if len(user) > maxUserName {
		// Chosen by the client before any authentication: it is not
		// asked of the host, nor written whole to the logs.
		s.cfg.Audit.refused(clipUser(user), host, "user name too long")
		return false
	}
	rec := &AuditRecord{User: user, Remote: host}
	st.who.CompareAndSwap(nil, rec)
	client, err := s.newClient(st)
	if err != nil {
		s.cfg.Logf("ssh: %s: %v", host, err)
		return false
	}
	answer := func(_ context.Context, _ int, prompts []gateway.Prompt) ([]string, error) {
		questions := make([]string, len(prompts))
		echos := make([]bool, len(prompts))
		for i, p := range prompts {
			questions[i] = promptText(p.Text)
		}
		got, err := challenge("", "", questions, echos)
		if err != nil {
			return nil, err
		}
		if len(got) != len(prompts) {
			return nil, errors.New("the client answered the wrong number of questions")
		}
		return got, nil
	}
	lctx, cancel := context.WithTimeout(ctx, s.cfg.LoginTimeout)
	defer cancel()
	if _, err := client.Login(lctx, user, answer); err != nil {
		s.cfg.Logf("ssh: %s: login of %q refused: %v", host, user, err)
		reason := strings.TrimSpace(denialText(err))
		if reason == "" {
			reason = "refused"
		}
		s.cfg.Audit.refused(user, host, reason)
		if msg := denialText(err); msg != "" {
			challenge("", msg, nil, nil) // shown by OpenSSH before "Permission denied"
		}
		return false
	}
	st.grant(client, user)
	return true
}

// promptText is a host prompt as the client's terminal may show it: one
// line, without control characters, ending in a space so the answer does
// not touch it.
func promptText(s string) string {
	s = strings.TrimRight(sanitize.SanitizeLine(s), " ")
	if s == "" {
		s = "Answer:"
	}
	return s + " "
}

// denialText words a failed login for the keyboard-interactive
// instruction: the host's own message when it sent one (a lockout), else
// what went wrong. Never an answer.
func denialText(err error) string {
	var pe *gateway.Error
	if errors.As(err, &pe) {
		if pe.Message == "" {
			return ""
		}
		return sanitize.SanitizeLine(pe.Message) + "\n"
	}
	if errors.Is(err, context.Canceled) {
		return ""
	}
	return sanitize.SanitizeLine("login failed: "+err.Error()) + "\n"
}

// publicKey admits a key listed in the authorized keys file, read afresh
// on every attempt. The session checks the proven key again (console).
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	return len(ctx.User()) <= maxUserName && authorized(s.cfg.AuthorizedKeys, key)
}

// maxUserName bounds the SSH user name the server takes: it is the host
// user the console's login starts from, and no host's is longer.
const maxUserName = 256

// clipUser is a refused user name as the logs keep it.
func clipUser(u string) string {
	if len(u) <= 64 {
		return u
	}
	cut := 64
	for cut > 0 && !utf8.RuneStart(u[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", u[:cut], len(u))
}

// authorized reports whether key is listed in the OpenSSH authorized_keys
// file at path; a file that cannot be read admits no one.
func authorized(path string, key gossh.PublicKey) bool {
	if path == "" || key == nil {
		return false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	want := key.Marshal()
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			continue // one bad line does not lock everyone out
		}
		if bytes.Equal(k.Marshal(), want) {
			return true
		}
	}
	return false
}

func splitHost(addr string) (string, string) {
	i := strings.LastIndex(addr, ":")
	if i < 0 {
		return addr, ""
	}
	return strings.Trim(addr[:i], "[]"), addr[i+1:]
}
