package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dpconsole/atomicfile"
	"dpconsole/fileio"
	"dpconsole/gateway"
)

// savedSession is what `dpconsole login` keeps for later calls. The file
// holds a live credential, so it is written 0600 in a 0700 directory.
type savedSession struct {
	Gateway string    `json:"gateway"`
	User    string    `json:"user"`
	Session string    `json:"session"`
	Created time.Time `json:"created"`
}

// maxSessionJSON bounds the kept session file.
const maxSessionJSON = 64 << 10

// statePath is $DPCONSOLE_STATE_DIR/session.json, else
// $XDG_STATE_HOME/dpconsole/session.json, else
// ~/.local/state/dpconsole/session.json.
func (c *cli) statePath() (string, error) {
	if d := c.getenv("DPCONSOLE_STATE_DIR"); d != "" {
		return filepath.Join(d, "session.json"), nil
	}
	if d := c.getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "dpconsole", "session.json"), nil
	}
	home := c.getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no state directory: set DPCONSOLE_STATE_DIR or HOME")
		}
		home = h
	}
	return filepath.Join(home, ".local", "state", "dpconsole", "session.json"), nil
}

// loadSession returns the kept session, or nil when there is none.
func (c *cli) loadSession() (*savedSession, string, error) {
	path, err := c.statePath()
	if err != nil {
		return nil, "", err
	}
	// A session file someone else could write or swap is not trusted
	// (docs/protocol.md §4).
	data, err := fileio.ReadPrivate(path, maxSessionJSON)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, path, nil
	}
	if err != nil {
		return nil, path, fmt.Errorf("the kept session is not used: %w, then run 'dpconsole login' again (or 'dpconsole logout --forget')", err)
	}
	var s savedSession
	if err := json.Unmarshal(data, &s); err != nil || s.Gateway == "" || s.Session == "" {
		return nil, path, fmt.Errorf("the saved session %s is damaged: run 'dpconsole logout --forget' and log in again", path)
	}
	return &s, path, nil
}

func (c *cli) storeSession(s *savedSession) (string, error) {
	path, err := c.statePath()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("creating the state directory: %w", err)
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return "", err
	}
	if err := atomicfile.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return "", fmt.Errorf("saving the session: %w", err)
	}
	return path, nil
}

// sameGateway compares gateway URLs, ignoring a trailing slash.
func sameGateway(a, b string) bool {
	return strings.TrimRight(a, "/") == strings.TrimRight(b, "/")
}

