package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"dpconsole/gateway"
)

// fakeHost speaks the protocol minimally over loopback: the demo users'
// challenge login, one session, and a few functions with fixed answers. It
// records every request so tests can check what the CLI sent.
type fakeHost struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests []*gateway.Request
	sessions map[string]bool
	next     int
}

// fakeID is the binary ID the fake host returns from configGetID.
var fakeID = []byte{0x00, 0x01, 0xfe, 0xff, 'I', 'D', 0x1b, '[', '2', 'J'}

func newFakeHost(t *testing.T) *fakeHost {
	t.Helper()
	h := &fakeHost{sessions: map[string]bool{}}
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *fakeHost) url() string { return h.srv.URL + "/api" }

func (h *fakeHost) received() []*gateway.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]*gateway.Request(nil), h.requests...)
}

// calls returns the functions received, in order.
func (h *fakeHost) calls() []string {
	var out []string
	for _, r := range h.received() {
		out = append(out, r.Function)
	}
	return out
}

func (h *fakeHost) find(t *testing.T, fn string) *gateway.Request {
	t.Helper()
	reqs := h.received()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Function == fn {
			return reqs[i]
		}
	}
	t.Fatalf("the host never received %s (got %v)", fn, h.calls())
	return nil
}

func (h *fakeHost) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req, err := gateway.UnmarshalRequest(body, gateway.DefaultLimits())
	var resp *gateway.Response
	if err != nil {
		resp = &gateway.Response{Status: gateway.StatusInvalid, Message: err.Error()}
	} else {
		h.mu.Lock()
		h.requests = append(h.requests, req)
		resp = h.answer(req)
		h.mu.Unlock()
	}
	var b bytes.Buffer
	resp.Encode(&b)
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write(b.Bytes())
}

func res(status gateway.Status, msg string, results ...gateway.Arg) *gateway.Response {
	return &gateway.Response{Status: status, Message: msg, Results: results}
}

var fakeUsers = map[string][][2]string{
	"operator": {{"Password:", "demo"}},
	"admin":    {{"Password:", "demo"}, {"One-time code:", "424242"}},
}

// answer runs with h.mu held.
func (h *fakeHost) answer(req *gateway.Request) *gateway.Response {
	fn, ok := gateway.Lookup(req.Function)
	if !ok {
		return res(gateway.StatusInvalid, "unknown function "+req.Function)
	}
	switch fn.Session {
	case gateway.SessionElement:
		if !h.sessions[req.Session] {
			return res(gateway.StatusDenied, "Denied: session missing or unknown")
		}
	case gateway.SessionFirstArg:
		if len(req.Args) == 0 || !h.sessions[string(req.Args[0].Value)] {
			return res(gateway.StatusDenied, "Denied: session missing or unknown")
		}
	}
	arg := func(i int) string {
		if i < len(req.Args) {
			return string(req.Args[i].Value)
		}
		return ""
	}
	switch fn.Name {
	case "hostOpenSession":
		return h.login(req)
	case "hostCloseSession":
		delete(h.sessions, arg(0))
		return res(gateway.StatusOK, "OK")
	case "agentPing", "configCreate", "configSaveTasks", "configSaveScript", "sharedNewID":
		return res(gateway.StatusOK, "OK")
	case "configGetList":
		return res(gateway.StatusOK, "OK", gateway.Text("production"), gateway.Text("staging"))
	case "configGetID":
		if arg(0) != "production" {
			return res(gateway.StatusNotFound, fmt.Sprintf("configuration %q does not exist", arg(0)))
		}
		return res(gateway.StatusOK, "OK", gateway.Arg{Value: fakeID})
	case "configGetTasks":
		return res(gateway.StatusOK, "OK", gateway.Text("<Tasks>\n  <Task name=\"a\"/>\n</Tasks>"))
	case "agentGetStatus":
		return res(gateway.StatusOK, "OK", gateway.Text("Active"), gateway.Text("DP"), gateway.Text("3.4.0"),
			gateway.Text("production"), gateway.Text("Active"), gateway.Text("Normal"))
	case "agentRestart":
		return res(gateway.StatusGeneral, "agent is offline")
	case "sharedGetScript":
		return res(gateway.StatusOK, "OK", gateway.Text("evil\x1b]0;pwned\x07"))
	}
	return res(gateway.StatusInvalid, "the fake host does not do "+fn.Name)
}

func (h *fakeHost) login(req *gateway.Request) *gateway.Response {
	if len(req.Args) == 0 {
		return res(gateway.StatusInvalid, "client-user is empty")
	}
	rounds, known := fakeUsers[string(req.Args[0].Value)]
	if !known {
		rounds = [][2]string{{"Password:", "\x00"}}
	}
	answers := req.Args[1:]
	for i, a := range answers {
		if a.Name != fmt.Sprintf("prompt-%d", i+1) || i >= len(rounds) || string(a.Value) != rounds[i][1] {
			return res(gateway.StatusDenied, "Denied")
		}
	}
	if len(answers) < len(rounds) {
		n := len(answers)
		return res(gateway.StatusChallenged, "Challenged", gateway.Named(fmt.Sprintf("prompt-%d", n+1), rounds[n][0]))
	}
	h.next++
	id := fmt.Sprintf("fake-session-%d", h.next)
	h.sessions[id] = true
	return res(gateway.StatusOK, "OK", gateway.Text(id))
}

// fakeTerminal answers prompts from a table, as if typed.
type fakeTerminal struct {
	answers map[string]string
	asked   []string
}

func (f *fakeTerminal) ReadSecret(_ context.Context, prompt string) (string, error) {
	f.asked = append(f.asked, prompt)
	v, ok := f.answers[prompt]
	if !ok {
		return "", errors.New("unexpected prompt " + prompt)
	}
	return v, nil
}

func (f *fakeTerminal) Close() error { return nil }

// result is one in-process run of the CLI.
type result struct {
	code           int
	stdout, stderr string
}

// runner runs the CLI in-process with an environment of its own.
type runner struct {
	t     *testing.T
	env   map[string]string
	stdin string
	tty   terminal // nil: no terminal
}

func newRunner(t *testing.T) *runner {
	return &runner{t: t, env: map[string]string{"DPCONSOLE_STATE_DIR": t.TempDir(), "HOME": t.TempDir()}}
}

func (r *runner) run(args ...string) result {
	r.t.Helper()
	var out, errb bytes.Buffer
	c := &cli{ctx: context.Background(), stdin: strings.NewReader(r.stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return r.env[k] },
		openTerminal: func() (terminal, error) {
			if r.tty == nil {
				return nil, errNoTerminal
			}
			return r.tty, nil
		}}
	code := c.run(args)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}
