package mockhost

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost/engine"
)

// DefaultMaxBody is the request body limit of docs/protocol.md §1.
const DefaultMaxBody int64 = 64 << 20

// HandlerOptions configure NewHandler. Zero values take the defaults.
type HandlerOptions struct {
	MaxBody int64 // request body limit in bytes; DefaultMaxBody when zero
	// MaxInFlight caps the request body bytes held by all calls at once;
	// a call over it is answered 502 "host busy". 4 * MaxBody when zero.
	MaxInFlight int64
	// LoopbackOnly serves only requests whose Host is a loopback name or
	// address (the host listens on loopback: a guard against DNS rebinding).
	LoopbackOnly bool
	// HidePaths are directories (engine.DirForms) that answers never name:
	// paths under them are made relative.
	HidePaths []string
	Verbose   io.Writer // when set, one line per call: function, status, duration
	Log       io.Writer // recovered panics; os.Stderr when nil
}

// Handler serves the protocol: POST /api and GET /healthz. It answers the
// session functions itself and hands every other function to the Backend.
// It never logs arguments or session ids.
type Handler struct {
	backend  Backend
	auth     *Auth
	max      int64
	maxHeld  int64 // MaxInFlight
	loopback bool
	hide     []string
	limits   gateway.Limits
	verbose  *lineWriter
	log      *lineWriter

	inflight atomic.Int64 // request body bytes held now
	busy     atomic.Int64 // calls turned away as busy, for tests
}

// NewHandler builds the handler over backend, with logins and sessions
// from auth.
func NewHandler(backend Backend, auth *Auth, opts HandlerOptions) *Handler {
	max := opts.MaxBody
	if max <= 0 {
		max = DefaultMaxBody
	}
	lim := gateway.DefaultLimits()
	lim.MaxBytes = max
	logw := opts.Log
	if logw == nil {
		logw = os.Stderr
	}
	held := opts.MaxInFlight
	if held <= 0 {
		held = 4 * max
	}
	if held < headLimit {
		held = headLimit
	}
	h := &Handler{backend: backend, auth: auth, max: max, maxHeld: held, loopback: opts.LoopbackOnly,
		hide: opts.HidePaths, limits: lim, log: &lineWriter{w: logw}}
	if opts.Verbose != nil {
		h.verbose = &lineWriter{w: opts.Verbose}
	}
	return h
}

// ServeHTTP routes /api and /healthz; anything else is 404. On a loopback
// listener a request whose Host is not loopback gets 421 (with a
// <Response> on /api), whatever its path.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.loopback && !loopbackHost(r.Host) {
		msg := fmt.Sprintf("Host %q is not served: this host listens on a loopback address and answers only the Host localhost, 127.0.0.1 (any 127.x) or [::1], with or without a port; use one of them in the URL",
			clip(r.Host))
		if r.URL.Path == "/api" {
			h.write(w, http.StatusMisdirectedRequest, &gateway.Response{Status: gateway.StatusInvalid, Message: msg}, "-")
			return
		}
		http.Error(w, msg, http.StatusMisdirectedRequest)
		return
	}
	switch r.URL.Path {
	case "/api":
		h.serveAPI(w, r)
	case "/healthz":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed: use GET", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok")
	default:
		http.Error(w, "not found: the API is at POST /api", http.StatusNotFound)
	}
}

func (h *Handler) serveAPI(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	name, code, resp := h.answer(w, r)
	if code != http.StatusRequestEntityTooLarge {
		// Read what the call left unread (answered from its header, or
		// busy) without keeping it, so the caller gets the answer rather
		// than a reset connection. An oversized body is not drained.
		io.Copy(io.Discard, io.LimitReader(r.Body, h.max))
	}
	resp.Message = engine.HidePaths(resp.Message, h.hide)
	if acceptsGzip(r) {
		h.writeGzip(w, code, resp, name)
	} else {
		h.write(w, code, resp, name)
	}
	if h.verbose != nil {
		h.verbose.printf("%s %d %s", name, int(resp.Status), time.Since(start).Round(time.Microsecond))
	}
}

// write sends a Response document with the HTTP status code.
func (h *Handler) write(w http.ResponseWriter, code int, resp *gateway.Response, name string) {
	// Streamed, not marshalled first: a large log is sent from the form
	// the engine keeps, never copied whole (EncodedLen is exact).
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(resp.EncodedLen()))
	w.WriteHeader(code)
	if err := resp.Encode(w); err != nil && h.verbose != nil {
		h.verbose.printf("%s: sending the answer: %v", name, err) // the caller went away
	}
}