// answerer answers login prompts from --answer flags first, then on the
// terminal without echo; with no terminal it names the unanswered prompt.
func (c *cli) answerer(given answers) gateway.Answerer {
	return func(ctx context.Context, round int, prompts []gateway.Prompt) ([]string, error) {
		out := make([]string, len(prompts))
		var tty terminal
		defer func() {
			if tty != nil {
				tty.Close()
			}
		}()
		for i, p := range prompts {
			if v, ok := given[p.Name]; ok {
				out[i] = v
				continue
			}
			if tty == nil {
				t, err := c.openTerminal()
				if err != nil {
					return nil, fmt.Errorf("%s (%q) has no answer: pass --answer %s=VALUE", p.Name, printable(p.Text), p.Name)
				}
				tty = t
			}
			v, err := tty.ReadSecret(ctx, printable(p.Text))
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
}

const loginAbout = `Logs in to the gateway (challenge rounds: a password, maybe a one-time code)
and keeps the session in $DPCONSOLE_STATE_DIR/session.json, else
$XDG_STATE_HOME/dpconsole/session.json, else ~/.local/state/dpconsole/session.json
(mode 0600). Later 'dpconsole call's to the same gateway reuse it; without
--gateway they use the kept session's gateway.
Prompts without an --answer are asked on the terminal without echo. Answers
given as flags are visible to other local users in the process list: prefer
the terminal where you can.
`

func (c *cli) login(args []string) int {
	cmd := newCommand("login", "dpconsole login [--gateway URL] [--user NAME] [--answer prompt-N=VALUE]... [flags]", loginAbout)
	f := c.addConnFlags(cmd.fs, true)
	pos, err := c.parse(cmd, args)
	if err != nil {
		return helpOr(err)
	}
	if len(pos) > 0 {
		return c.usageError(cmd, "unexpected argument %q", pos[0])
	}
	if f.user == "" {
		return c.usageError(cmd, "no user: pass --user NAME or set DPCONSOLE_USER")
	}
	cl, err := c.client(f, f.gateway)
	if err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	if _, err := cl.Login(c.ctx, f.user, c.answerer(f.answers)); err != nil {
		return c.callFailed(err)
	}
	path, err := c.storeSession(&savedSession{Gateway: cl.URL(), User: f.user, Session: cl.Session(), Created: time.Now().UTC()})
	if err != nil {
		// Do not leave a session open on the host that nobody can close.
		cl.HostCloseSession(c.ctx)
		return c.fail(exitFailure, "%v", err)
	}
	fmt.Fprintf(c.stdout, "logged in to %s as %s; session kept in %s\n", cl.URL(), f.user, path)
	return exitOK
}

const logoutAbout = `Closes the kept session on its gateway (hostCloseSession) and removes it.
With --forget it removes the kept session without contacting the gateway.
`

func (c *cli) logout(args []string) int {
	cmd := newCommand("logout", "dpconsole logout [--forget] [flags]", logoutAbout)
	f := c.addConnFlags(cmd.fs, false)
	forget := cmd.fs.Bool("forget", false, "remove the kept session without contacting the gateway")
	pos, err := c.parse(cmd, args)
	if err != nil {
		return helpOr(err)
	}
	if len(pos) > 0 {
		return c.usageError(cmd, "unexpected argument %q", pos[0])
	}
	saved, path, err := c.loadSession()
	if err != nil && (!*forget || path == "") {
		return c.fail(exitFailure, "%v", err)
	}
	if saved == nil && !*forget {
		fmt.Fprintln(c.stdout, "not logged in: no kept session")
		return exitOK
	}
	code := exitOK
	if !*forget {
		cl, err := c.client(f, saved.Gateway)
		if err != nil {
			return c.fail(exitFailure, "%v", err)
		}
		cl.SetSession(saved.Session)
		err = cl.HostCloseSession(c.ctx)
		switch {
		case err == nil:
		case errors.Is(err, gateway.ErrDenied):
			// The host no longer knows the session (expired or closed): nothing to close.
			fmt.Fprintf(c.stderr, "dpconsole: the session had already ended on %s\n", saved.Gateway)
		case gateway.IsTransport(err):
			return c.fail(exitFailure, "%v\nthe session is still kept; retry, or run 'dpconsole logout --forget'", err)
		default:
			code = c.callFailed(err)
		}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return c.fail(exitFailure, "removing %s: %v", path, err)
	}
	if code == exitOK {
		fmt.Fprintln(c.stdout, "logged out")
	}
	return code
}

// callFailed reports a failed call: exit 2 with code and message for a
// protocol status, 1 for anything else.
func (c *cli) callFailed(err error) int {
	var perr *gateway.Error
	if errors.As(err, &perr) && !gateway.IsTransport(err) && perr.Status != gateway.StatusOK {
		msg := perr.Message
		if msg == "" {
			msg = perr.Status.Text()
		}
		fmt.Fprintf(c.stderr, "dpconsole: %s: status %d: %s\n", perr.Function, int(perr.Status), printable(msg))
		return exitStatus
	}
	fmt.Fprintf(c.stderr, "dpconsole: %s\n", printable(err.Error()))
	return exitFailure
}

// helpOr maps a parse outcome to an exit code: 0 after --help, else 1.
func helpOr(err error) int {
	if errors.Is(err, errHelpShown) {
		return exitOK
	}
	return exitFailure
}
