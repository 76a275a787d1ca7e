package gateway_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dpconsole/gateway"
)

// clientHost is a loopback host speaking the protocol minimally: it decodes
// each request, records it, and answers what the test's handler says.
type clientHost struct {
	srv    *httptest.Server
	handle func(req *gateway.Request) *gateway.Response

	mu       sync.Mutex
	requests []*gateway.Request
	agents   []string
	types    []string
}

func newClientHost(t *testing.T, handle func(req *gateway.Request) *gateway.Response) *clientHost {
	t.Helper()
	h := &clientHost{handle: handle}
	h.srv = httptest.NewServer(h)
	t.Cleanup(h.srv.Close)
	return h
}

func (h *clientHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req, err := gateway.UnmarshalRequest(body, gateway.DefaultLimits())
	if err != nil {
		writeResponse(w, &gateway.Response{Status: gateway.StatusInvalid, Message: err.Error()})
		return
	}
	h.mu.Lock()
	h.requests = append(h.requests, req)
	h.agents = append(h.agents, r.UserAgent())
	h.types = append(h.types, r.Header.Get("Content-Type"))
	h.mu.Unlock()
	writeResponse(w, h.handle(req))
}

func writeResponse(w http.ResponseWriter, resp *gateway.Response) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	resp.Encode(w)
}

// received returns the requests the host decoded so far.
func (h *clientHost) received() []*gateway.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]*gateway.Request(nil), h.requests...)
}

func (h *clientHost) last(t *testing.T) *gateway.Request {
	t.Helper()
	got := h.received()
	if len(got) == 0 {
		t.Fatal("the host received no request")
	}
	return got[len(got)-1]
}

func ok(results ...gateway.Arg) *gateway.Response {
	return &gateway.Response{Status: gateway.StatusOK, Message: "OK", Results: results}
}

func newTestClient(t *testing.T, url string, opts ...func(*gateway.Options)) *gateway.Client {
	t.Helper()
	o := gateway.Options{URL: url, Timeout: 5 * time.Second}
	for _, f := range opts {
		f(&o)
	}
	c, err := gateway.NewClient(o)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

func TestCallSuccess(t *testing.T) {
	h := newClientHost(t, func(req *gateway.Request) *gateway.Response {
		return ok(gateway.Text("Active"), gateway.Named("n", "\x00\xff binary"))
	})
	c := newTestClient(t, h.srv.URL+"/api")
	c.SetSession("s-1")
	resp, err := c.Call(context.Background(), "configGetList")
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	if resp.Status != gateway.StatusOK || resp.Message != "OK" || len(resp.Results) != 2 {
		t.Fatalf("response = %+v", resp)
	}
	if string(resp.Results[0].Value) != "Active" || resp.Results[1].Name != "n" || string(resp.Results[1].Value) != "\x00\xff binary" {
		t.Errorf("results = %+v", resp.Results)
	}
	req := h.last(t)
	if req.Function != "configGetList" || req.Session != "s-1" || len(req.Args) != 0 {
		t.Errorf("host received %+v", req)
	}
	h.mu.Lock()
	ua, ct := h.agents[0], h.types[0]
	h.mu.Unlock()
	if ua != "dpconsole/"+gateway.Version {
		t.Errorf("User-Agent = %q, want dpconsole/%s", ua, gateway.Version)
	}
	if !strings.HasPrefix(ct, "application/xml") {
		t.Errorf("Content-Type = %q", ct)
	}
}

func TestCallCanonicalisesTheFunctionName(t *testing.T) {
	h := newClientHost(t, func(*gateway.Request) *gateway.Response { return ok() })
	c := newTestClient(t, h.srv.URL)
	if _, err := c.Call(context.Background(), "tempateGetTask", gateway.Text("t")); err != nil {
		t.Fatal(err)
	}
	if got := h.last(t).Function; got != "templateGetTask" {
		t.Errorf("sent function %q, want templateGetTask", got)
	}
	if _, err := c.Call(context.Background(), "noSuchFunction"); err == nil || gateway.IsTransport(err) {
		t.Errorf("unknown function: err = %v, want a usage error", err)
	}
}

func TestCallStatusCodes(t *testing.T) {
	sentinels := []error{gateway.ErrChallenged, gateway.ErrDenied, gateway.ErrNotFound, gateway.ErrExists, gateway.ErrInvalid, gateway.ErrGeneral}
	cases := []struct {
		status gateway.Status
		want   error // nil: matches no sentinel
	}{
		{gateway.StatusChallenged, gateway.ErrChallenged},
		{gateway.StatusDenied, gateway.ErrDenied},
		{gateway.StatusNotFound, gateway.ErrNotFound},
		{gateway.StatusExists, gateway.ErrExists},
		{gateway.StatusInvalid, gateway.ErrInvalid},
		{gateway.StatusGeneral, gateway.ErrGeneral},
		{777, nil},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(int(tc.status)), func(t *testing.T) {
			msg := "host says " + fmt.Sprint(int(tc.status))
			if tc.want == nil {
				msg = "" // an unknown code without a message still reads well
			}
			h := newClientHost(t, func(*gateway.Request) *gateway.Response {
				return &gateway.Response{Status: tc.status, Message: msg}
			})
			c := newTestClient(t, h.srv.URL)
			resp, err := c.Call(context.Background(), "configCreate", gateway.Text("x"))
			var perr *gateway.Error
			if !errors.As(err, &perr) {
				t.Fatalf("err = %v (%T), want *gateway.Error", err, err)
			}
			if gateway.IsTransport(err) {
				t.Error("a protocol error reports as a transport error")
			}
			if perr.Status != tc.status || perr.Function != "configCreate" || perr.Message != msg {
				t.Errorf("error = %+v", perr)
			}
			if resp == nil || resp.Status != tc.status {
				t.Errorf("the response should come back beside the error, got %+v", resp)
			}
			for _, s := range sentinels {
				if got := errors.Is(err, s); got != (s == tc.want) {
					t.Errorf("errors.Is(err, %v) = %v", s, got)
				}
			}
			if tc.want == nil && !strings.Contains(err.Error(), "unknown status 777") {
				t.Errorf("unknown code reads %q", err)
			}
		})
	}
}

func TestTransportErrorsAreNotProtocolErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	c := newTestClient(t, url)
	_, err := c.Call(context.Background(), "agentPing")
	if err == nil {
		t.Fatal("call to a closed port succeeded")
	}
	if !gateway.IsTransport(err) {
		t.Errorf("err = %v, want a transport error", err)
	}
	var perr *gateway.Error
	if errors.As(err, &perr) {
		t.Errorf("a refused connection reads as protocol status %v", perr.Status)
	}
	for _, s := range []error{gateway.ErrDenied, gateway.ErrGeneral, gateway.ErrInvalid} {
		if errors.Is(err, s) {
			t.Errorf("transport error matches %v", s)
		}
	}
}

// blockingHost answers nothing until the client goes away; started is
// signalled when a request arrives.
func blockingHost(t *testing.T, writeHeader bool) (url string, started <-chan struct{}) {
	t.Helper()
	ch := make(chan struct{}, 16)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if writeHeader {
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(http.StatusOK)
			io.WriteString(w, "<Response><Status>1</Sta")
			w.(http.Flusher).Flush()
		}
		ch <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv.URL, ch
}

func TestCallTimeoutWaitingForHeaders(t *testing.T) {
	url, _ := blockingHost(t, false)
	c := newTestClient(t, url, func(o *gateway.Options) { o.Timeout = 200 * time.Millisecond })
	_, err := c.Call(context.Background(), "agentPing")
	if !gateway.IsTransport(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a transport error wrapping context.DeadlineExceeded", err)
	}
	if !strings.Contains(err.Error(), "200ms") {
		t.Errorf("the error should say the timeout: %v", err)
	}
}

func TestCallTimeoutWhileReadingTheBody(t *testing.T) {
	url, _ := blockingHost(t, true)
	c := newTestClient(t, url, func(o *gateway.Options) { o.Timeout = 200 * time.Millisecond })
	_, err := c.Call(context.Background(), "agentPing")
	if !gateway.IsTransport(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a transport error wrapping context.DeadlineExceeded", err)
	}
}

// A host that accepts the connection and never reads or writes a byte.
func TestCallToAHostThatNeverAnswers(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var conns []net.Conn
	var mu sync.Mutex
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
		for _, c := range conns {
			c.Close()
		}
	})
	c := newTestClient(t, "http://"+ln.Addr().String()+"/api", func(o *gateway.Options) { o.Timeout = 200 * time.Millisecond })
	_, err = c.Call(context.Background(), "agentGetStatus")
	if !gateway.IsTransport(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a transport error wrapping context.DeadlineExceeded", err)
	}
}

func TestCallCancellation(t *testing.T) {
	url, started := blockingHost(t, false)
	c := newTestClient(t, url) // the 5s timeout must not be what ends the call
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	_, err := c.Call(ctx, "agentGetStatus")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a cancelled call reports a deadline: %v", err)
	}
	if !gateway.IsTransport(err) {
		t.Errorf("err = %v, want a transport error", err)
	}
}

