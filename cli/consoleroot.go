package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"golang.org/x/term"

	"dpconsole/config"
	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/keymap"
	"dpconsole/theme"
	"dpconsole/ui"
	"dpconsole/views/common"
	"dpconsole/widgets/mouse"
)

// closeTimeout bounds closing the host session when the console quits.
const closeTimeout = 3 * time.Second

// runConsole is the local terminal's composition root: it reads the config
// file, opens the log, starts the demo host when there is no gateway,
// builds the client, the renderer and one console session, and runs that
// session on the process's terminal until the operator quits. SIGINT and
// SIGTERM cancel parent (see Main): the console then ends at once, with
// the same clean-up as a quit.
func runConsole(parent context.Context, opts Options) error {
	path, must := opts.ConfigPath, opts.ConfigPath != ""
	if path == "" {
		path = config.DefaultPath()
	}
	fc, err := config.Load(path, must)
	if err != nil {
		return err
	}
	opts = merge(opts, fc)

	logger, closeLog, err := openLog()
	if err != nil {
		return err
	}
	defer closeLog()
	defer libraryLog(logger)()

	keys := keymap.Default()
	if len(fc.Keys) > 0 {
		if err := keys.Apply(fc.Keys); err != nil {
			return fmt.Errorf("config file %s: %w", path, err)
		}
	}
	if opts.ReadOnly {
		// Footers and help leave out what cannot be done; the panes'
		// own checks still refuse it.
		keys.DisableMutating()
	}
	th, err := theme.ByName(opts.Theme)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	r := localRenderer(th)
	if start, ok, err := fleetStart(opts, fc); err != nil {
		return err
	} else if ok {
		return runFleet(parent, opts, fc, start, keys, th, r, logger)
	}
	keys.Global.Fleet.SetEnabled(false) // one gateway: no fleet to go back to

	notice := ""
	if opts.Gateway == "" || opts.Demo {
		notice = demoNotice(opts, path)
		opts.Demo = true
		host, err := mockhost.Start(mockhost.Config{Stderr: logger.Writer()})
		if err != nil {
			return fmt.Errorf("starting the demo host: %w", err)
		}
		defer host.Close() // also removes its temporary data directory
		opts.Gateway = host.URL()
		logger.Printf("demo mode: embedded mock host at %s", host.URL())
	}
	var warning string
	client, err := gateway.NewClient(gateway.Options{URL: opts.Gateway, Timeout: opts.Timeout, CAFile: opts.CAFile,
		Insecure: opts.Insecure, MaxLogSize: opts.MaxLogSize, Warn: func(s string) { warning = s; logger.Print(s) }})
	if err != nil {
		return err
	}
	if warning != "" {
		notice = warning
	}

	editor := fileio.EditorFromEnv(os.Getenv)
	if fc.Editor == "builtin" {
		editor = nil // the console's own editor (widgets/editor)
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	s := localSession(ctx, r, keys, th, editor, opts, logger)
	defer s.Mouse.Close()
	s.Client, s.Gateway, s.User, s.Demo, s.Notice = client, opts.Gateway, opts.User, opts.Demo, notice
	m, err := ui.New(s)
	if err != nil {
		return err
	}
	return runLocal(ctx, m, opts.Mouse, logger)
}

// localSession is what every console on the process's terminal shares:
// its renderer, keys and theme, the local files and editor, the options,
// and with --mouse the terminal's clickable areas (the caller closes
// them once the program has ended).
func localSession(ctx context.Context, r *lipgloss.Renderer, keys keymap.KeyMap, th theme.Theme, editor []string, opts Options, logger *log.Logger) ui.Session {
	var zones *mouse.Zones
	if opts.Mouse {
		zones = mouse.New()
	}
	return ui.Session{
		Ctx: ctx, Renderer: r, Keys: keys, Theme: th, Mouse: zones,
		Caps:     common.Capabilities{Files: true, Editor: editor, Tmux: os.Getenv("TMUX") != ""},
		Output:   os.Stdout, // the program's output: Bubble Tea writes to stdout
		ReadOnly: opts.ReadOnly, ReadOnlyWhy: opts.ReadOnlyWhy, UTC: opts.UTC, TaskRefresh: opts.TaskRefresh, LogRefresh: opts.LogRefresh,
		Version: gateway.Version, Logf: logger.Printf,
	}
}

// closingModel is a root model that holds host sessions to close when
// the program ends.
type closingModel interface {
	tea.Model
	Close(context.Context) error
}

// runLocal runs m on the process's terminal until the operator quits,
// the terminal goes away or ctx ends, then closes its host sessions: a
// failure there changes nothing for the operator.
func runLocal(ctx context.Context, m closingModel, mouse bool, logger *log.Logger) error {
	if !haveTerminal() {
		return errors.New("the console needs a terminal, and there is none here (standard input is not one, and /dev/tty cannot be opened): for scripts, use dpconsole call, tail or fleet")
	}
	prog := tea.NewProgram(m, programOptions(ctx, mouse)...)
	stopHangup := quitOnHangup(prog)
	_, runErr := prog.Run()
	stopHangup()
	cctx, ccancel := context.WithTimeout(context.Background(), closeTimeout)
	if err := m.Close(cctx); err != nil {
		logger.Printf("closing the sessions: %v", err)
	}
	ccancel()
	if runErr != nil && runErr != tea.ErrProgramKilled {
		return fmt.Errorf("console: %w", runErr)
	}
	return nil
}

// haveTerminal reports whether the console has a terminal to read keys
// from: standard input, or else /dev/tty, as Bubble Tea opens it.
func haveTerminal() bool {
	if term.IsTerminal(int(os.Stdin.Fd())) || runtime.GOOS == "windows" {
		return true
	}
	f, err := os.Open("/dev/tty")
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// programOptions are the local program's: the alternate screen, ctx,
// and the mouse reported only with --mouse (else the terminal keeps
// selecting text).
func programOptions(ctx context.Context, mouse bool) []tea.ProgramOption {
	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx)}
	if mouse {
		popts = append(popts, tea.WithMouseCellMotion())
	}
	return popts
}

