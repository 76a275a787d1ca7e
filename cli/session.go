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

	"github.com/spf13/cobra"

	"dpconsole/atomicfile"
	"dpconsole/fileio"
	"dpconsole/gateway"
)

// savedSession is what `dpconsole login` keeps for later calls. The file
// holds a live credential, so it is written 0600 in a 0700 directory.
type savedSession struct {
	Name    string    `json:"name,omitempty"` // the gateway's name in the config file, for a --gateway NAME login
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

// keptPath is where the session of the gateway called name is kept:
// sessions/NAME.json beside session.json, one file per gateway; "" is
// session.json itself (URL logins). Names follow docs/protocol.md §6, so
// one cannot leave the directory.
func (c *cli) keptPath(name string) (string, error) {
	path, err := c.statePath()
	if err != nil || name == "" {
		return path, err
	}
	return filepath.Join(filepath.Dir(path), "sessions", name+".json"), nil
}

// loadKept returns the session kept for the gateway called name ("" for
// URL logins), or nil when there is none.
func (c *cli) loadKept(name string) (*savedSession, string, error) {
	path, err := c.keptPath(name)
	if err != nil {
		return nil, "", err
	}
	again, forget := "'dpconsole login'", "'dpconsole logout --forget'"
	if name != "" {
		again, forget = "'dpconsole login --gateway "+name+"'", "'dpconsole logout --gateway "+name+" --forget'"
	}
	// A session file someone else could write or swap is not trusted
	// (docs/protocol.md §4).
	data, err := fileio.ReadPrivate(path, maxSessionJSON)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, path, nil
	}
	if err != nil {
		return nil, path, fmt.Errorf("the kept session is not used: %w, then run %s again (or %s)", err, again, forget)
	}
	var s savedSession
	if err := json.Unmarshal(data, &s); err != nil || s.Gateway == "" || s.Session == "" {
		return nil, path, fmt.Errorf("the saved session %s is damaged: run %s and log in again", path, forget)
	}
	return &s, path, nil
}

// keptFiles lists every kept session file: session.json, then
// sessions/*.json by name.
func (c *cli) keptFiles() ([]string, error) {
	path, err := c.statePath()
	if err != nil {
		return nil, err
	}
	files := []string{}
	if _, err := os.Lstat(path); err == nil {
		files = append(files, path)
	}
	more, err := filepath.Glob(filepath.Join(filepath.Dir(path), "sessions", "*.json"))
	if err != nil {
		return nil, err
	}
	return append(files, more...), nil
}

