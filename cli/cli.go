// Package cli is dpconsole's command line and the composition root of the
// local console: it parses flags, reads the config file (package config),
// starts the demo host, builds the gateway client and runs one console
// session (ui.New) on the process's terminal.
//
// With no subcommand it starts the console; `dpconsole call` runs one
// protocol function, `dpconsole login`/`logout` keep a session for later
// calls, `dpconsole functions` lists the registry, `dpconsole version`
// names the build, and `dpconsole mock-host` serves the embedded mock host.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
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
  dpconsole version                          print the version`

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
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return c.console(args)
	}
	rest := args[1:]
	switch args[0] {
	case "call":
		return c.call(rest)
	case "tail":
		return c.tail(rest)
	case "login":
		return c.login(rest)
	case "logout":
		return c.logout(rest)
	case "fleet":
		return c.fleet(rest)
	case "functions":
		return c.functions(rest)
	case "version":
		return c.version(rest)
	case "mock-host":
		return c.mockHost(rest)
	case "serve-ssh":
		return c.serveSSH(rest)
	case "help":
		fmt.Fprint(c.stdout, topUsage)
		return exitOK
	}
	fmt.Fprintf(c.stderr, "dpconsole: unknown subcommand %q\n\n%s", args[0], topUsage)
	return exitFailure
}

// fail prints an error the way every subcommand does and returns code.
func (c *cli) fail(code int, format string, a ...any) int {
	fmt.Fprintf(c.stderr, "dpconsole: "+format+"\n", a...)
	return code
}
