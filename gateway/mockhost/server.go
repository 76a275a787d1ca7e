// Package mockhost is the embedded mock Data Protector host: the HTTP and
// login layer over the engine's state. The console's demo mode and the tests
// start it in process with Start; `dpconsole mock-host` runs it standalone
// through Main.
package mockhost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"dpconsole/gateway/mockhost/clock"
	"dpconsole/gateway/mockhost/engine"
)

// DefaultListen is where `dpconsole mock-host` listens without --listen.
const DefaultListen = "127.0.0.1:8080"

// shutdownGrace bounds how long Close waits for in-flight calls.
const shutdownGrace = 15 * time.Second

// Config describes one mock host. Zero values take the defaults.
type Config struct {
	Listen      string        // host:port; Run: DefaultListen, Start: 127.0.0.1:0
	DataDir     string        // state directory; a temporary one (removed on Close) when empty
	UsersFile   string        // YAML users file adding accounts to the demo ones (see users.go)
	Empty       bool          // do not seed an empty data directory with demo data
	MaxBody     int64         // request body limit; DefaultMaxBody when zero
	MaxInFlight int64         // request body bytes held at once; 4 * MaxBody when zero
	SessionIdle time.Duration // idle session lifetime; DefaultSessionIdle when zero
	Lockout     LockoutPolicy // failed-login lockout; docs/protocol.md §5 defaults when zero
	Verbose     bool          // one line per call on Stderr
	LogKeep     int           // task log entries kept; the engine's default when zero
	Stdout      io.Writer     // the "listening on" line (Run only); os.Stdout when nil
	Stderr      io.Writer     // notices, verbose lines and recovered panics; os.Stderr when nil
	Clock       clock.Clock   // the engine's and the sessions' clock; real time when nil
	// RandSeed makes execution durations and simulated failures
	// reproducible (tests and goldens); random when zero.
	RandSeed uint64
}

// Running is a started mock host. Close it to drain calls, stop the
// scheduler and flush state.
type Running struct {
	url   string
	srv   *http.Server
	host  *engine.Host
	auth  *Auth
	clock clock.Clock
	tmp   string // temporary data dir to remove, or ""

	served    chan error // Serve's result
	closeOnce sync.Once
	closeErr  error
}

// Start opens the engine, starts its scheduler and serves on cfg.Listen
// (127.0.0.1:0 when empty) in the background. It is the in-process entry
// point for the console's demo mode and for tests.
func Start(cfg Config) (*Running, error) {
	stderr := cfg.Stderr
	if stderr == nil {
		stderr = os.Stderr
	}
	listen := cfg.Listen
	if listen == "" {
		listen = "127.0.0.1:0"
	}
	clk := cfg.Clock
	if clk == nil {
		clk = clock.RealClock{}
	}
	users := DemoUsers()
	if cfg.UsersFile != "" {
		more, err := LoadUsers(cfg.UsersFile)
		if err != nil {
			return nil, err
		}
		users = append(users, more...)
	}
	auth, err := NewAuth(AuthOptions{Users: users, Lockout: cfg.Lockout, SessionIdle: cfg.SessionIdle, Clock: clk})
	if err != nil {
		return nil, err
	}
	r := &Running{auth: auth, clock: clk, served: make(chan error, 1)}
	dir := cfg.DataDir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "dpconsole-mock-host-"); err != nil {
			return nil, fmt.Errorf("making a temporary data directory: %w (give --data DIR)", err)
		}
		r.tmp = dir
		fmt.Fprintf(stderr, "mock-host: no --data given: keeping state in temporary directory %s (removed on exit)\n", dir)
	}
	logw := &lineWriter{w: stderr}
	var rnd *rand.Rand
	if cfg.RandSeed != 0 {
		rnd = rand.New(rand.NewPCG(cfg.RandSeed, cfg.RandSeed))
	}
	host, err := engine.Open(engine.Options{DataDir: dir, Clock: clk, Seed: !cfg.Empty, LogKeep: cfg.LogKeep, Rand: rnd,
		Logf: func(format string, args ...any) { logw.printf("mock-host: "+format, args...) }})
	if err != nil {
		r.removeTemp()
		return nil, err
	}
	r.host = host
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		host.Close()
		r.removeTemp()
		return nil, fmt.Errorf("listening on %s: %w (choose another address with --listen)", listen, err)
	}
	if err := host.Start(); err != nil {
		ln.Close()
		host.Close()
		r.removeTemp()
		return nil, err
	}
	// On a loopback address only loopback Host values are served, so a web
	// page cannot reach the host through DNS rebinding (docs/protocol.md §1).
	tcp, _ := ln.Addr().(*net.TCPAddr)
	hopts := HandlerOptions{MaxBody: cfg.MaxBody, MaxInFlight: cfg.MaxInFlight, Log: stderr,
		LoopbackOnly: tcp != nil && tcp.IP.IsLoopback(), HidePaths: engine.DirForms(dir)}
	if cfg.Verbose {
		hopts.Verbose = stderr
	}
	r.srv = &http.Server{
		Handler:           NewHandler(host, auth, hopts),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // a 64 MiB body over a slow link
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(stderr, "mock-host: http: ", 0),
	}
	r.url = "http://" + ln.Addr().String() + "/api"
	go func() { r.served <- r.srv.Serve(ln) }()
	return r, nil
}

// URL returns the API URL, with the real port.
func (r *Running) URL() string { return r.url }

// Engine returns the host's state, for tests.
func (r *Running) Engine() *engine.Host { return r.host }

// Auth returns the login service and its sessions, for tests.
func (r *Running) Auth() *Auth { return r.auth }

// Clock returns the clock the host runs on.
func (r *Running) Clock() clock.Clock { return r.clock }

// Close stops taking calls, waits for those in flight, stops the scheduler
// and flushes state. It is safe to call more than once.
func (r *Running) Close() error {
	r.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		var errs []error
		if err := r.srv.Shutdown(ctx); err != nil {
			r.srv.Close()
			errs = append(errs, fmt.Errorf("draining calls: %w", err))
		}
		if err := <-r.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, fmt.Errorf("serving: %w", err))
		}
		r.served <- http.ErrServerClosed // for a later Run select
		if err := r.host.Close(); err != nil {
			errs = append(errs, err)
		}
		r.removeTemp()
		r.closeErr = errors.Join(errs...)
	})
	return r.closeErr
}

func (r *Running) removeTemp() {
	if r.tmp != "" {
		os.RemoveAll(r.tmp)
		r.tmp = ""
	}
}

// Run serves until ctx is done (SIGINT or SIGTERM in the CLI), then drains
// in-flight calls, stops the scheduler, flushes state and returns nil. Once
// ready it prints "listening on http://ADDR/api" on cfg.Stdout.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	stdout := cfg.Stdout
	if stdout == nil {
		stdout = os.Stdout
	}
	r, err := Start(cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "listening on %s\n", r.URL())
	select {
	case <-ctx.Done():
		return r.Close()
	case err := <-r.served:
		// Serve stopped on its own: report why after cleaning up.
		r.served <- err
		if cerr := r.Close(); cerr != nil {
			return cerr
		}
		return fmt.Errorf("serving: %w", err)
	}
}
