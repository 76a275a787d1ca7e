// Package cli is dpconsole's command line and the composition root of the
// local console: it parses flags, reads the config file (package config),
// starts the demo host, builds the gateway client and runs one console
// session (ui.New) on the process's terminal.
//
// With no subcommand it starts the console; `dpconsole call` runs one
// protocol function, `dpconsole login`/`logout` keep a session for later
// calls, `dpconsole functions` lists the registry, `dpconsole version`
// names the build, and `dpconsole mock-host` serves the embedded mock host.
// The command tree is cobra's: flags, help, completion and the man page come
// from it.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes shared by every subcommand.
const (
	exitOK      = 0 // success (protocol status 1)
	exitFailure = 1 // usage, transport or local errors
	exitStatus  = 2 // the host answered a status other than 1
)

// synopsis lists the subcommands; the console's --help starts with it.
const synopsis = `dpconsole [flags]                          start the console (flags below)
  dpconsole call [flags] FUNCTION [ARG...]   run one protocol function
  dpconsole tail [-f] [flags] CONFIG TASK    print a task's log (--agent: the agent's)
  dpconsole login [flags]                    log in and keep the session
  dpconsole logout [flags]                   close the kept session
  dpconsole fleet [--json]                   poll every named gateway once
  dpconsole functions [FUNCTION]             list the protocol functions
  dpconsole mock-host [flags]                serve the embedded mock host
  dpconsole serve-ssh [flags]                serve the console over SSH
  dpconsole version                          print the version
  dpconsole completion SHELL                 print the completion script (bash, zsh, fish, powershell)
  dpconsole man                              print the man page (roff)`

const topUsage = `dpconsole - terminal admin console for Sertainty Data Protector hosts

Usage:
  ` + synopsis + `

Every subcommand takes --help. Environment: DPCONSOLE_GATEWAY (gateway URL),
DPCONSOLE_USER (user name), DPCONSOLE_STATE_DIR (where the session is kept).
Exit codes: 0 success, 1 usage or transport error, 2 the host answered a
status other than 1.
`

// cli carries a run's input, output and environment, so tests can run
// every command in-process.
type cli struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	code   int // the exit code a command's body returned
	// openTerminal returns the terminal to ask secrets on, or an error
	// when there is none (scripts, CI).
	openTerminal func() (terminal, error)
}

// Main executes the command line args (without the program name) and
// returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c := &cli{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv,
		openTerminal: func() (terminal, error) { return openTTY(stdin, stderr) }}
	return c.run(args)
}

func (c *cli) run(args []string) int {
	root := c.rootCommand()
	if args == nil {
		args = []string{} // cobra reads os.Args for nil
	}
	root.SetArgs(args)
	c.code = exitOK
	if err := root.ExecuteContext(c.ctx); err != nil {
		if !errors.Is(err, errUsageShown) {
			fmt.Fprintf(c.stderr, "dpconsole: %v\n\n%s", err, topUsage)
		}
		return exitFailure
	}
	return c.code
}

// rootCommand is the command tree: the console, with every subcommand
// beneath it. Commands print their own errors; exit codes travel in c.code.
func (c *cli) rootCommand() *cobra.Command {
	root := c.consoleCommand()
	root.SetIn(c.stdin)
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	root.SilenceErrors, root.SilenceUsage = true, true
	root.SetFlagErrorFunc(c.flagError)
	root.SetHelpFunc(func(cmd *cobra.Command, _ []string) { usage(cmd.OutOrStdout(), cmd) })
	root.SetHelpCommand(c.helpCommand())
	root.AddCommand(c.callCommand(), c.tailCommand(), c.loginCommand(), c.logoutCommand(), c.fleetCommand(),
		c.functionsCommand(), c.versionCommand(), c.mockHostCommand(), c.serveSSHCommand(), c.manCommand())
	c.addCompletion(root)
	root.InitDefaultCompletionCmd()
	for _, sub := range root.Commands() {
		if sub.Name() == "completion" {
			sub.Annotations = map[string]string{synopsisKey: "dpconsole completion bash|zsh|fish|powershell"}
			sub.Long += completionAbout
			sub.Args = cobra.ArbitraryArgs
			sub.RunE = c.action(func(pos []string) int {
				if len(pos) == 0 {
					return c.usageError(sub, "give a shell: bash, zsh, fish or powershell")
				}
				return c.usageError(sub, "unknown shell %q: give bash, zsh, fish or powershell", pos[0])
			})
		}
	}
	return root
}

// completionAbout says how to install the completion script; the README
// says the same.
const completionAbout = `
Install it once:
  bash  echo 'source <(dpconsole completion bash)' >> ~/.bashrc
  zsh   dpconsole completion zsh > "${fpath[1]}/_dpconsole"
  fish  dpconsole completion fish > ~/.config/fish/completions/dpconsole.fish

TAB then completes commands, flags, function names (with their summary),
--gateway names from the config file, @FILE paths, and configuration, task,
template and preset names asked from the host with the kept session
('dpconsole login'; at most 1s, silent when there is no answer).
`

// helpCommand prints the overview, or a command's help.
func (c *cli) helpCommand() *cobra.Command {
	cmd := c.newCmd("help [COMMAND]", "show the commands, or a command's help", "dpconsole help [COMMAND]", "")
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		if len(pos) == 0 {
			fmt.Fprint(c.stdout, topUsage)
			return nil
		}
		target, rest, err := cmd.Root().Find(pos)
		if err != nil || len(rest) > 0 || target == cmd.Root() {
			fmt.Fprintf(c.stderr, "dpconsole: unknown subcommand %q\n\n%s", pos[0], topUsage)
			c.code = exitFailure
			return nil
		}
		target.HelpFunc()(target, nil)
		return nil
	}
	return cmd
}

// fail prints an error the way every subcommand does and returns code.
func (c *cli) fail(code int, format string, a ...any) int {
	fmt.Fprintf(c.stderr, "dpconsole: "+format+"\n", a...)
	return code
}
