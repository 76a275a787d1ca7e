package gateway

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Version is the dpconsole version, sent in the User-Agent.
var Version = "0.1.0"

// DefaultTimeout bounds one call when Options.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Options configure a Client.
type Options struct {
	URL       string        // the gateway URL, posted to as given (docs/protocol.md §1)
	Timeout   time.Duration // per call; DefaultTimeout when zero
	CAFile    string        // PEM bundle of extra trusted CAs
	Insecure  bool          // skip TLS verification (warns through Warn)
	UserAgent string        // defaults to "dpconsole/VERSION"
	Limits    Limits        // response decoding limits; DefaultLimits when zero
	Warn      func(string)  // receives the insecure warning; stderr when nil
	// Transport replaces the HTTP transport (tests); proxies, TLS and the
	// CA file are then the caller's business.
	Transport http.RoundTripper
}

// Client speaks the protocol to one gateway. It is safe for concurrent use.
type Client struct {
	url     string
	timeout time.Duration
	ua      string
	limits  Limits
	http    *http.Client

	mu      sync.RWMutex
	session string
}

// NewClient checks the options and builds a client.
func NewClient(opts Options) (*Client, error) {
	if opts.URL == "" {
		return nil, errors.New("no gateway URL: give --gateway URL or set DPCONSOLE_GATEWAY")
	}
	if !strings.HasPrefix(opts.URL, "http://") && !strings.HasPrefix(opts.URL, "https://") {
		return nil, fmt.Errorf("gateway URL %q must start with http:// or https://", opts.URL)
	}
	c := &Client{url: opts.URL, timeout: opts.Timeout, ua: opts.UserAgent, limits: opts.Limits}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.ua == "" {
		c.ua = "dpconsole/" + Version
	}
	if c.limits == (Limits{}) {
		c.limits = DefaultLimits()
	}
	rt := opts.Transport
	if rt == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.Proxy = http.ProxyFromEnvironment
		tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if opts.CAFile != "" {
			pem, err := os.ReadFile(opts.CAFile)
			if err != nil {
				return nil, fmt.Errorf("reading CA file: %w", err)
			}
			pool, err := x509.SystemCertPool()
			if err != nil || pool == nil {
				pool = x509.NewCertPool()
			}
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("CA file %s holds no PEM certificate", opts.CAFile)
			}
			tlsCfg.RootCAs = pool
		}
		if opts.Insecure {
			tlsCfg.InsecureSkipVerify = true
			warn := opts.Warn
			if warn == nil {
				warn = func(s string) { fmt.Fprintln(os.Stderr, s) }
			}
			warn("WARNING: TLS certificate verification is OFF (--insecure): anyone on the path can read and change this session.")
		}
		tr.TLSClientConfig = tlsCfg
		rt = tr
	}
	c.http = &http.Client{Transport: rt}
	return c, nil
}

// URL returns the gateway URL.
func (c *Client) URL() string { return c.url }

// Session returns the current session id ("" when logged out).
func (c *Client) Session() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.session
}

// SetSession sets the session sent with later calls.
func (c *Client) SetSession(id string) {
	c.mu.Lock()
	c.session = id
	c.mu.Unlock()
}

// Do posts one request and decodes the response. It returns only transport
// errors: any <Status> comes back in the Response.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	body, err := req.Marshal()
	if err != nil {
		return nil, &TransportError{Function: req.Function, Err: err}
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, &TransportError{Function: req.Function, Err: err}
	}
	hreq.Header.Set("Content-Type", "application/xml; charset=utf-8")
	hreq.Header.Set("User-Agent", c.ua)
	resp, err := c.http.Do(hreq)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
			err = fmt.Errorf("no answer within %s: %w", c.timeout, context.DeadlineExceeded)
		}
		return nil, &TransportError{Function: req.Function, Err: err}
	}
	defer resp.Body.Close()
	data, err := ReadBody(resp.Body, c.limits.MaxBytes)
	if err != nil {
		return nil, &TransportError{Function: req.Function, HTTPStatus: resp.StatusCode, Err: fmt.Errorf("reading the answer: %w", err)}
	}
	// A connection that drops mid-body must not pass for a short answer.
	if resp.ContentLength >= 0 && int64(len(data)) != resp.ContentLength {
		return nil, &TransportError{Function: req.Function, HTTPStatus: resp.StatusCode,
			Err: fmt.Errorf("the answer was cut off after %d of %d bytes: %w", len(data), resp.ContentLength, io.ErrUnexpectedEOF)}
	}
	out, derr := UnmarshalResponse(data, c.limits)
	if derr != nil {
		return nil, &TransportError{Function: req.Function, HTTPStatus: resp.StatusCode, BodyPrefix: prefix(data, 80),
			Err: fmt.Errorf("the answer is not a <Response> document: %w", derr)}
	}
	if resp.StatusCode != http.StatusOK && out.Status == StatusOK {
		return nil, &TransportError{Function: req.Function, HTTPStatus: resp.StatusCode, BodyPrefix: prefix(data, 80),
			Err: errors.New("unexpected HTTP status")}
	}
	return out, nil
}

func prefix(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return strings.ToValidUTF8(string(b), "?")
}

// Call runs a function by name. The session goes where the registry says;
// a status other than 1 comes back as *Error alongside the Response.
func (c *Client) Call(ctx context.Context, function string, args ...Arg) (*Response, error) {
	fn, ok := Lookup(function)
	if !ok {
		return nil, fmt.Errorf("unknown function %q (see 'dpconsole functions')", function)
	}
	req := &Request{Function: fn.Name, Args: args}
	sess := c.Session()
	if fn.Session != SessionNone {
		req.Session = sess
	}
	if fn.Session == SessionFirstArg {
		req.Args = append([]Arg{Text(sess)}, args...)
	}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.Status != StatusOK {
		return resp, &Error{Function: fn.Name, Status: resp.Status, Message: resp.Message}
	}
	return resp, nil
}
