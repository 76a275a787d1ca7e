package cli

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"dpconsole/fileio"
	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/keymap"
	"dpconsole/sshserve"
	"dpconsole/theme"
)

const serveSSHSynopsis = `dpconsole serve-ssh [--listen ADDR] (--gateway URL | --demo) [--host-key FILE]
      [--authorized-keys FILE] [--idle DUR] [--max-sessions N] [--read-only]
      [--files DIR] [--audit-log FILE] [--mouse]`

const serveSSHAbout = `Serves the console over SSH. The SSH user name is the Data Protector user; the
host's challenge prompts are asked as SSH keyboard-interactive questions, and a
granted login opens the console logged in (ssh -p 2222 admin@HOST). With
--authorized-keys a listed key admits to the server and the console asks the
host's login itself. Sessions use a built-in editor, never $EDITOR, and touch
no file on the server unless --files confines them to DIR. Once ready it prints
"listening on ssh://ADDR" and the host key's fingerprint. SIGINT or SIGTERM
ends every session (closing its host session) and exits 0.
`

// shutdownTimeout bounds how long serve-ssh waits for sessions to close
// their host sessions on SIGINT or SIGTERM.
const shutdownTimeout = 10 * time.Second

func (c *cli) serveSSHCommand() *cobra.Command {
	cmd := c.newCmd("serve-ssh [flags]", "serve the console over SSH", serveSSHSynopsis, serveSSHAbout)
	o := &serveSSHFlags{}
	c.addServeSSHFlags(cmd.Flags(), o)
	cmd.RunE = c.action(func(pos []string) int { return c.serveSSH(cmd, o, pos) })
	return cmd
}

// serveSSHFlags are serve-ssh's flags.
type serveSSHFlags struct {
	listen, gw, hostKey, authKeys, files, audit, caFile, themeName, config string
	demo, readOnly, insecure, mouse                                        bool
	idle, timeout                                                          time.Duration
	maxSessions                                                            int
}

func (c *cli) addServeSSHFlags(fs *pflag.FlagSet, o *serveSSHFlags) {
	fs.StringVar(&o.listen, "listen", sshserve.DefaultListen, "listen on `ADDR`")
	fs.StringVar(&o.gw, "gateway", c.getenv("DPCONSOLE_GATEWAY"), gatewayFlagHelp)
	fs.StringVar(&o.config, "config", "", "config `FILE` naming the gateways (default $XDG_CONFIG_HOME/dpconsole/config.yaml)")
	fs.BoolVar(&o.demo, "demo", false, "serve the embedded mock host")
	fs.StringVar(&o.hostKey, "host-key", "", "ed25519 host key `FILE`, created on first start (default: the state directory's serve-ssh/host_ed25519)")
	fs.StringVar(&o.authKeys, "authorized-keys", "", "OpenSSH authorized_keys `FILE`: a listed key admits, then the console asks the host's login")
	fs.DurationVar(&o.idle, "idle", sshserve.DefaultIdle, "log a session out after `DUR` without a keystroke")
	fs.IntVar(&o.maxSessions, "max-sessions", sshserve.DefaultMaxSessions, "at most `N` consoles at once")
	fs.BoolVar(&o.readOnly, "read-only", false, "refuse every function that changes the host")
	fs.StringVar(&o.files, "files", "", "let sessions read and write files in `DIR` only (default: no file actions)")
	fs.StringVar(&o.audit, "audit-log", "", "append one JSON line per session start, end and host-changing call to `FILE`")
	fs.StringVar(&o.caFile, "ca-file", "", "trust the CA certificates in this PEM `FILE` too")
	fs.BoolVar(&o.insecure, "insecure", false, "skip TLS certificate verification (dangerous; warns)")
	fs.DurationVar(&o.timeout, "timeout", 0, "per-call timeout (default 30s)")
	fs.StringVar(&o.themeName, "theme", "dark", "`THEME`: dark or light")
	fs.BoolVar(&o.mouse, "mouse", false, "enable the mouse in every session (off so text can be selected; a click counts as a keystroke for --idle)")
}

// badServeSSHFlags returns what is wrong with serve-ssh's arguments as a
// usage error, or "".
func badServeSSHFlags(fs *pflag.FlagSet, o *serveSSHFlags, pos []string) string {
	switch {
	case len(pos) > 0:
		return fmt.Sprintf("unexpected argument %q", pos[0])
	case o.demo && fs.Changed("gateway"):
		return "--demo serves the embedded mock host: drop --gateway"
	case !o.demo && o.gw == "":
		return "give --gateway URL or --demo"
	case o.idle <= 0:
		return fmt.Sprintf("--idle must be positive, got %s", o.idle)
	case o.maxSessions <= 0:
		return fmt.Sprintf("--max-sessions must be at least 1, got %d", o.maxSessions)
	case o.themeName != "dark" && o.themeName != "light":
		return fmt.Sprintf("--theme is dark or light, got %q", o.themeName)
	}
	return ""
}