func (c *cli) storeSession(s *savedSession) (string, error) {
	path, err := c.keptPath(s.Name)
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
With --gateway NAME (a gateway of the config file's gateways:) the session is
kept per gateway, in sessions/NAME.json beside session.json (mode 0600):
'dpconsole call --gateway NAME' and the console's Fleet pane use it.
Prompts without an --answer are asked on the terminal without echo. Answers
given as flags are visible to other local users in the process list: prefer
the terminal where you can.
`

func (c *cli) loginCommand() *cobra.Command {
	cmd := c.newCmd("login [flags]", "log in and keep the session", "dpconsole login [--gateway URL|NAME] [--user NAME] [--answer prompt-N=VALUE]... [flags]", loginAbout)
	f := c.addConnFlags(cmd.Flags(), true)
	cmd.RunE = c.action(func(pos []string) int { return c.login(cmd, f, pos) })
	return cmd
}

func (c *cli) login(cmd *cobra.Command, f *connFlags, pos []string) int {
	if len(pos) > 0 {
		return c.usageError(cmd, "unexpected argument %q", pos[0])
	}
	if err := c.resolveConn(f); err != nil {
		return c.fail(exitFailure, "%v", err)
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
	path, err := c.storeSession(&savedSession{Name: f.name, Gateway: cl.URL(), User: f.user, Session: cl.Session(), Created: time.Now().UTC()})
	if err != nil {
		// Do not leave a session open on the host that nobody can close.
		cl.HostCloseSession(c.ctx)
		return c.fail(exitFailure, "%v", err)
	}
	where := cl.URL()
	if f.name != "" {
		where = f.name + " (" + cl.URL() + ")"
	}
	fmt.Fprintf(c.stdout, "logged in to %s as %s; session kept in %s\n", where, f.user, path)
	return exitOK
}

const logoutAbout = `Closes the kept session on its gateway (hostCloseSession) and removes it.
With --gateway NAME it closes that gateway's kept session; with --all every
kept session, URL logins and named gateways alike.
With --forget it removes the kept session without contacting the gateway.
`

func (c *cli) logoutCommand() *cobra.Command {
	cmd := c.newCmd("logout [flags]", "close the kept session", "dpconsole logout [--gateway NAME | --all] [--forget] [flags]", logoutAbout)
	f := c.addConnFlags(cmd.Flags(), false)
	var forget, all bool
	cmd.Flags().BoolVar(&forget, "forget", false, "remove the kept session without contacting the gateway")
	cmd.Flags().BoolVar(&all, "all", false, "close every kept session (session.json and sessions/*.json)")
	cmd.RunE = c.action(func(pos []string) int { return c.logout(cmd, f, &forget, &all, pos) })
	return cmd
}

func (c *cli) logout(cmd *cobra.Command, f *connFlags, forget, all *bool, pos []string) int {
	if len(pos) > 0 {
		return c.usageError(cmd, "unexpected argument %q", pos[0])
	}
	if *all && cmd.Flags().Changed("gateway") {
		return c.usageError(cmd, "--all closes every kept session: drop --gateway")
	}
	if *all {
		return c.logoutAll(f, *forget)
	}
	name := ""
	if isGatewayName(f.gateway) {
		if err := c.resolveConn(f); err != nil {
			return c.fail(exitFailure, "%v", err)
		}
		name = f.name
	}
	saved, path, err := c.loadKept(name)
	if err != nil && (!*forget || path == "") {
		return c.fail(exitFailure, "%v", err)
	}
	if saved == nil && !*forget {
		fmt.Fprintln(c.stdout, "not logged in: no kept session")
		return exitOK
	}
	code, ended := c.closeKept(f, saved, path, *forget)
	switch {
	case code != exitOK:
	case saved == nil: // --forget of a file that could not be read, or none
		fmt.Fprintln(c.stdout, "no kept session to forget")
	default:
		fmt.Fprintln(c.stdout, "logged out"+endedNote(ended))
	}
	return code
}

// logoutAll closes and removes every kept session; one that cannot be
// closed is kept and named, and the others are still closed.
func (c *cli) logoutAll(f *connFlags, forget bool) int {
	files, err := c.keptFiles()
	if err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	if len(files) == 0 {
		fmt.Fprintln(c.stdout, "not logged in: no kept session")
		return exitOK
	}
	code := exitOK
	for _, path := range files {
		name := ""
		if filepath.Base(filepath.Dir(path)) == "sessions" {
			name = strings.TrimSuffix(filepath.Base(path), ".json")
		}
		saved, _, err := c.loadKept(name)
		if err != nil && !forget {
			code = max(code, c.fail(exitFailure, "%v", err))
			continue
		}
		if saved == nil && !forget {
			continue
		}
		rc, ended := c.closeKept(f, saved, path, forget)
		if rc != exitOK {
			code = max(code, rc)
			continue
		}
		what := "the default gateway"
		if name != "" {
			what = name
		}
		if saved != nil {
			what += " (" + gateway.RedactURL(saved.Gateway) + ")"
		}
		fmt.Fprintf(c.stdout, "logged out of %s%s\n", what, endedNote(ended))
	}
	return code
}

// endedNote words a logout whose session the host had already ended.
func endedNote(ended bool) string {
	if ended {
		return " (the host had already ended the session)"
	}
	return ""
}

// closeKept closes saved on its gateway (unless forget) and removes its
// file at path; a transport failure keeps the file for a retry. ended
// reports a session the host no longer knew (expired or closed): there
// was nothing to close.
func (c *cli) closeKept(f *connFlags, saved *savedSession, path string, forget bool) (code int, ended bool) {
	if !forget {
		cl, err := c.client(f, saved.Gateway)
		if err != nil {
			return c.fail(exitFailure, "%v", err), false
		}
		cl.SetSession(saved.Session)
		err = cl.HostCloseSession(c.ctx)
		switch {
		case err == nil:
		case errors.Is(err, gateway.ErrDenied):
			ended = true
		case gateway.IsTransport(err):
			return c.fail(exitFailure, "%v\nthe session is still kept in %s; retry, or run 'dpconsole logout --forget'", err, path), false
		default:
			code = c.callFailed(err)
		}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return c.fail(exitFailure, "removing %s: %v", path, err), ended
	}
	return code, ended
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
		if perr.Function == "hostOpenSession" && perr.Status == gateway.StatusDenied {
			// As the console words it: the host does not say which.
			fmt.Fprintln(c.stderr, "hint: the login was refused: a wrong user name or answer (check --user and each --answer prompt-N=...); repeated failures may lock the user for a while")
		}
		return exitStatus
	}
	fmt.Fprintf(c.stderr, "dpconsole: %s\n", printable(err.Error()))
	return exitFailure
}