// answer decodes, checks and runs one call. It returns the function's name
// for the log ("-" before it is known), the HTTP status and the Response.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request) (name string, code int, resp *gateway.Response) {
	name, code = "-", http.StatusOK
	invalid := func(format string, args ...any) *gateway.Response {
		return &gateway.Response{Status: gateway.StatusInvalid, Message: fmt.Sprintf(format, args...)}
	}
	defer func() {
		if p := recover(); p != nil {
			// The panic value and stack only: arguments stay out of logs.
			h.log.printf("mock-host: panic in %s: %v\n%s", name, p, debug.Stack())
			code = http.StatusOK
			resp = &gateway.Response{Status: gateway.StatusGeneral,
				Message: fmt.Sprintf("internal error in %s: the host logged it and keeps serving", name)}
		}
	}()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return name, http.StatusMethodNotAllowed, invalid("method %s is not allowed: the API takes POST", r.Method)
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/xml" && mt != "text/xml") {
			return name, code, invalid("Content-Type %q is not accepted: send application/xml", clip(ct))
		}
	}
	tooLarge := func() (string, int, *gateway.Response) {
		return name, http.StatusRequestEntityTooLarge, invalid("request body exceeds the host's limit of %d bytes", h.max)
	}
	if r.ContentLength > h.max {
		return tooLarge()
	}
	busy := func() (string, int, *gateway.Response) {
		h.busy.Add(1)
		return name, code, &gateway.Response{Status: gateway.StatusGeneral,
			Message: fmt.Sprintf("host busy: calls in flight hold %d of the host's %d bytes for request bodies; try again in a moment",
				h.inflight.Load(), h.maxHeld)}
	}
	held := &reservation{h: h}
	defer held.release()
	data, err := h.readBody(r, held)
	switch {
	case errors.Is(err, errBusy):
		return busy()
	case errors.Is(err, gateway.ErrTooLarge):
		return tooLarge()
	case err != nil:
		var pe *gateway.Error
		if errors.As(err, &pe) {
			return name, code, errorResponse(pe.Function, err)
		}
		return name, code, invalid("reading the request body: %v", err)
	}
	req, err := gateway.UnmarshalRequest(data, h.limits)
	if err != nil {
		return name, code, invalid("malformed request: %v", err)
	}
	fn, ok := gateway.Lookup(req.Function)
	if !ok {
		return name, code, invalid("unknown function %q: see the spec's Table 3 for the 37 functions", clip(req.Function))
	}
	name = fn.Name
	if msg := checkArgCount(fn, len(req.Args)); msg != "" {
		return name, code, invalid("%s", msg)
	}
	c := &call{fn: fn.Name, args: req.Args, session: req.Session, auth: h.auth}
	if fn.Session == gateway.SessionFirstArg {
		c.session = string(req.Args[0].Value)
	}
	if fn.Session != gateway.SessionNone {
		if err := h.auth.Sessions.Check(fn.Name, c.session); err != nil {
			return name, code, errorResponse(fn.Name, err)
		}
	}
	ad := adapters[fn.Name]
	if ad == nil { // guarded by TestEveryFunctionHasAnAdapter
		return name, code, &gateway.Response{Status: gateway.StatusGeneral, Message: fn.Name + " is not implemented by this host"}
	}
	results, err := ad(h.backend, c)
	if err != nil {
		return name, code, errorResponse(fn.Name, err)
	}
	if c.status != 0 {
		return name, code, &gateway.Response{Status: c.status, Message: c.message, Results: results}
	}
	return name, code, &gateway.Response{Status: gateway.StatusOK, Message: "OK", Results: results}
}

// checkArgCount says what is wrong with n arguments for fn, or "".
func checkArgCount(fn gateway.Function, n int) string {
	min, max := fn.ArgCount()
	if n >= min && (max < 0 || n <= max) {
		return ""
	}
	names := make([]string, len(fn.Args))
	for i, a := range fn.Args {
		names[i] = a.Name
		if a.Repeated {
			names[i] += "..."
		}
	}
	switch {
	case max < 0:
		return fmt.Sprintf("%s takes at least %d arguments (%s); got %d", fn.Name, min, strings.Join(names, ", "), n)
	case max == 0:
		return fmt.Sprintf("%s takes no arguments; got %d", fn.Name, n)
	}
	return fmt.Sprintf("%s takes %d argument(s) (%s); got %d", fn.Name, max, strings.Join(names, ", "), n)
}

// errorResponse turns a backend failure into a Response: a protocol *Error
// keeps its status; anything else is a general error (502).
func errorResponse(function string, err error) *gateway.Response {
	var pe *gateway.Error
	if errors.As(err, &pe) {
		msg := pe.Message
		if msg == "" {
			msg = pe.Status.Text()
		}
		return &gateway.Response{Status: pe.Status, Message: msg}
	}
	return &gateway.Response{Status: gateway.StatusGeneral, Message: fmt.Sprintf("%s failed: %v", function, err)}
}

// clip shortens caller-supplied text quoted back in a message.
func clip(s string) string {
	const n = 64
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// lineWriter serialises log lines from concurrent calls.
type lineWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lineWriter) printf(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	if !strings.HasSuffix(line, "\n") {
		line += "\n"
	}
	l.mu.Lock()
	io.WriteString(l.w, line)
	l.mu.Unlock()
}