func TestCallBadAnswers(t *testing.T) {
	cases := []struct {
		name     string
		code     int
		body     string
		httpCode int    // HTTPStatus expected in the error
		prefix   string // expected start of BodyPrefix
		wrapped  error  // expected in the chain
	}{
		{"not xml", 200, "hello, world", 200, "hello, world", gateway.ErrMalformed},
		{"html error page", 502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", 502, "<html>", gateway.ErrMalformed},
		{"http 500 empty", 500, "", 500, "", gateway.ErrMalformed},
		{"http 500 text", 500, "Internal Server Error\n", 500, "Internal Server Error", gateway.ErrMalformed},
		{"truncated document", 200, "<Response><Status>1</Status><ResultList><Result>QU", 200, "<Response>", gateway.ErrMalformed},
		{"status not a number", 200, "<Response><Status>ok</Status></Response>", 200, "<Response>", gateway.ErrMalformed},
		{"wrong root", 200, "<Request><Function>x</Function></Request>", 200, "<Request>", gateway.ErrMalformed},
		{"doctype", 200, `<!DOCTYPE r [<!ENTITY a "b">]><Response><Status>1</Status></Response>`, 200, "<!DOCTYPE", gateway.ErrDoctype},
		{"bad base64", 200, "<Response><Status>1</Status><ResultList><Result>***</Result></ResultList></Response>", 200, "<Response>", gateway.ErrBadBase64},
		{"http 500 with status 1", 500, "<Response><Status>1</Status><StatusMessage>OK</StatusMessage></Response>", 500, "<Response>", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(tc.code)
				io.WriteString(w, tc.body)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL)
			_, err := c.Call(context.Background(), "agentPing")
			var te *gateway.TransportError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v (%T), want *gateway.TransportError", err, err)
			}
			var perr *gateway.Error
			if errors.As(err, &perr) {
				t.Errorf("a bad answer reads as protocol status %v", perr.Status)
			}
			if te.HTTPStatus != tc.httpCode {
				t.Errorf("HTTPStatus = %d, want %d", te.HTTPStatus, tc.httpCode)
			}
			if !strings.HasPrefix(te.BodyPrefix, tc.prefix) {
				t.Errorf("BodyPrefix = %q, want it to start %q", te.BodyPrefix, tc.prefix)
			}
			if tc.wrapped != nil && !errors.Is(err, tc.wrapped) {
				t.Errorf("err = %v, want it to wrap %v", err, tc.wrapped)
			}
			if !strings.Contains(err.Error(), "agentPing") {
				t.Errorf("the error should name the function: %v", err)
			}
		})
	}
}

// docs/protocol.md §1: the host refuses an over-large body with HTTP 413 and a
// <Response> carrying 408; that is the host's answer, not a transport fault.
func TestCallRefusalWithResponseBodyIsProtocol(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		(&gateway.Response{Status: gateway.StatusInvalid, Message: "body over 64 MiB"}).Encode(w)
	}))
	defer srv.Close()
	_, err := newTestClient(t, srv.URL).Call(context.Background(), "agentPing")
	if !errors.Is(err, gateway.ErrInvalid) || gateway.IsTransport(err) {
		t.Fatalf("err = %v, want protocol status 408", err)
	}
}

// The connection drops before the declared Content-Length arrives, once in
// the middle of the document and once just after a complete one.
func TestCallTruncatedTransfer(t *testing.T) {
	for name, sent := range map[string]string{
		"mid-document":   "<Response><Status>1</Status>",
		"after document": "<Response><Status>1</Status><StatusMessage>OK</StatusMessage></Response>",
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				conn, buf, err := w.(http.Hijacker).Hijack()
				if err != nil {
					t.Error(err)
					return
				}
				buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 500\r\n\r\n" + sent)
				buf.Flush()
				conn.Close()
			}))
			defer srv.Close()
			_, err := newTestClient(t, srv.URL).Call(context.Background(), "agentPing")
			var te *gateway.TransportError
			if !errors.As(err, &te) || te.HTTPStatus != 200 {
				t.Fatalf("err = %v, want a transport error after HTTP 200", err)
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("err = %v, want it to wrap io.ErrUnexpectedEOF", err)
			}
		})
	}
}

func TestCallBodyOverTheLimit(t *testing.T) {
	h := newClientHost(t, func(*gateway.Request) *gateway.Response {
		return ok(gateway.Text(strings.Repeat("x", 4096)))
	})
	lim := gateway.DefaultLimits()
	lim.MaxBytes = 1024
	c := newTestClient(t, h.srv.URL, func(o *gateway.Options) { o.Limits = lim })
	_, err := c.Call(context.Background(), "agentGetLog")
	if !gateway.IsTransport(err) || !errors.Is(err, gateway.ErrTooLarge) {
		t.Fatalf("err = %v, want a transport error wrapping ErrTooLarge", err)
	}
}

func TestNewClientRefusesBadOptions(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		opts gateway.Options
		want string
	}{
		{"no url", gateway.Options{}, "no gateway URL"},
		{"no scheme", gateway.Options{URL: "localhost:8080/api"}, "must start with http"},
		{"ftp", gateway.Options{URL: "ftp://host/api"}, "must start with http"},
		{"missing CA file", gateway.Options{URL: "https://h/", CAFile: filepath.Join(dir, "missing.pem")}, "CA file"},
		{"CA file without PEM", gateway.Options{URL: "https://h/", CAFile: notPEM}, "no PEM certificate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := gateway.NewClient(tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}
