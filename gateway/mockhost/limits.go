package mockhost

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"

	"dpconsole/gateway"
)

// Request bodies within the host's limits: the in-flight cap, and the
// session of a large call checked from its head (docs/protocol.md §1).

// headLimit is how much of a request is read before its session is
// checked: a call whose body is larger must give <Session> and <Function>
// within it, before <ArgList> (docs/protocol.md §1).
const headLimit = 64 << 10

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
