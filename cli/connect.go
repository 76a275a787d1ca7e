package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"dpconsole/gateway"
)

// conn is a client with its session, as call and tail use one.
type conn struct {
	cl         *gateway.Client
	usingSaved bool   // the session is the one 'dpconsole login' kept
	close      func() // closes a session opened for this command alone
	// relogin logs in again as the command did (--user, its answers),
	// for tail -f to ride out a host that ended the session; nil when
	// the session was given or kept.
	relogin func() error
}

// connect resolves the gateway and the session for one command: the
// session given (--session, --session-file, DPCONSOLE_SESSION), else the
// one kept for that gateway, else a login as --user for this command
// alone, as fn needs (no session for the functions that need none). A
// function that changes the host is refused on a read_only gateway. A
// code other than exitOK is the command's exit code.
func (c *cli) connect(cmd *cobra.Command, f *connFlags, sessionID string, fn gateway.Function, maxLog int64) (*conn, int) {
	if err := c.resolveConn(f); err != nil {
		return nil, c.fail(exitFailure, "%v", err)
	}
	if f.readOnly && fn.Mutates {
		return nil, c.fail(exitFailure, "%s changes the host, and gateway %q is read_only in the config file", fn.Name, f.name)
	}
	saved, _, loadErr := c.loadKept(f.name) // --gateway NAME: that gateway's (sessions/NAME.json)
	url := f.gateway
	if url == "" && saved != nil {
		url = saved.Gateway
	}
	if url == "" && loadErr != nil {
		return nil, c.fail(exitFailure, "%v", loadErr)
	}
	if url == "" {
		return nil, c.usageError(cmd, "no gateway: pass --gateway URL, set DPCONSOLE_GATEWAY, or run 'dpconsole login'")
	}
	cl, err := c.clientWith(f, url, maxLog)
	if err != nil {
		return nil, c.fail(exitFailure, "%v", err)
	}
	out := &conn{cl: cl, close: func() {}}
	if fn.Session == gateway.SessionNone {
		return out, exitOK
	}
	switch {
	case sessionID != "":
		cl.SetSession(sessionID)
	case saved != nil && sameGateway(saved.Gateway, url) && (f.user == "" || f.user == saved.User):
		cl.SetSession(saved.Session)
		out.usingSaved = true
	case f.user != "":
		if _, err := cl.Login(c.ctx, f.user, c.answerer(f.answers)); err != nil {
			return nil, c.callFailed(err)
		}
		// A session opened for one command is closed after it.
		out.close = func() { cl.HostCloseSession(context.WithoutCancel(c.ctx)) }
		out.relogin = func() error {
			_, err := cl.Login(c.ctx, f.user, c.answerer(f.answers))
			return err
		}
	case loadErr != nil:
		return nil, c.fail(exitFailure, "%v", loadErr)
	default:
		login := "dpconsole login"
		if f.name != "" {
			login += " --gateway " + f.name // its session is kept apart from the default one
		}
		return nil, c.fail(exitFailure, "%s needs a session: run '%s', or pass --user NAME, --session-file FILE or --session ID", fn.Name, login)
	}
	return out, exitOK
}

// failed reports a failed call, with a hint when the kept session was
// used and the host refused it.
func (c *cli) failed(cn *conn, err error) int {
	code := c.callFailed(err)
	switch {
	case !errors.Is(err, gateway.ErrDenied):
	case cn.usingSaved:
		fmt.Fprintln(c.stderr, "hint: the kept session may have expired or been closed: run 'dpconsole login' again")
	case cn.relogin == nil:
		fmt.Fprintln(c.stderr, "hint: the host refused the session given: log in again ('dpconsole login'), or pass --user NAME to log in for this command")
	}
	return code
}
