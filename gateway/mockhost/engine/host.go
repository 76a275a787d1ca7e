package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"dpconsole/atomicfile"
	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/mockhost/clock"
)

// DefaultLogKeep is how many entries a task or agent log keeps.
const DefaultLogKeep = 10_000

// Agent states (docs/protocol.md §8).
const (
	AgentActive   = "Active"
	AgentDisabled = "Disabled"
	AgentOffline  = "Offline"
)

// Task states as taskGetStatus reports them.
const (
	TaskWaiting   = "Waiting"
	TaskExecuting = "Executing"
	TaskPaused    = "Paused"
	TaskIdle      = "Idle"
	TaskError     = "Error"
)

// Options configure Open.
type Options struct {
	DataDir    string      // required
	Clock      clock.Clock // real time when nil
	Seed       bool        // put demo data into an empty DataDir
	LogKeep    int         // entries kept per log; DefaultLogKeep when <= 0
	Rand       *rand.Rand  // durations and simulated failures; randomly seeded when nil
	AppName    string      // agentGetStatus application-name
	AppVersion string      // agentGetStatus application-version
	Logf       func(format string, args ...any)
}

// AgentStatus is what agentGetStatus answers.
type AgentStatus struct {
	Agent, AppName, AppVersion, Config, ConfigStatus, TaskStatus string
}

// TaskStatus is what taskGetStatus answers; zero times never happened.
type TaskStatus struct {
	StartTime, EndTime, LastErrorTime time.Time
	Status, Error                     string
	ExecCount, ErrorCount             int
}

// Host is the mock host's state. Its methods are safe for concurrent use.
type Host struct {
	mu      sync.RWMutex
	dir     string
	clock   clock.Clock
	rnd     *rand.Rand
	keep    int
	app     [2]string
	logf    func(format string, args ...any)
	machine hostdoc.Machine
	hide    []string // spellings of dir that answers must not contain

	agent    string
	active   string
	configs  map[string]*config
	agentLog *logStream
	started  bool
	closed   bool
	runSeq   uint64

	// Runtimes the scheduler changed are written by a background
	// goroutine, so an fsync never holds mu while callers wait.
	ioMu        sync.Mutex
	dirty       map[*taskRT]struct{}
	kick        chan struct{}
	persistDone chan struct{}
}

// config is one configuration in memory: its tasks and their runtimes.
type config struct {
	name  string
	raw   string
	tasks *hostdoc.Tasks
	sched map[string]hostdoc.Next
	rt    map[string]*taskRT
}

// Open loads (and, when asked, seeds) the data directory. A directory that
// cannot be created, read or written is an error here, not later.
func Open(opts Options) (*Host, error) {
	if opts.DataDir == "" {
		return nil, errors.New("mock host: no data directory given")
	}
	h := &Host{dir: opts.DataDir, clock: opts.Clock, rnd: opts.Rand, keep: opts.LogKeep,
		app: [2]string{opts.AppName, opts.AppVersion}, logf: opts.Logf, configs: map[string]*config{},
		dirty: map[*taskRT]struct{}{}}
	if h.clock == nil {
		h.clock = clock.RealClock{}
	}
	if h.rnd == nil {
		h.rnd = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	if h.keep <= 0 {
		h.keep = DefaultLogKeep
	}
	if h.app[0] == "" {
		h.app[0] = "Sertainty Data Protector (dpconsole mock host)"
	}
	if h.app[1] == "" {
		h.app[1] = "3.4.0-mock"
	}
	if h.logf == nil {
		h.logf = func(string, ...any) {}
	}
	if err := checkDir(h.dir); err != nil {
		return nil, err
	}
	if abs, err := filepath.Abs(h.dir); err == nil {
		h.dir = abs
	}
	h.hide = DirForms(h.dir)
	empty, err := isEmpty(h.dir)
	if err != nil {
		return nil, err
	}
	if empty && opts.Seed {
		if err := seed(h.dir); err != nil {
			return nil, fmt.Errorf("data directory %s: seeding demo data: %w", h.dir, err)
		}
	}
	h.machine = hostMachine()
	if err := h.load(); err != nil {
		return nil, fmt.Errorf("data directory %s: %w", h.dir, err)
	}
	return h, nil
}

// checkDir makes dir if needed and proves it can be listed and written.
func checkDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("data directory %s cannot be created: %w (choose another with --data)", dir, err)
	}
	if _, err := os.ReadDir(dir); err != nil {
		return fmt.Errorf("data directory %s cannot be read: %w (check its permissions or choose another with --data)", dir, err)
	}
	probe := filepath.Join(dir, ".write-probe")
	if err := atomicfile.WriteFile(probe, []byte("ok\n"), 0o644); err != nil {
		return fmt.Errorf("data directory %s cannot be written: %w (check its permissions or choose another with --data)", dir, err)
	}
	if err := os.Remove(probe); err != nil {
		return fmt.Errorf("data directory %s: removing the write probe: %w", dir, err)
	}
	return nil
}

func isEmpty(dir string) (bool, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false, fmt.Errorf("data directory %s cannot be read: %w", dir, err)
	}
	for _, e := range ents {
		if !hidden(e.Name()) {
			return false, nil
		}
	}
	return true, nil
}

