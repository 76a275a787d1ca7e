package ui

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/keymap"
	"dpconsole/theme"
	"dpconsole/views/common"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Defaults for the poll intervals the options leave unset.
const (
	defaultTaskRefresh = 2 * time.Second
	defaultLogRefresh  = time.Second
	closeTimeout       = 3 * time.Second
)

// Run starts the console and returns when the operator quits. With no
// gateway in the flags, DPCONSOLE_GATEWAY or the config file, it runs the
// embedded mock host in-process (demo mode).
func Run(opts Options) error {
	path, must := opts.ConfigPath, opts.ConfigPath != ""
	if path == "" {
		path = DefaultConfigPath()
	}
	fc, err := LoadConfig(path, must)
	if err != nil {
		return err
	}
	opts = merge(opts, fc)

	logger, closeLog, err := openLog()
	if err != nil {
		return err
	}
	defer closeLog()

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
	// Decide the background before Bubble Tea owns the terminal (lipgloss#73).
	r := lipgloss.DefaultRenderer()
	switch th.Name {
	case "dark":
		r.SetHasDarkBackground(true)
	case "light":
		r.SetHasDarkBackground(false)
	default:
		r.SetHasDarkBackground(r.HasDarkBackground())
	}

	notice := ""
	var host *mockhost.Running
	if opts.Gateway == "" || opts.Demo {
		notice = demoNotice(opts, path)
		opts.Demo = true
		host, err = mockhost.Start(mockhost.Config{Stderr: logWriter(logger)})
		if err != nil {
			return fmt.Errorf("starting the demo host: %w", err)
		}
		defer host.Close() // also removes its temporary data directory
		opts.Gateway = host.URL()
		logger.Printf("demo mode: embedded mock host at %s", host.URL())
	}
	var warning string
	client, err := gateway.NewClient(gateway.Options{URL: opts.Gateway, Timeout: opts.Timeout, CAFile: opts.CAFile,
		Insecure: opts.Insecure, Warn: func(s string) { warning = s; logger.Print(s) }})
	if err != nil {
		return err
	}
	if warning != "" {
		notice = warning
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := newCommon(ctx, client, r, th, keys, opts)
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: opts.Gateway, user: opts.User,
		demo: opts.Demo, version: gateway.Version, notice: notice, logf: logger.Printf})

	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx)}
	if opts.Mouse {
		popts = append(popts, tea.WithMouseCellMotion())
	}
	prog := tea.NewProgram(m, popts...)
	stopHangup := quitOnHangup(prog)
	_, runErr := prog.Run()
	stopHangup()
	if client.Session() != "" {
		// Leave no session open on the host; a failure here changes nothing for the operator.
		cctx, ccancel := context.WithTimeout(context.Background(), closeTimeout)
		if err := client.HostCloseSession(cctx); err != nil {
			logger.Printf("closing the session: %v", err)
		}
		ccancel()
	}
	if runErr != nil && runErr != tea.ErrProgramKilled {
		return fmt.Errorf("console: %w", runErr)
	}
	return nil
}

// demoNotice words, for the login screen, why the console runs on the
// built-in demo host: the operator asked for it (--demo, Demo set), or no
// gateway was given in the flags, DPCONSOLE_GATEWAY or the config file at
// path. Either way it says how to reach a real host.
func demoNotice(opts Options, path string) string {
	how := "Point the console at a real host with --gateway URL, DPCONSOLE_GATEWAY or \"gateway:\" in " + path + "."
	switch {
	case opts.Demo && opts.Gateway != "":
		return "Built-in demo host (--demo; the gateway " + opts.Gateway + " is not used). " +
			"Leave out --demo to use it."
	case opts.Demo:
		return "Built-in demo host (--demo). " + how
	}
	return "No gateway given: this is the built-in demo host. " + how
}

// newCommon builds the shared context of the views.
func newCommon(ctx context.Context, client *gateway.Client, r *lipgloss.Renderer, th theme.Theme, keys keymap.KeyMap, opts Options) *common.Common {
	c := &common.Common{
		Ctx: ctx, Client: client, Styles: theme.NewStyles(r, th), Keys: keys, Theme: th, Now: time.Now,
		UTC: opts.UTC, TaskRefresh: opts.TaskRefresh, LogRefresh: opts.LogRefresh, ReadOnly: opts.ReadOnly,
	}
	c.Calls = common.NewCalls(ctx, func() time.Time { return c.Now() })
	if c.TaskRefresh <= 0 {
		c.TaskRefresh = defaultTaskRefresh
	}
	if c.LogRefresh <= 0 {
		c.LogRefresh = defaultLogRefresh
	}
	return c
}

// openLog logs to the file named by DPCONSOLE_LOG, or nowhere: the TUI
// owns stdout and stderr. Nothing secret is ever logged.
func openLog() (*log.Logger, func(), error) {
	path := os.Getenv("DPCONSOLE_LOG")
	if path == "" {
		return log.New(io.Discard, "", 0), func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("DPCONSOLE_LOG: %w", err)
	}
	return log.New(f, "dpconsole ", log.LstdFlags), func() { f.Close() }, nil
}

func logWriter(l *log.Logger) io.Writer { return l.Writer() }

// quitter is what quitOnHangup stops: a *tea.Program.
type quitter interface{ Quit() }

// quitOnHangup quits p when the terminal goes away (SIGHUP: the window
// closed, tmux killed, SSH dropped). By default SIGHUP kills the process
// at once; quitting instead lets Run's deferred cleanup close the session
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
