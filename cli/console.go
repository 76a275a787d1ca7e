package cli

import (
	"time"

	"github.com/spf13/cobra"

	"dpconsole/config"
	"dpconsole/gateway/mockhost"
)

const consoleAbout = `Starts the console. With --demo it runs on the embedded mock host (log in as
operator / demo, or admin / demo then the one-time code 424242). Press ? in the
console for its keys.

Settings not given as flags come from the config file
($XDG_CONFIG_HOME/dpconsole/config.yaml or ~/.config/dpconsole/config.yaml):
gateway, user, theme, task_refresh, log_refresh, utc, read_only, max_log_size,
editor (builtin or external), keys, and gateways: (named gateways; with several
and no --gateway the console opens on the Fleet pane, 0 goes back to it).
`

// minRefresh keeps a typo like --task-refresh 1ms from hammering a host.
const minRefresh = 100 * time.Millisecond

func (c *cli) consoleCommand() *cobra.Command {
	cmd := c.newCmd("dpconsole", "terminal admin console for Sertainty Data Protector hosts", synopsis, consoleAbout)
	var o Options
	fs := cmd.Flags()
	fs.StringVar(&o.Gateway, "gateway", c.getenv("DPCONSOLE_GATEWAY"), gatewayFlagHelp)
	fs.StringVar(&o.User, "user", c.getenv("DPCONSOLE_USER"), "pre-fill the login with `NAME` (env DPCONSOLE_USER)")
	fs.BoolVar(&o.Demo, "demo", false, "run on the embedded mock host")
	fs.BoolVar(&o.Mouse, "mouse", false, "enable the mouse (off so text can be selected)")
	fs.StringVar(&o.Theme, "theme", "", "`THEME`: dark, light or auto (default: the config file, else auto from the terminal)")
	fs.StringVar(&o.ConfigPath, "config", "", "config `FILE` (default $XDG_CONFIG_HOME/dpconsole/config.yaml)")
	fs.BoolVar(&o.ReadOnly, "read-only", false, "refuse every function that changes the host")
	fs.StringVar(&o.CAFile, "ca-file", "", "trust the CA certificates in this PEM `FILE` too")
	fs.BoolVar(&o.Insecure, "insecure", false, "skip TLS certificate verification (dangerous; warns)")
	fs.DurationVar(&o.Timeout, "timeout", 0, "per-call timeout (default 30s)")
	fs.DurationVar(&o.TaskRefresh, "task-refresh", 0, "tasks table refresh interval (default 2s)")
	fs.DurationVar(&o.LogRefresh, "log-refresh", 0, "log tail refresh interval (default 1s)")
	fs.BoolVar(&o.UTC, "utc", false, "show times in UTC")
	maxLog := fs.String("max-log-size", "", "refuse a task or agent log larger than `SIZE` (decoded), e.g. 256MiB (default: max_log_size in the config file, else 1GiB)")
	cmd.RunE = c.action(func(pos []string) int { return c.console(cmd, o, *maxLog, pos) })
	return cmd
}

func (c *cli) console(cmd *cobra.Command, o Options, maxLog string, pos []string) int {
	fs := cmd.Flags()
	if len(pos) > 0 {
		return c.usageError(cmd, "unknown subcommand %q", pos[0])
	}
	switch o.Theme {
	case "", "auto", "dark", "light":
	default:
		return c.usageError(cmd, "--theme is dark, light or auto, got %q", o.Theme)
	}
	if o.Demo {
		if fs.Changed("gateway") {
			return c.usageError(cmd, "--demo runs the embedded mock host: drop --gateway")
		}
		o.Gateway = "" // DPCONSOLE_GATEWAY does not apply to the demo
	}
	if o.Timeout < 0 {
		return c.usageError(cmd, "--timeout must be positive, got %s", o.Timeout)
	}
	if maxLog != "" {
		var err error
		if o.MaxLogSize, err = config.ParseSize(maxLog); err != nil {
			return c.usageError(cmd, "--max-log-size: %v", err)
		}
	}
	for name, d := range map[string]time.Duration{"task-refresh": o.TaskRefresh, "log-refresh": o.LogRefresh} {
		if d != 0 && d < minRefresh {
			return c.usageError(cmd, "--%s must be at least %s, got %s", name, minRefresh, d)
		}
	}
	o.keptSession = c.keptFor
	if err := runConsole(c.ctx, o); err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	return exitOK
}

// mockHostCommand hands its arguments to the mock host's own parser
// (gateway/mockhost/cli.go), help included.
func (c *cli) mockHostCommand() *cobra.Command {
	cmd := c.newCmd("mock-host [flags]", "serve the embedded mock host", "dpconsole mock-host [flags]", "")
	cmd.DisableFlagParsing = true
	cmd.RunE = c.action(func(args []string) int { return mockhost.Main(args, c.stdout, c.stderr) })
	cmd.SetHelpFunc(func(*cobra.Command, []string) { mockhost.Main([]string{"--help"}, c.stdout, c.stderr) })
	return cmd
}
