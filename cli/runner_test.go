package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

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

// login keeps an operator session for h in the runner's state dir.
func (r *runner) login(h *testHost) {
	r.t.Helper()
	if got := r.run("login", "--gateway", h.url(), "--user", "operator", "--answer", "prompt-1=demo"); got.code != 0 {
		r.t.Fatalf("login: %+v", got)
	}
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
