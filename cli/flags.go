package cli

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"dpconsole/fileio"
	"dpconsole/gateway"
)

// synopsisKey is the annotation holding a command's usage line(s), as its
// help prints them (some take two lines, which cobra's Use cannot).
const synopsisKey = "synopsis"

// newCmd makes a command: use names it (cobra's Use), short is its line
// in 'dpconsole help', synopsis its usage line(s), about the text after
// the flags. Positional arguments are checked by the command itself, so
// its messages say what is wrong.
func (c *cli) newCmd(use, short, synopsis, about string) *cobra.Command {
	cmd := &cobra.Command{Use: use, Short: short, Long: about, Args: cobra.ArbitraryArgs,
		Annotations: map[string]string{synopsisKey: synopsis}}
	cmd.Flags().BoolP("help", "h", false, "show this help")
	return cmd
}

// action makes a cobra RunE from a body that returns the exit code.
func (c *cli) action(run func(pos []string) int) func(*cobra.Command, []string) error {
	return func(_ *cobra.Command, pos []string) error {
		c.code = run(pos)
		return nil
	}
}

// synopsisOf is the command's usage line(s).
func synopsisOf(cmd *cobra.Command) string {
	if s := cmd.Annotations[synopsisKey]; s != "" {
		return s
	}
	return cmd.UseLine()
}

// usage writes the synopsis, the flags (sorted, with double dashes) and
// the description.
func usage(w io.Writer, cmd *cobra.Command) {
	fmt.Fprintf(w, "Usage:\n  %s\n", synopsisOf(cmd))
	if cmd.HasAvailableFlags() {
		fmt.Fprintf(w, "\nFlags:\n%s", cmd.Flags().FlagUsages())
	}
	if cmd.HasAvailableSubCommands() && cmd.HasParent() {
		fmt.Fprintf(w, "\nCommands:\n")
		for _, sub := range cmd.Commands() {
			if sub.IsAvailableCommand() {
				fmt.Fprintf(w, "  %-12s %s\n", sub.Name(), sub.Short)
			}
		}
	}
	if cmd.Long != "" {
		fmt.Fprintf(w, "\n%s", cmd.Long)
	}
}

// errUsageShown means a usage error was printed: exit 1.
var errUsageShown = errors.New("usage shown")

// flagError prints a bad flag with the command's synopsis on stderr, as
// usageError does: the one line that matters, not buried under the whole
// flag list. An unknown flag is named as the standard flag package did,
// which scripts and the tests match.
func (c *cli) flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	var nf *pflag.NotExistError
	if errors.As(err, &nf) && nf.GetSpecifiedShortnames() == "" {
		msg = "flag provided but not defined: -" + nf.GetSpecifiedName()
	}
	if strings.Contains(msg, "in duration") || strings.Contains(msg, "time: invalid duration") {
		msg += " (a duration is e.g. 10s, 2m or 1h)"
	}
	c.usageError(cmd, "%s", msg)
	return errUsageShown
}

// usageError prints a usage problem with the command's synopsis (not the
// whole flag list, which would bury the one line that matters) and
// returns 1.
func (c *cli) usageError(cmd *cobra.Command, format string, a ...any) int {
	prog := cmd.CommandPath()
	synopsis := synopsisOf(cmd)
	if !cmd.HasParent() {
		// The console's own line, not every command's: the error is about
		// its flags.
		synopsis = prog + " [flags]"
	}
	fmt.Fprintf(c.stderr, "%s: %s\n\nUsage:\n  %s\nRun '%s --help' for the flags.\n",
		prog, fmt.Sprintf(format, a...), synopsis, prog)
	return exitFailure
}

var promptName = regexp.MustCompile(`^prompt-[1-9][0-9]*$`)

// answers collects repeated --answer prompt-N=VALUE flags.
type answers map[string]string

func (a answers) String() string { return "" } // never show answers

// Type names the value in the help.
func (a answers) Type() string { return "prompt-N=VALUE" }

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
	fs        *pflag.FlagSet
	withLogin bool
}

func (c *cli) addConnFlags(fs *pflag.FlagSet, withLogin bool) *connFlags {
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

func addSessionFlags(fs *pflag.FlagSet) *sessionFlags {
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
