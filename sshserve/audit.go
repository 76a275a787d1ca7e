package sshserve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"dpconsole/gateway"
	"dpconsole/text/jsonsafe"
)

// Audit writes the audit log: one JSON object per line, for each session
// start and end and each call that changes the host. It never records
// answers, session ids or document contents.
type Audit struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

// AuditRecord is one line of the audit log.
type AuditRecord struct {
	Time     string `json:"time"`                // RFC 3339, UTC
	Event    string `json:"event"`               // session-start, session-end, login-refused, login, call
	User     string `json:"user"`                // the SSH user name, which the host's login starts from
	HostUser string `json:"host_user,omitempty"` // the host's user, when the console logged in as another
	Remote   string `json:"remote,omitempty"`    // the client's address
	Key      string `json:"key,omitempty"`       // SHA256 fingerprint of the client's key, if it used one
	Reason   string `json:"reason,omitempty"`    // session-end: quit, idle, shutdown, disconnect, error
	Function string `json:"function,omitempty"`  // call: the protocol function
	Config   string `json:"config,omitempty"`    // call: the configuration it named
	Task     string `json:"task,omitempty"`      // call: the task it named
	Status   *int   `json:"status,omitempty"`    // call: the host's status; 0 when the call got no answer
	Error    string `json:"error,omitempty"`     // call: "transport" when it got no answer
}

// OpenAudit opens (creating with mode 0600) and appends to path.
func OpenAudit(path string) (*Audit, io.Closer, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("audit log: %w", err)
	}
	return NewAudit(f, nil), f, nil
}

// NewAudit writes records to w; now nil means time.Now.
func NewAudit(w io.Writer, now func() time.Time) *Audit {
	if now == nil {
		now = time.Now
	}
	return &Audit{w: w, now: now}
}

func (a *Audit) write(r AuditRecord) {
	if a == nil {
		return
	}
	r.Time = a.now().UTC().Format("2006-01-02T15:04:05.000Z07:00")
	line, err := json.Marshal(r)
	if err != nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	// The user name is the client's, chosen before any authentication:
	// what a terminal would obey in it is escaped, as JSON allows.
	a.w.Write(append(jsonsafe.Escape(line), '\n'))
}

// call records a call that changes the host, naming only the
// configuration and task it concerns, never other arguments.
func (a *Audit) call(who AuditRecord, function string, args []gateway.Arg, status int, err error) {
	fn, ok := gateway.Lookup(function)
	if a == nil || !ok || !fn.Mutates || fn.Name == "hostCloseSession" {
		return // a session's close is its session-end line
	}
	r := AuditRecord{Event: "call", User: who.User, HostUser: who.HostUser, Remote: who.Remote, Key: who.Key, Function: fn.Name, Status: &status}
	for i, spec := range fn.UserArgs() {
		if i >= len(args) {
			break
		}
		switch spec.Name {
		case "config-name":
			r.Config = string(args[i].Value)
		case "task-name":
			r.Task = string(args[i].Value)
		}
	}
	var te *gateway.TransportError
	if errors.As(err, &te) {
		r.Error = "transport"
	}
	a.write(r)
}

// loggedIn notes a login the host granted to user: when it is not the
// SSH user, it is recorded, and the connection's later records name it.
func (a *Audit) loggedIn(st *connState, user string) {
	who := st.who.Load()
	if who == nil || who.HostUser == user || who.HostUser == "" && who.User == user {
		return
	}
	next := *who
	next.HostUser = user
	if user == who.User {
		next.HostUser = ""
	}
	st.who.Store(&next)
	a.write(withEvent(next, "login", ""))
}

// consoleRefused records a login the host refused in a console already
// open (a key admitted it, or its first host session ended).
func (a *Audit) consoleRefused(who AuditRecord, user string) {
	r := withEvent(who, "login-refused", "denied")
	r.HostUser = ""
	if user != who.User {
		r.HostUser = user
	}
	a.write(r)
}

// refused records a login the host refused: who and from where, never
// the answers.
func (a *Audit) refused(user, remote, reason string) {
	a.write(AuditRecord{Event: "login-refused", User: user, Remote: remote, Reason: reason})
}
