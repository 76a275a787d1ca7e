package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"dpconsole/fileio"
	"dpconsole/gateway"
)

// command is one subcommand's flag set and help text.
type command struct {
	fs       *flag.FlagSet
	synopsis string // the usage line(s)
	about    string // what it does, after the flags
}

func newCommand(name, synopsis, about string) *command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // usage is printed once, by parse
	return &command{fs: fs, synopsis: synopsis, about: about}
}

// prog names the command in messages: "dpconsole call", or "dpconsole"
// for the console itself.
func (cmd *command) prog() string {
	if cmd.fs.Name() == "dpconsole" {
		return "dpconsole"
	}
	return "dpconsole " + cmd.fs.Name()
}

// usage writes the synopsis, the flags (with double dashes, as the help
// and README spell them) and the description.
func (cmd *command) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage:\n  %s\n", cmd.synopsis)
	var lines []string
	cmd.fs.VisitAll(func(f *flag.Flag) {
		name, help := flag.UnquoteUsage(f)
		head := "--" + f.Name
		if name != "" {
			head += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0s" && f.DefValue != "[]" {
			help += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		lines = append(lines, fmt.Sprintf("  %-26s %s", head, help))
	})
	if len(lines) > 0 {
		sort.Strings(lines)
		fmt.Fprintf(w, "\nFlags:\n%s\n  %-26s %s\n", strings.Join(lines, "\n"), "--help", "show this help")
	}
	if cmd.about != "" {
		fmt.Fprintf(w, "\n%s", cmd.about)
	}
}

// errHelpShown means --help was asked for and answered: exit 0.
var errHelpShown = errors.New("help shown")

// parse parses flags that may come before, between or after positional
// arguments; everything after "--" is positional. On --help it prints the
// usage to stdout; on a bad flag it prints the error and usage to stderr.
func (c *cli) parse(cmd *command, args []string) ([]string, error) {
	var positional []string
	for {
		err := cmd.fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			cmd.usage(c.stdout)
			return nil, errHelpShown
		}
		if err != nil {
			fmt.Fprintf(c.stderr, "%s: %v\n\n", cmd.prog(), err)
			cmd.usage(c.stderr)
			return nil, err
		}
		rest := cmd.fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		// fs.Args is a suffix of args: "--" just before it ended the flags.
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// usageError prints a usage problem with the command's synopsis (not the
// whole flag list, which would bury the one line that matters) and
// returns 1.
func (c *cli) usageError(cmd *command, format string, a ...any) int {
	fmt.Fprintf(c.stderr, "%s: %s\n\nUsage:\n  %s\nRun '%s --help' for the flags.\n",
		cmd.prog(), fmt.Sprintf(format, a...), cmd.synopsis, cmd.prog())
	return exitFailure
}

var promptName = regexp.MustCompile(`^prompt-[1-9][0-9]*$`)

// answers collects repeated --answer prompt-N=VALUE flags.
type answers map[string]string

func (a answers) String() string { return "" } // never show answers

func (a answers) Set(s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok || !promptName.MatchString(name) {
		return fmt.Errorf("want prompt-N=VALUE, e.g. prompt-1=secret")
	}
	if _, dup := a[name]; dup {
		return fmt.Errorf("%s is answered twice", name)
	}
	a[name] = value
	return nil
}

// connFlags are the flags of every command that talks to a gateway.
type connFlags struct {
	gateway  string
	user     string
	answers  answers
	timeout  time.Duration
	caFile   string
	insecure bool
	// A --gateway NAME's settings (cli/gateways.go): the name, the
	// config file naming it, the flags given (they win over the entry).
	name      string
	readOnly  bool // the entry's read_only
	config    string
	fs        *flag.FlagSet
	withLogin bool
}

func (c *cli) addConnFlags(fs *flag.FlagSet, withLogin bool) *connFlags {
	f := &connFlags{answers: answers{}, fs: fs, withLogin: withLogin}
	fs.StringVar(&f.gateway, "gateway", c.getenv("DPCONSOLE_GATEWAY"), gatewayFlagHelp)
	fs.StringVar(&f.config, "config", "", "config `FILE` naming the gateways (default $XDG_CONFIG_HOME/dpconsole/config.yaml)")
	if withLogin {
		fs.StringVar(&f.user, "user", c.getenv("DPCONSOLE_USER"), "log in as `NAME` (env DPCONSOLE_USER)")
		fs.Var(f.answers, "answer", "answer a login prompt: `prompt-N=VALUE` (repeatable; unanswered prompts are asked on the terminal)")
	}
	fs.DurationVar(&f.timeout, "timeout", gateway.DefaultTimeout, "per-call timeout, e.g. 10s")
	fs.StringVar(&f.caFile, "ca-file", "", "trust the CA certificates in this PEM `FILE` too")
	fs.BoolVar(&f.insecure, "insecure", false, "skip TLS certificate verification (dangerous; warns)")
	return f
}

// maxSessionFile bounds a --session-file: an ID is a few dozen bytes.
const maxSessionFile = 4 << 10

// sessionFlags name a session for a call, instead of a kept one or a login.
type sessionFlags struct {
	id   string // --session
	file string // --session-file
}

func addSessionFlags(fs *flag.FlagSet) *sessionFlags {
	f := &sessionFlags{}
	fs.StringVar(&f.id, "session", "", "use this session `ID` (visible to other local users in the process list: prefer --session-file or DPCONSOLE_SESSION)")
	fs.StringVar(&f.file, "session-file", "", "use the session ID held in `FILE` (yours, not writable by others)")
	return f
}

// given returns the session the operator named: --session, else
// --session-file, else $DPCONSOLE_SESSION; "" when none.
func (c *cli) givenSession(f *sessionFlags) (string, error) {
	switch {
	case f.id != "" && f.file != "":
		return "", errors.New("give --session or --session-file, not both")
	case f.id != "":
		return f.id, nil
	case f.file != "":
		data, err := fileio.ReadPrivate(f.file, maxSessionFile)
		if err != nil {
			return "", fmt.Errorf("--session-file: %w", err)
		}
		id := strings.TrimSpace(string(data))
		if id == "" || strings.ContainsAny(id, " \t\r\n") {
			return "", fmt.Errorf("--session-file %s: want one session ID on one line", f.file)
		}
		return id, nil
	}
	return strings.TrimSpace(c.getenv("DPCONSOLE_SESSION")), nil
}

// client builds a gateway client from the flags.
func (c *cli) client(f *connFlags, url string) (*gateway.Client, error) {
	return c.clientWith(f, url, 0)
}

// clientWith is client with a limit on the logs it reads (0: the default).
func (c *cli) clientWith(f *connFlags, url string, maxLog int64) (*gateway.Client, error) {
	if f.timeout <= 0 {
		return nil, fmt.Errorf("--timeout must be positive, got %s", f.timeout)
	}
	return gateway.NewClient(gateway.Options{URL: url, Timeout: f.timeout, CAFile: f.caFile, Insecure: f.insecure,
		MaxLogSize: maxLog, Warn: func(s string) { fmt.Fprintln(c.stderr, s) }})
}
