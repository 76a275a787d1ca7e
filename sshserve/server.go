// Package sshserve serves the console over SSH (`dpconsole serve-ssh`):
// the SSH user is the Data Protector user, keyboard-interactive
// authentication relays the host's challenge login round by round
// (docs/protocol.md §5), and each SSH session runs its own console
// (ui.New) with its own renderer, size, keys and host session.
package sshserve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/theme"
)

// Defaults for the Config fields left zero.
const (
	DefaultListen        = "127.0.0.1:2222"
	DefaultIdle          = 15 * time.Minute
	DefaultMaxSessions   = 32
	DefaultLoginTimeout  = 2 * time.Minute // connect to console, as OpenSSH's LoginGraceTime
	DefaultConnPerMinute = 30              // new connections per source address per minute
	maxAuthTries         = 3
	closeTimeout         = 3 * time.Second
)

// Config is what the server is built from.
type Config struct {
	Listen  string          // host:port; DefaultListen when empty
	HostKey string          // the ed25519 host key file, created on first start
	Gateway gateway.Options // each connection gets its own client from these (Observe is the server's)

	// AuthorizedKeys, when set, is an OpenSSH authorized_keys file read
	// on every attempt: a listed key admits to the server, and the console
	// then asks the host's login itself.
	AuthorizedKeys string

	Idle          time.Duration // logout after this long without a keystroke
	MaxSessions   int           // consoles at once
	LoginTimeout  time.Duration // from TCP connect to an authenticated session
	ConnPerMinute int           // new connections per source address per minute
	ReadOnly      bool          // refuse functions that change the host
	FilesDir      string        // the directory file actions are confined to; "" means none
	// Mouse reports the mouse in every session: a click selects a tab, a
	// row or a button and the wheel scrolls (each session has its own
	// zones). Off, the client's terminal selects text as usual.
	Mouse bool

	Audit   *Audit      // nil: no audit log
	Theme   theme.Theme // the palette; dark unless Theme.Name is "light"
	Keys    keymap.KeyMap
	Demo    bool
	Notice  string
	Version string
	UTC     bool

	TaskRefresh, LogRefresh time.Duration

	// Now is the clock of idle logout and the rate limit; nil means
	// time.Now. IdleCheck is how often a session looks at it (default
	// 10s, at most Idle).
	Now       func() time.Time
	IdleCheck time.Duration

	Logf func(string, ...any) // the server's log; never given secrets

	panicOn rune // tests: this key panics the session's model
}

// Server is a running serve-ssh.
type Server struct {
	cfg    Config
	srv    *ssh.Server
	ln     net.Listener
	signer gossh.Signer
	limit  *rateLimit

	mu       sync.Mutex
	sessions map[*console]struct{}
	closing  bool
	wg       sync.WaitGroup // session handlers
	served   chan error
}