// hidden names are never valid names (docs/protocol.md §6), so the engine uses
// them for temporary files and directories.
func hidden(name string) bool { return len(name) > 0 && name[0] == '.' }

// Start begins the agent's log and its scheduler, unless the stored state
// says the agent is Offline.
func (h *Host) Start() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return errors.New("mock host: Start after Close")
	}
	if h.started {
		return nil
	}
	h.started = true
	h.kick, h.persistDone = make(chan struct{}, 1), make(chan struct{})
	go h.persister(h.kick, h.persistDone)
	if h.agent == AgentOffline {
		return nil
	}
	if err := h.newAgentLog("Agent started"); err != nil {
		return fmt.Errorf("data directory %s: %w", h.dir, err)
	}
	h.armAll()
	return nil
}

// Close stops the scheduler, ends running executions and flushes state.
func (h *Host) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	var errs []error
	for _, c := range h.configs {
		for _, rt := range c.rt {
			h.abort(rt, "the host is stopping")
			stopNext(rt)
		}
	}
	if h.started && h.agent != AgentOffline {
		h.agentNote(hostdoc.LevelInfo, "Host stopped")
	}
	h.closed = true
	kick, done := h.kick, h.persistDone
	h.kick = nil // persist must not send on a closed channel
	h.mu.Unlock()
	if kick != nil {
		close(kick)
		<-done
	}
	h.mu.Lock()
	if err := h.flush(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// fail builds the protocol error of a function.
func fail(fn string, st gateway.Status, format string, args ...any) error {
	return &gateway.Error{Function: fn, Status: st, Message: fmt.Sprintf(format, args...)}
}

// storageFail reports a failed read or write as 502, and logs it. The
// answer names paths inside the data directory only relative to it: where
// the host keeps its data is none of a caller's business.
func (h *Host) storageFail(fn string, err error) error {
	h.logf("%s: storage failure: %v", fn, err)
	return fail(fn, gateway.StatusGeneral, "storage failure: %v", h.rel(err))
}

// DirForms returns the spellings of the directory dir that messages may
// contain: as given, absolute, and with symbolic links resolved, longest
// first. Only absolute ones are returned, so replacing them is safe.
func DirForms(dir string) []string {
	var out []string
	add := func(d string) {
		d = filepath.Clean(d)
		if filepath.IsAbs(d) && d != string(filepath.Separator) && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	add(dir)
	if abs, err := filepath.Abs(dir); err == nil {
		add(abs)
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			add(real)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// HidePaths rewrites paths under any of dirs (from DirForms) in s as
// relative ones, and a bare dir as "the data directory".
func HidePaths(s string, dirs []string) string {
	for _, d := range dirs {
		s = strings.ReplaceAll(s, d+string(filepath.Separator), "")
		s = strings.ReplaceAll(s, d, "the data directory")
	}
	return s
}

// relError is an error whose message names paths relative to the data
// directory; it still unwraps to the original.
type relError struct {
	msg string
	err error
}

func (e *relError) Error() string { return e.msg }
func (e *relError) Unwrap() error { return e.err }

// rel returns err with the data directory taken out of its message.
func (h *Host) rel(err error) error {
	if err == nil {
		return nil
	}
	msg := HidePaths(err.Error(), h.hide)
	if msg == err.Error() {
		return err
	}
	return &relError{msg: msg, err: err}
}

// checkName answers 408 for a name docs/protocol.md §6 refuses.
func checkName(fn, kind, name string) error {
	if err := hostdoc.ValidName(kind, name); err != nil {
		return fail(fn, gateway.StatusInvalid, "%v", err)
	}
	return nil
}

// needAgent answers 502 while the agent is offline.
func (h *Host) needAgent(fn string) error {
	if h.agent == AgentOffline {
		return fail(fn, gateway.StatusGeneral, "agent is offline; start it with agentStart")
	}
	return nil
}

// config returns the named configuration or a 213.
func (h *Host) config(fn, name string) (*config, error) {
	c, ok := h.configs[name]
	if !ok {
		return nil, fail(fn, gateway.StatusNotFound, "configuration %q does not exist", name)
	}
	return c, nil
}

// readFile reads a stored document, answering 213 when it is missing.
func (h *Host) readFile(fn, what, path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fail(fn, gateway.StatusNotFound, "%s does not exist", what)
	}
	if err != nil {
		return nil, h.storageFail(fn, err)
	}
	return data, nil
}

// listNames lists the visible entries of dir, trimming suffix, sorted. A
// name no function could take (over the length limits) is left out; Open
// noted it.
func listNames(dir, suffix string, dirs bool) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ents))
	for _, e := range ents {
		n := e.Name()
		if hidden(n) || e.IsDir() != dirs || len(n) <= len(suffix) || n[len(n)-len(suffix):] != suffix {
			continue
		}
		if hostdoc.ValidName("item", n[:len(n)-len(suffix)]) != nil {
			continue
		}
		out = append(out, n[:len(n)-len(suffix)])
	}
	return out, nil
}
