package mockhost

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/term"

	"dpconsole/text/bytesize"
)

const usage = `Usage:
  dpconsole mock-host [flags]          serve the embedded mock host
  dpconsole mock-host hash-password    print a bcrypt hash for a users file

Serves the Data Protector protocol at POST http://ADDR/api (and GET /healthz)
with every function of the spec on real state, a scheduler and a challenge
login. Demo users: operator / demo; admin / demo, then one-time code 424242.
Once ready it prints "listening on http://ADDR/api". SIGINT or SIGTERM drain
in-flight calls, stop the scheduler and flush state. On a loopback address it
serves only the Host localhost, 127.x.x.x or [::1] (any other gets HTTP 421).
Answers of 1 KiB or more are gzip-compressed for callers that accept gzip.

Flags:
  --listen ADDR        address to listen on (default 127.0.0.1:8080; :0 picks a port)
  --data DIR           keep state in DIR (default: a temporary directory, removed on exit)
  --users FILE         YAML file adding users (format below)
  --empty              do not seed an empty data directory with demo data
  --max-body SIZE      request body limit, e.g. 512KiB or 64MiB (default 64MiB)
  --session-idle DUR   idle session lifetime, e.g. 30m (default 30m)
  --log-keep N         newest entries kept per task log and agent log, at most
                       1000000 (default 10000); up to N/4 more are kept, then
                       the oldest dropped at once, as a log is rotated
  --verbose            one line per call on stderr: function, status, duration
  --help               show this help

Users file:
  users:
    - name: alice
      password_hash: "$2a$10$..."     # asked first, as "Password:"
      prompts:                         # optional further rounds, in order
        - prompt: "PIN:"
          answer_hash: "$2a$10$..."
`

// MaxLogKeep bounds --log-keep: a million entries (about 130 MB a log).
const MaxLogKeep = 1_000_000

// Main runs `dpconsole mock-host ARGS` and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "hash-password" {
		return hashPasswordMain(args[1:], os.Stdin, stdout, stderr)
	}
	cfg, err := parseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "mock-host: %v\n\n%s", err, usage)
		return 1
	}
	cfg.Stdout, cfg.Stderr = stdout, stderr
	// SIGHUP too: a closed SSH session or tmux window must still drain,
	// flush and remove the temporary data directory.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	go func() {
		// After the first signal, restore the default handling so a second
		// one ends a drain that takes too long.
		<-ctx.Done()
		stop()
	}()
	if err := Run(ctx, cfg); err != nil {
		fmt.Fprintf(stderr, "mock-host: %v\n", err)
		return 1
	}
	return 0
}

// parseFlags turns the command line into a Config.
func parseFlags(args []string) (Config, error) {
	var cfg Config
	fs := flag.NewFlagSet("mock-host", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Main prints the error and the usage once
	fs.StringVar(&cfg.Listen, "listen", DefaultListen, "")
	fs.StringVar(&cfg.DataDir, "data", "", "")
	fs.StringVar(&cfg.UsersFile, "users", "", "")
	fs.BoolVar(&cfg.Empty, "empty", false, "")
	maxBody := fs.String("max-body", "64MiB", "")
	fs.DurationVar(&cfg.SessionIdle, "session-idle", DefaultSessionIdle, "")
	fs.IntVar(&cfg.LogKeep, "log-keep", 0, "")
	fs.BoolVar(&cfg.Verbose, "verbose", false, "")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	n, err := ParseSize(*maxBody)
	if err != nil {
		return cfg, fmt.Errorf("--max-body: %w", err)
	}
	if n < 1024 {
		return cfg, fmt.Errorf("--max-body %s is too small: give at least 1KiB", *maxBody)
	}
	cfg.MaxBody = n
	if cfg.SessionIdle <= 0 {
		return cfg, fmt.Errorf("--session-idle %s: give a positive duration such as 30m", cfg.SessionIdle)
	}
	if cfg.LogKeep < 0 {
		return cfg, fmt.Errorf("--log-keep %d: give a positive number of entries", cfg.LogKeep)
	}
	if cfg.LogKeep > MaxLogKeep {
		return cfg, fmt.Errorf("--log-keep %d: give at most %d entries", cfg.LogKeep, MaxLogKeep)
	}
	return cfg, nil
}

// ParseSize reads a byte size such as 64MiB, 512KiB, 1GB or 1048576.
func ParseSize(s string) (int64, error) { return bytesize.Parse(s) }

// hashPasswordMain reads a secret (without echo from a terminal, else the
// first line of stdin) and prints its bcrypt hash for a users file.
func hashPasswordMain(args []string, stdin *os.File, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if args[0] == "--help" || args[0] == "-h" || args[0] == "-help" {
			fmt.Fprint(stdout, "Usage: dpconsole mock-host hash-password\n\nReads a password or prompt answer (without echo on a terminal, else the\nfirst line of stdin) and prints its bcrypt hash for a --users file.\n")
			return 0
		}
		fmt.Fprintf(stderr, "mock-host hash-password: unexpected argument %q (it takes none; the secret is read from the terminal or stdin)\n", args[0])
		return 1
	}
	var secret []byte
	var err error
	if fd := int(stdin.Fd()); term.IsTerminal(fd) {
		secret, err = readTwice(fd, stderr)
	} else {
		secret, err = readLine(stdin)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mock-host hash-password: %v\n", err)
		return 1
	}
	hash, err := hashSecret(secret)
	if err != nil {
		fmt.Fprintf(stderr, "mock-host hash-password: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, hash)
	return 0
}

func readTwice(fd int, stderr io.Writer) ([]byte, error) {
	fmt.Fprint(stderr, "Password: ")
	a, err := term.ReadPassword(fd)
	fmt.Fprintln(stderr)
	if err != nil {
		return nil, fmt.Errorf("reading the password: %w", err)
	}
	fmt.Fprint(stderr, "Again: ")
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(stderr)
	if err != nil {
		return nil, fmt.Errorf("reading the password: %w", err)
	}
	if string(a) != string(b) {
		return nil, errors.New("the two entries differ: nothing printed")
	}
	return a, nil
}

func readLine(r io.Reader) ([]byte, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reading stdin: %w", err)
	}
	return []byte(strings.TrimRight(line, "\r\n")), nil
}

// hashSecret hashes at bcrypt's default cost; an empty secret is refused.
func hashSecret(secret []byte) (string, error) {
	if len(secret) == 0 {
		return "", errors.New("the password is empty: type one, or pipe it on stdin")
	}
	if len(secret) > 72 {
		return "", errors.New("the password is longer than bcrypt's 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword(secret, bcrypt.DefaultCost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}
