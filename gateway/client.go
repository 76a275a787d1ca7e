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
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

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

	// MaxLogSize bounds a log streamed by TaskLogStream or AgentLogStream
	// (decoded bytes); DefaultMaxLogSize when zero (docs/protocol.md §11).
	MaxLogSize int64

	// Transport replaces the HTTP transport (tests); proxies, TLS and the
	// CA file are then the caller's business.
	Transport http.RoundTripper
	// Observe, when set, hears of every Call once it is answered: the
	// function, its arguments (without the session), the status (0 for a
	// transport error) and the error. An SSH server's audit log uses it.
	Observe func(function string, args []Arg, status int, err error)
}

// Client speaks the protocol to one gateway. It is safe for concurrent use.
type Client struct {
	url     string
	timeout time.Duration
	ua      string
	limits  Limits
	maxLog  int64
	http    *http.Client

	mu      sync.RWMutex
	session string
	observe func(function string, args []Arg, status int, err error)
}

// NewClient checks the options and builds a client.
func NewClient(opts Options) (*Client, error) {
	if opts.URL == "" {
		return nil, errors.New("no gateway URL: give --gateway URL or set DPCONSOLE_GATEWAY")
	}
	if err := checkURL(opts.URL); err != nil {
		return nil, err
	}
	c := &Client{url: opts.URL, timeout: opts.Timeout, ua: opts.UserAgent, limits: opts.Limits, observe: opts.Observe}
	c.maxLog = cmpOr(opts.MaxLogSize, DefaultMaxLogSize)
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
	// Never follow a redirect: it would resend the whole request, login
	// answers included, to wherever the answer points (docs/protocol.md §1).
	c.http = &http.Client{Transport: rt, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	return c, nil
}

// checkURL refuses a gateway URL that is not http(s) or that carries user
// info. Its errors never repeat the URL's password: the host part is
// named, the rest left out.
func checkURL(raw string) error {
	if !strings.HasPrefix(raw, "http://") && !strings.HasPrefix(raw, "https://") {
		scheme, _, ok := strings.Cut(raw, "://")
		if !ok || strings.ContainsAny(scheme, "@:/") {
			return errors.New("the gateway URL must start with http:// or https://")
		}
		return fmt.Errorf("the gateway URL must start with http:// or https://, not %q", scheme+"://")
	}
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // url.Error repeats the whole URL, password and all
		}
		return fmt.Errorf("the gateway URL is not a valid URL: %v", err)
	}
	if u.User != nil {
		u.User = nil
		return fmt.Errorf("the gateway URL carries a user name or password before %s: remove it and give the URL as %s (log in with --user; answers are asked, never put in the URL)", u.Host, u)
	}
	if u.Host == "" {
		return fmt.Errorf("the gateway URL %s names no host", u)
	}
	return nil
}

// RedactURL returns a gateway URL fit to show: without user info, so a
// password given in it is never printed.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an invalid URL)"
	}
	u.User = nil
	return u.String()
}

// maxLocation bounds how much of a redirect's Location an error repeats.
const maxLocation = 200

// redirectError words a 3xx answer: where it points and what to do.
func redirectError(resp *http.Response) error {
	loc := resp.Header.Get("Location")
	if loc == "" {
		return fmt.Errorf("the gateway answered a redirect without a Location; dpconsole never follows redirects: configure the gateway's final URL")
	}
	if len(loc) > maxLocation {
		loc = strings.ToValidUTF8(loc[:maxLocation], "") + "…"
	}
	// %q: the Location is host text and must not reach a terminal raw.
	return fmt.Errorf("the gateway redirects to %q; dpconsole never follows redirects (the request, login answers included, would go there): configure that final URL with --gateway if you trust it", loc)
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

// post sends req within ctx (which carries the call's timeout) and
// returns the HTTP answer, whose body the caller reads and closes. A
// failure to send, no answer, and a redirect (never followed) are
// transport errors.
func (c *Client) post(ctx context.Context, req *Request) (*http.Response, error) {
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
	// No Accept-Encoding here: the transport then asks for gzip itself and
	// inflates the answer, so every limit counts inflated bytes.
	resp, err := c.http.Do(hreq)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
			err = fmt.Errorf("no answer within %s: %w", c.timeout, context.DeadlineExceeded)
		}
		return nil, &TransportError{Function: req.Function, Err: err}
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		resp.Body.Close()
		return nil, &TransportError{Function: req.Function, HTTPStatus: resp.StatusCode, Err: redirectError(resp)}
	}
	return resp, nil
}

// Do posts one request and decodes the response. It returns only transport
// errors: any <Status> comes back in the Response.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	resp, err := c.post(ctx, req)
	if err != nil {
		return nil, err
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
	return c.send(ctx, function, args, c.Do)
}

// send builds function's request (the session where the registry puts
// it), posts it with post (whole or streamed), tells the observer, and
// turns a status other than 1 into an *Error beside the Response.
func (c *Client) send(ctx context.Context, function string, args []Arg, post func(context.Context, *Request) (*Response, error)) (*Response, error) {
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
	resp, err := post(ctx, req)
	if c.observe != nil {
		status := 0
		if resp != nil {
			status = int(resp.Status)
		}
		c.observe(fn.Name, args, status, err)
	}
	if err != nil {
		return nil, err
	}
	if resp.Status != StatusOK {
		return resp, &Error{Function: fn.Name, Status: resp.Status, Message: resp.Message}
	}
	return resp, nil
}
