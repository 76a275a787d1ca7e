package mockhost

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/netip"
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

// headLimit is how much of a request is read before its session is
// checked: a call whose body is larger must give <Session> and <Function>
// within it, before <ArgList> (docs/protocol.md §1).
const headLimit = 64 << 10

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
	body, err := resp.Marshal()
	if err != nil { // only a failing writer can fail; a bytes.Buffer does not
		h.log.printf("mock-host: encoding the %s answer: %v", name, err)
		code = http.StatusInternalServerError
		body = nil
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	w.Write(body)
}

// gzipFrom is the smallest answer sent compressed to a caller that
// accepts gzip (docs/protocol.md §11).
const gzipFrom = 1 << 10

// acceptsGzip reports whether the request's Accept-Encoding offers gzip
// (with a q-value other than 0).
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(enc), "gzip") {
				continue
			}
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// gzipWriters reuse compressors: each holds about 1 MB of state.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// writeGzip sends the answer compressed when it is at least gzipFrom
// bytes, streaming it through the compressor: a large log is never held
// encoded and compressed at once.
func (h *Handler) writeGzip(w http.ResponseWriter, code int, resp *gateway.Response, name string) {
	if resp.EncodedLen() < gzipFrom {
		h.write(w, code, resp, name)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Add("Vary", "Accept-Encoding")
	w.WriteHeader(code)
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(w)
	err := resp.Encode(zw)
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	zw.Reset(io.Discard)
	gzipWriters.Put(zw)
	if err != nil && h.verbose != nil {
		h.verbose.printf("%s: sending the answer: %v", name, err)
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

// errBusy is readBody's answer when the in-flight cap is reached.
var errBusy = errors.New("host busy")

// reservation is the share of the in-flight cap one call holds.
type reservation struct {
	h *Handler
	n int64
}

// take reserves n more bytes, or fails when the cap would be passed.
func (r *reservation) take(n int64) bool {
	for {
		cur := r.h.inflight.Load()
		if cur+n > r.h.maxHeld {
			return false
		}
		if r.h.inflight.CompareAndSwap(cur, cur+n) {
			r.n += n
			return true
		}
	}
}

func (r *reservation) release() {
	r.h.inflight.Add(-r.n)
	r.n = 0
}

// reservingReader reserves every byte it reads from a body of unknown size.
type reservingReader struct {
	r   io.Reader
	res *reservation
}

func (rr *reservingReader) Read(p []byte) (int, error) {
	n, err := rr.r.Read(p)
	if n > 0 && !rr.res.take(int64(n)) {
		return 0, errBusy
	}
	return n, err
}

// readBody reads a request body within the in-flight cap. A body larger
// than headLimit is read in two steps: its head, whose <Session> must pass
// for the function before the rest (the large arguments) is read at all
// (docs/protocol.md §1). It fails with errBusy, gateway.ErrTooLarge, a
// *gateway.Error refusing the call, or a read error.
func (h *Handler) readBody(r *http.Request, held *reservation) ([]byte, error) {
	size := min(headLimit, h.max+1)
	if r.ContentLength >= 0 {
		size = min(size, r.ContentLength)
	}
	if !held.take(size) {
		return nil, errBusy
	}
	head := make([]byte, size)
	n, err := io.ReadFull(r.Body, head)
	switch {
	case int64(n) > h.max:
		return nil, gateway.ErrTooLarge
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		if r.ContentLength >= 0 {
			return nil, fmt.Errorf("the body ended after %d of its %d bytes", n, r.ContentLength)
		}
		return head[:n], nil // a small chunked body
	case err != nil:
		return nil, err
	case r.ContentLength == int64(n):
		return head, nil // a small body of known size
	}
	// More to come: a large call. Nothing past the head is read unless the
	// head names a function that takes large arguments and a live session.
	if err := h.checkHead(head); err != nil {
		return nil, err
	}
	if r.ContentLength >= 0 {
		if !held.take(r.ContentLength - int64(n)) {
			return nil, errBusy
		}
		data := make([]byte, r.ContentLength)
		copy(data, head)
		if m, err := io.ReadFull(r.Body, data[n:]); err != nil {
			return nil, fmt.Errorf("the body ended after %d of its %d bytes: %v", n+m, r.ContentLength, err)
		}
		return data, nil
	}
	rest, err := gateway.ReadBody(&reservingReader{r: r.Body, res: held}, h.max-int64(n))
	if err != nil {
		return nil, err
	}
	return append(head, rest...), nil
}

// checkHead checks the session of a large call from the first bytes of its
// body: its header up to <ArgList>, decoded without any argument.
func (h *Handler) checkHead(head []byte) error {
	refuse := func(format string, args ...any) error {
		return &gateway.Error{Status: gateway.StatusInvalid, Message: fmt.Sprintf(format, args...)}
	}
	doc, ok := headerDoc(head)
	if !ok {
		return refuse("a call over %d KiB must give <Session> and <Function> before <ArgList>, within its first %d KiB", headLimit>>10, headLimit>>10)
	}
	req, err := gateway.UnmarshalRequest(doc, h.limits)
	if err != nil {
		return refuse("malformed request header: %v", err)
	}
	fn, ok := gateway.Lookup(req.Function)
	if !ok {
		return refuse("unknown function %q: see the spec's Table 3 for the 37 functions", clip(req.Function))
	}
	if fn.Session != gateway.SessionElement {
		return refuse("%s takes no large arguments: a call over %d KiB is refused", fn.Name, headLimit>>10)
	}
	if req.Session == "" {
		return &gateway.Error{Function: fn.Name, Status: gateway.StatusDenied,
			Message: fmt.Sprintf("no session: log in with hostOpenSession first (a call over %d KiB gives its <Session> before <ArgList>)", headLimit>>10)}
	}
	return h.auth.Sessions.Check(fn.Name, req.Session)
}

// headerDoc cuts head before its <ArgList> start tag and closes the root
// element, giving a document with the header only; ok is false when head
// has no root start tag or no <ArgList> (namespace prefixes allowed).
func headerDoc(head []byte) (doc []byte, ok bool) {
	root, start := rootTag(head)
	if root == nil {
		return nil, false
	}
	for i := start; ; {
		j := bytes.Index(head[i:], []byte("ArgList"))
		if j < 0 {
			return nil, false
		}
		j += i
		i = j + len("ArgList")
		if i >= len(head) || !(head[i] == '>' || head[i] == '/' || isXMLSpace(head[i])) {
			continue
		}
		lt := j - 1
		for lt >= start && head[lt] != '<' && isNameByte(head[lt]) {
			lt--
		}
		if lt < start || head[lt] != '<' || (lt != j-1 && head[j-1] != ':') {
			continue
		}
		doc = append(doc, head[:lt]...)
		doc = append(doc, "</"...)
		doc = append(doc, root...)
		return append(doc, '>'), true
	}
}

// rootTag returns the root element's name and where its start tag ends,
// skipping a byte order mark, white space, processing instructions and
// comments before it.
func rootTag(b []byte) (name []byte, end int) {
	i := 0
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		i = 3
	}
	for i < len(b) {
		switch {
		case isXMLSpace(b[i]):
			i++
		case bytes.HasPrefix(b[i:], []byte("<?")):
			k := bytes.Index(b[i:], []byte("?>"))
			if k < 0 {
				return nil, 0
			}
			i += k + 2
		case bytes.HasPrefix(b[i:], []byte("<!--")):
			k := bytes.Index(b[i+4:], []byte("-->"))
			if k < 0 {
				return nil, 0
			}
			i += 4 + k + 3
		case b[i] == '<':
			j := i + 1
			for j < len(b) && isNameByte(b[j]) {
				j++
			}
			k := bytes.IndexByte(b[j:], '>')
			if j == i+1 || k < 0 {
				return nil, 0
			}
			return b[i+1 : j], j + k + 1
		default:
			return nil, 0
		}
	}
	return nil, 0
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// isNameByte is loose on purpose: the real decoder checks names.
func isNameByte(c byte) bool {
	return c >= 0x80 || c == ':' || c == '_' || c == '-' || c == '.' ||
		('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// loopbackHost reports whether a Host header names the loopback interface:
// localhost, an address in 127.0.0.0/8 or ::1, with or without a port.
func loopbackHost(host string) bool {
	name := host
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 || !validPort(host[end+1:]) {
			return false
		}
		name = host[1:end]
	} else if strings.Count(host, ":") == 1 {
		i := strings.IndexByte(host, ':')
		if !validPort(host[i:]) {
			return false
		}
		name = host[:i]
	}
	if strings.EqualFold(strings.TrimSuffix(name, "."), "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(name)
	return err == nil && ip.Zone() == "" && ip.Unmap().IsLoopback()
}

// validPort accepts "" or ":" followed by 1 to 5 digits.
func validPort(s string) bool {
	if s == "" {
		return true
	}
	if len(s) < 2 || len(s) > 6 || s[0] != ':' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
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
