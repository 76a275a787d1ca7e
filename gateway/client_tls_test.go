package gateway_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"dpconsole/gateway"
)

func newTLSHost(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeResponse(w, ok(gateway.Text("pong")))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, block, 0o600); err != nil {
		t.Fatal(err)
	}
	return srv, caFile
}

func TestTLSSelfSignedIsRefusedByDefault(t *testing.T) {
	srv, _ := newTLSHost(t)
	_, err := newTestClient(t, srv.URL).Call(context.Background(), "agentPing")
	if !gateway.IsTransport(err) {
		t.Fatalf("err = %v, want a transport error", err)
	}
	var unknown x509.UnknownAuthorityError
	var verify *tls.CertificateVerificationError
	if !errors.As(err, &unknown) && !errors.As(err, &verify) {
		t.Errorf("err = %v, want a certificate verification error", err)
	}
}

func TestTLSAcceptedWithTheCAFile(t *testing.T) {
	srv, caFile := newTLSHost(t)
	c := newTestClient(t, srv.URL, func(o *gateway.Options) { o.CAFile = caFile })
	if err := c.AgentPing(context.Background()); err != nil {
		t.Fatalf("with the CA file: %v", err)
	}
}

func TestTLSInsecureWarnsAndConnects(t *testing.T) {
	srv, _ := newTLSHost(t)
	var warnings []string
	c := newTestClient(t, srv.URL, func(o *gateway.Options) {
		o.Insecure = true
		o.Warn = func(s string) { warnings = append(warnings, s) }
	})
	if len(warnings) != 1 || !strings.Contains(warnings[0], "--insecure") {
		t.Errorf("warnings = %q, want one mentioning --insecure", warnings)
	}
	if err := c.AgentPing(context.Background()); err != nil {
		t.Fatalf("insecure: %v", err)
	}
	if err := c.AgentPing(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 {
		t.Errorf("warned %d times, want once", len(warnings))
	}
}

// proxyTarget is a host name that does not resolve: the call can only
// succeed if the client hands it to the proxy. (Go never proxies loopback
// addresses, so the target cannot be the test server itself.)
const proxyTarget = "http://dpconsole-proxy-test.invalid/api"

// TestProxyFromEnvironment runs the client in a child process, because
// net/http reads HTTP_PROXY once per process.
func TestProxyFromEnvironment(t *testing.T) {
	if os.Getenv("DPCONSOLE_PROXY_CHILD") == "1" {
		c := newTestClient(t, proxyTarget)
		if err := c.AgentPing(context.Background()); err != nil {
			t.Fatalf("through the proxy: %v", err)
		}
		return
	}
	var mu sync.Mutex
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.String())
		mu.Unlock()
		io.Copy(io.Discard, r.Body)
		writeResponse(w, ok())
	}))
	defer proxy.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyFromEnvironment$", "-test.count=1")
	env := []string{"DPCONSOLE_PROXY_CHILD=1", "HTTP_PROXY=" + proxy.URL, "http_proxy=" + proxy.URL}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(k) {
		case "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "REQUEST_METHOD":
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0] != "POST "+proxyTarget {
		t.Errorf("proxy saw %q, want one POST %s", seen, proxyTarget)
	}
}

// docs/protocol.md §4: <Session> once the client has one (except for the two
// functions that need none), and the first argument where the spec puts it.
func TestSessionPlacementForEveryFunction(t *testing.T) {
	h := newClientHost(t, func(*gateway.Request) *gateway.Response { return ok() })
	c := newTestClient(t, h.srv.URL)
	const id = "0123456789abcdef0123456789abcdef"
	for _, f := range gateway.Functions() {
		c.SetSession(id)
		if _, err := c.Call(context.Background(), f.Name, gateway.Text("user-arg")); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		req := h.last(t)
		switch f.Session {
		case gateway.SessionNone:
			if req.Session != "" {
				t.Errorf("%s sent <Session> %q, want none", f.Name, req.Session)
			}
			if len(req.Args) != 1 {
				t.Errorf("%s sent %d args, want only the caller's", f.Name, len(req.Args))
			}
		case gateway.SessionElement:
			if req.Session != id || len(req.Args) != 1 || string(req.Args[0].Value) != "user-arg" {
				t.Errorf("%s sent session %q args %q", f.Name, req.Session, req.Args)
			}
		case gateway.SessionFirstArg:
			if req.Session != id || len(req.Args) != 2 || string(req.Args[0].Value) != id || string(req.Args[1].Value) != "user-arg" {
				t.Errorf("%s sent session %q args %q, want the session in both places", f.Name, req.Session, req.Args)
			}
		}
	}
	if got := map[string]gateway.SessionPlace{
		"agentPing": mustLookup(t, "agentPing").Session, "hostOpenSession": mustLookup(t, "hostOpenSession").Session,
		"agentAlter": mustLookup(t, "agentAlter").Session, "hostCloseSession": mustLookup(t, "hostCloseSession").Session,
	}; got["agentPing"] != gateway.SessionNone || got["hostOpenSession"] != gateway.SessionNone ||
		got["agentAlter"] != gateway.SessionFirstArg || got["hostCloseSession"] != gateway.SessionFirstArg {
		t.Errorf("registry session places = %v", got)
	}
}

func mustLookup(t *testing.T, name string) gateway.Function {
	t.Helper()
	f, ok := gateway.Lookup(name)
	if !ok {
		t.Fatalf("%s is not in the registry", name)
	}
	return f
}

func TestNoSessionElementBeforeLogin(t *testing.T) {
	h := newClientHost(t, func(*gateway.Request) *gateway.Response { return ok() })
	c := newTestClient(t, h.srv.URL)
	if err := c.AgentStart(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := h.last(t).Session; s != "" {
		t.Errorf("sent <Session> %q without a session", s)
	}
}

func TestHostCloseSessionForgetsTheSession(t *testing.T) {
	h := newClientHost(t, func(*gateway.Request) *gateway.Response { return ok() })
	c := newTestClient(t, h.srv.URL)
	c.SetSession("abc")
	if err := c.HostCloseSession(context.Background()); err != nil {
		t.Fatal(err)
	}
	req := h.last(t)
	if req.Function != "hostCloseSession" || len(req.Args) != 1 || string(req.Args[0].Value) != "abc" {
		t.Errorf("host received %+v", req)
	}
	if c.Session() != "" {
		t.Errorf("session after close = %q", c.Session())
	}
}

func TestHostCloseSessionKeepsTheSessionOnFailure(t *testing.T) {
	h := newClientHost(t, func(*gateway.Request) *gateway.Response {
		return &gateway.Response{Status: gateway.StatusGeneral, Message: "storage failure"}
	})
	c := newTestClient(t, h.srv.URL)
	c.SetSession("abc")
	if err := c.HostCloseSession(context.Background()); !errors.Is(err, gateway.ErrGeneral) {
		t.Fatalf("err = %v", err)
	}
	if c.Session() != "abc" {
		t.Errorf("session after a failed close = %q, want it kept", c.Session())
	}
}