// localRenderer is the process terminal's renderer. The background is
// decided before Bubble Tea owns the terminal (lipgloss#73): a named theme
// says it, the auto theme asks the terminal once.
func localRenderer(th theme.Theme) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(os.Stdout)
	switch th.Name {
	case "dark":
		r.SetHasDarkBackground(true)
	case "light":
		r.SetHasDarkBackground(false)
	default:
		r.SetHasDarkBackground(r.HasDarkBackground())
	}
	// Bubbles' own default styles use the default renderer, which
	// cli/quietterm settled without asking: give it the same answer.
	lipgloss.SetHasDarkBackground(r.HasDarkBackground())
	return r
}

// demoNotice words, for the login screen, why the console runs on the
// built-in demo host: the operator asked for it (--demo, Demo set), or no
// gateway was given in the flags, DPCONSOLE_GATEWAY or the config file at
// path. Either way it says how to reach a real host.
func demoNotice(opts Options, path string) string {
	how := "Point the console at a real host with --gateway URL, DPCONSOLE_GATEWAY or \"gateway:\" in " + path + "."
	switch {
	case opts.Demo && opts.Gateway != "":
		return "Built-in demo host (--demo; the gateway " + gateway.RedactURL(opts.Gateway) + " is not used). " +
			"Leave out --demo to use it."
	case opts.Demo:
		return "Built-in demo host (--demo). " + how
	}
	return "No gateway given: this is the built-in demo host. " + how
}

// openLog logs to the file named by DPCONSOLE_LOG, or nowhere: the TUI
// owns stdout and stderr. Nothing secret is ever logged, and each record
// is one line whatever host text it quotes (recordWriter).
func openLog() (*log.Logger, func(), error) {
	path := os.Getenv("DPCONSOLE_LOG")
	if path == "" {
		return log.New(io.Discard, "", 0), func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("DPCONSOLE_LOG: %w", err)
	}
	return log.New(recordWriter{f}, "dpconsole ", log.LstdFlags), func() { f.Close() }, nil
}

// quitter is what quitOnHangup stops: a *tea.Program.
type quitter interface{ Quit() }

// quitOnHangup quits p when the terminal goes away (SIGHUP: the window
// closed, tmux killed, SSH dropped). By default SIGHUP kills the process
// at once; quitting instead lets the deferred cleanup close the session
// and the demo host and remove its temporary directory. The returned
// function stops listening.
func quitOnHangup(p quitter) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		select {
		case <-hup:
			p.Quit()
		case <-done:
		}
	}()
	return func() {
		signal.Stop(hup)
		close(done)
	}
}

// merge fills what the flags left unset from the environment and the file:
// flags win over DPCONSOLE_GATEWAY, which wins over the file.
func merge(opts Options, fc config.File) Options {
	if opts.Gateway == "" {
		opts.Gateway = strings.TrimSpace(os.Getenv("DPCONSOLE_GATEWAY"))
	}
	if opts.Gateway == "" {
		opts.Gateway = fc.Gateway
	}
	if opts.User == "" {
		opts.User = fc.User
	}
	if opts.Theme == "" {
		opts.Theme = fc.Theme
	}
	if opts.TaskRefresh <= 0 {
		opts.TaskRefresh = fc.TaskRefresh
	}
	if opts.LogRefresh <= 0 {
		opts.LogRefresh = fc.LogRefresh
	}
	if opts.MaxLogSize <= 0 {
		opts.MaxLogSize = fc.MaxLogSize
	}
	opts.UTC = opts.UTC || fc.UTC
	switch {
	case fc.ReadOnly && !opts.ReadOnly:
		opts.ReadOnlyWhy = "read_only is set in the config file"
	case fc.ReadOnly:
		opts.ReadOnlyWhy = "restart without --read-only, and remove read_only from the config file"
	}
	opts.ReadOnly = opts.ReadOnly || fc.ReadOnly
	return opts
}