// New checks cfg, loads or creates the host key and listens; Serve
// then accepts connections.
func New(cfg Config) (*Server, error) {
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.Idle <= 0 {
		cfg.Idle = DefaultIdle
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.LoginTimeout <= 0 {
		cfg.LoginTimeout = DefaultLoginTimeout
	}
	if cfg.ConnPerMinute <= 0 {
		cfg.ConnPerMinute = DefaultConnPerMinute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.IdleCheck <= 0 {
		cfg.IdleCheck = 10 * time.Second
	}
	cfg.IdleCheck = min(cfg.IdleCheck, cfg.Idle)
	if cfg.Theme.Name == "" {
		cfg.Theme, _ = theme.ByName("dark")
	}
	if len(cfg.Keys.Global.Quit.Keys()) == 0 {
		cfg.Keys = keymap.Default() // a zero KeyMap binds nothing
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.Gateway.URL == "" {
		return nil, errors.New("serve-ssh: no gateway URL")
	}
	if _, err := gateway.NewClient(cfg.Gateway); err != nil {
		return nil, err
	}
	signer, err := LoadHostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, signer: signer, limit: newRateLimit(cfg.ConnPerMinute, cfg.Now),
		sessions: map[*console]struct{}{}, served: make(chan error, 1)}
	opts := []ssh.Option{
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithKeyboardInteractiveAuth(s.keyboardInteractive),
		wish.WithMiddleware(s.middleware),
		ssh.WrapConn(s.wrapConn),
	}
	if cfg.AuthorizedKeys != "" {
		opts = append(opts, wish.WithPublicKeyAuth(s.publicKey))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, err
	}
	srv.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{MaxAuthTries: maxAuthTries}
	}
	srv.ConnectionFailedCallback = func(c net.Conn, err error) {
		cfg.Logf("ssh: %s: %v", c.RemoteAddr(), err)
	}
	s.srv = srv
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("serve-ssh: %w", err)
	}
	s.ln = ln
	return s, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Fingerprint is the host key's SHA256 fingerprint, as OpenSSH prints it.
func (s *Server) Fingerprint() string { return gossh.FingerprintSHA256(s.signer.PublicKey()) }

// Serve accepts connections until Shutdown; it returns nil after a
// shutdown.
func (s *Server) Serve() error {
	err := s.srv.Serve(s.ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown tells every session "server shutting down", waits for each to
// close its host session (bounded by ctx), then closes every connection.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	live := make([]*console, 0, len(s.sessions))
	for c := range s.sessions {
		live = append(live, c)
	}
	s.mu.Unlock()
	s.ln.Close()
	for _, c := range live {
		c.end(reasonShutdown)
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if cerr := s.srv.Close(); err == nil && cerr != nil && !errors.Is(cerr, net.ErrClosed) {
		err = cerr
	}
	return err
}

// Sessions is the number of consoles running now.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// admit registers a console, or refuses it past MaxSessions or while
// shutting down.
func (s *Server) admit(c *console) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return errors.New("the server is shutting down")
	case len(s.sessions) >= s.cfg.MaxSessions:
		return fmt.Errorf("the server already runs %s, its limit; try again later", plural(s.cfg.MaxSessions, "console"))
	}
	s.sessions[c] = struct{}{}
	s.wg.Add(1) // under the lock, so Shutdown's Wait sees it
	return nil
}

func (s *Server) leave(c *console) {
	s.mu.Lock()
	delete(s.sessions, c)
	s.mu.Unlock()
}

// wrapConn refuses a source address over its rate and bounds the time
// from connect to an authenticated session.
func (s *Server) wrapConn(ctx ssh.Context, conn net.Conn) net.Conn {
	host, _, _ := net.SplitHostPort(conn.RemoteAddr().String())
	if !s.limit.allow(host) {
		s.cfg.Logf("ssh: %s: over %d new connections a minute; refused", host, s.cfg.ConnPerMinute)
		return nil
	}
	st := &connState{}
	st.timer = time.AfterFunc(s.cfg.LoginTimeout, func() {
		if !st.started.Load() {
			conn.Close()
		}
	})
	ctx.SetValue(stateKey, st)
	go func() {
		<-ctx.Done()
		st.timer.Stop()
		st.release() // a login the connection never used
	}()
	return conn
}

// rateLimit counts new connections per source address over a minute.
type rateLimit struct {
	mu   sync.Mutex
	max  int
	now  func() time.Time
	seen map[string][]time.Time
}

func newRateLimit(max int, now func() time.Time) *rateLimit {
	return &rateLimit{max: max, now: now, seen: map[string][]time.Time{}}
}

func (r *rateLimit) allow(host string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	cut := now.Add(-time.Minute)
	if len(r.seen) > 4096 {
		for h, ts := range r.seen { // forget quiet addresses
			if len(ts) == 0 || ts[len(ts)-1].Before(cut) {
				delete(r.seen, h)
			}
		}
	}
	ts := r.seen[host]
	i := 0
	for i < len(ts) && ts[i].Before(cut) {
		i++
	}
	ts = ts[i:]
	if len(ts) >= r.max {
		r.seen[host] = ts
		return false
	}
	r.seen[host] = append(ts, now)
	return true
}

// plural words a count: "1 console", "2 consoles".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