// resolveServeSSH fills in what the flags leave to be found: a gateway
// NAME's URL and settings (flags given win), --files as an absolute
// directory, and the default host key's path.
func (c *cli) resolveServeSSH(fs *pflag.FlagSet, o *serveSSHFlags) error {
	if !o.demo && isGatewayName(o.gw) {
		cf := &connFlags{gateway: o.gw, config: o.config, timeout: o.timeout, caFile: o.caFile, insecure: o.insecure, fs: fs}
		if err := c.resolveConn(cf); err != nil {
			return err
		}
		o.gw, o.timeout, o.caFile, o.insecure = cf.gateway, cf.timeout, cf.caFile, cf.insecure
		o.readOnly = o.readOnly || cf.readOnly
	}
	if o.files != "" {
		abs, err := filepath.Abs(o.files)
		if err == nil {
			var st os.FileInfo
			if st, err = os.Stat(abs); err == nil && !st.IsDir() {
				err = fmt.Errorf("not a directory")
			}
		}
		if err != nil {
			return fmt.Errorf("--files %s: %v", o.files, err)
		}
		o.files = abs
	}
	if o.hostKey == "" {
		p, err := c.statePath()
		if err != nil {
			return fmt.Errorf("%v (or give --host-key FILE)", err)
		}
		o.hostKey = filepath.Join(filepath.Dir(p), "serve-ssh", "host_ed25519")
	}
	return nil
}

func (c *cli) serveSSH(cmd *cobra.Command, o *serveSSHFlags, pos []string) int {
	if msg := badServeSSHFlags(cmd.Flags(), o, pos); msg != "" {
		return c.usageError(cmd, "%s", msg)
	}
	if err := c.resolveServeSSH(cmd.Flags(), o); err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	listen, gw, hostKey, authKeys, files, audit, caFile, themeName := o.listen, o.gw, o.hostKey, o.authKeys, o.files, o.audit, o.caFile, o.themeName
	demo, readOnly, insecure, idle, timeout, maxSessions := o.demo, o.readOnly, o.insecure, o.idle, o.timeout, o.maxSessions
	th, err := theme.ByName(themeName)
	if err != nil {
		return c.fail(exitFailure, "theme: %v", err)
	}
	logger := log.New(recordWriter{c.stderr}, "serve-ssh ", log.LstdFlags)
	defer libraryLog(logger)()
	// Bubbles' own default styles draw with lipgloss's default renderer,
	// which belongs to the server's terminal, not any client's: plain.
	prevProfile, prevDark := lipgloss.ColorProfile(), lipgloss.HasDarkBackground()
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(themeName != "light")
	defer func() { lipgloss.SetColorProfile(prevProfile); lipgloss.SetHasDarkBackground(prevDark) }()

	notice := ""
	if demo {
		host, err := mockhost.Start(mockhost.Config{Stderr: logger.Writer()})
		if err != nil {
			return c.fail(exitFailure, "starting the demo host: %v", err)
		}
		defer host.Close()
		gw = host.URL()
		notice = "Built-in demo host (serve-ssh --demo)."
	}
	cfg := sshserve.Config{
		Listen: listen, HostKey: hostKey, AuthorizedKeys: authKeys,
		Gateway: gateway.Options{URL: gw, Timeout: timeout, CAFile: caFile, Insecure: insecure,
			Warn: func(s string) { logger.Print(s) }},
		Idle: idle, MaxSessions: maxSessions, ReadOnly: readOnly, FilesDir: files, Mouse: o.mouse,
		Theme: th, Keys: keymap.Default(), Demo: demo, Notice: notice, Version: gateway.Version,
		Logf: logger.Printf,
	}
	if audit != "" {
		a, closer, err := sshserve.OpenAudit(audit)
		if err != nil {
			return c.fail(exitFailure, "%v", err)
		}
		defer closer.Close()
		cfg.Audit = a
	}
	if files != "" {
		fileio.Confine(files)
	} else {
		fileio.ConfineNone()
	}
	defer fileio.Unconfine()
	srv, err := sshserve.New(cfg)
	if err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	fmt.Fprintf(c.stdout, "listening on ssh://%s\nhost key %s\n", srv.Addr(), srv.Fingerprint())
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	select {
	case err := <-served:
		if err != nil {
			return c.fail(exitFailure, "serve-ssh: %v", err)
		}
		return exitOK
	case <-c.ctx.Done():
	}
	logger.Print("shutting down: ending every session")
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		logger.Printf("shutdown: %v", err)
	}
	<-served
	return exitOK
}
