package mockhost

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost/clock"
	"dpconsole/testkit"
)

// t0 is where every fake clock starts.
var t0 = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

type testHost struct {
	*Running
	clock  *clock.FakeClock
	stderr *testkit.SyncBuffer
}

// startHost runs a host on loopback with a fake clock; seeded unless empty.
func startHost(t testing.TB, cfg Config) *testHost {
	t.Helper()
	fake := clock.NewFake(t0)
	errs := &testkit.SyncBuffer{}
	cfg.Clock = fake
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	cfg.Stderr = errs
	r, err := Start(cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &testHost{Running: r, clock: fake, stderr: errs}
}

// client returns a project client for the host, not logged in.
func (h *testHost) client(t testing.TB) *gateway.Client {
	t.Helper()
	c, err := gateway.NewClient(gateway.Options{URL: h.URL(), Timeout: 20 * time.Second})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// answers returns an Answerer giving the listed answers, one per prompt.
func answers(list ...string) gateway.Answerer {
	return func(_ context.Context, _ int, prompts []gateway.Prompt) ([]string, error) {
		if len(list) < len(prompts) {
			return nil, errors.New("out of answers")
		}
		out := list[:len(prompts)]
		list = list[len(prompts):]
		return out, nil
	}
}

// login returns a client logged in as operator.
func (h *testHost) login(t testing.TB) *gateway.Client {
	t.Helper()
	c := h.client(t)
	if _, err := c.Login(context.Background(), "operator", answers("demo")); err != nil {
		t.Fatalf("login: %v", err)
	}
	return c
}

// raw posts a document as is and decodes the Response.
func raw(t testing.TB, url, contentType, body string) (int, *gateway.Response) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return send(t, req)
}

func send(t testing.TB, req *http.Request) (int, *gateway.Response) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out, err := gateway.UnmarshalResponse(data, gateway.DefaultLimits())
	if err != nil {
		t.Fatalf("HTTP %d: not a Response: %v: %q", resp.StatusCode, err, data)
	}
	return resp.StatusCode, out
}

// do sends a Request through the client's raw Do, so tests can set any
// session and arguments.
func do(t testing.TB, c *gateway.Client, req *gateway.Request) *gateway.Response {
	t.Helper()
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", req.Function, err)
	}
	return resp
}

// wantStatus checks err is a protocol *Error with the status, and that its
// message contains each of the fragments.
func wantStatus(t testing.TB, what string, err error, want gateway.Status, fragments ...string) {
	t.Helper()
	var pe *gateway.Error
	if !errors.As(err, &pe) {
		t.Errorf("%s: got %v, want status %d", what, err, want)
		return
	}
	if pe.Status != want {
		t.Errorf("%s: status %d (%s), want %d", what, pe.Status, pe.Message, want)
	}
	for _, f := range fragments {
		if !strings.Contains(strings.ToLower(pe.Message), strings.ToLower(f)) {
			t.Errorf("%s: message %q does not mention %q", what, pe.Message, f)
		}
	}
}

// wantResp is wantStatus for a raw Response.
func wantResp(t testing.TB, what string, resp *gateway.Response, want gateway.Status, fragments ...string) {
	t.Helper()
	if resp.Status == gateway.StatusOK {
		if want != gateway.StatusOK {
			t.Errorf("%s: status 1, want %d", what, want)
		}
		return
	}
	wantStatus(t, what, &gateway.Error{Function: what, Status: resp.Status, Message: resp.Message}, want, fragments...)
}

func ok(t testing.TB, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
