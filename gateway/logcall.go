package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"dpconsole/text/bytesize"
)

// DefaultMaxLogSize bounds a streamed log (decoded bytes) when
// Options.MaxLogSize is zero (docs/protocol.md §11).
const DefaultMaxLogSize int64 = 1 << 30

func cmpOr(v, def int64) int64 {
	if v > 0 {
		return v
	}
	return def
}

// MaxLogSize returns the bound on a streamed log.
func (c *Client) MaxLogSize() int64 { return c.maxLog }

// TaskLogStream runs taskGetLog and decodes the log document into w as it
// arrives: the log is never held whole, and may be as large as
// MaxLogSize. w may have been written to when it fails.
func (c *Client) TaskLogStream(ctx context.Context, config, task string, w io.Writer) error {
	_, err := c.CallStream(ctx, "taskGetLog", c.maxLog, w, Text(config), Text(task))
	return err
}

// AgentLogStream is TaskLogStream for agentGetLog.
func (c *Client) AgentLogStream(ctx context.Context, w io.Writer) error {
	_, err := c.CallStream(ctx, "agentGetLog", c.maxLog, w)
	return err
}

// CallStream is Call with the first result decoded into w as it arrives,
// within max decoded bytes (0: no limit), instead of into the Response; the
// other results and the envelope keep the client's limits. An answer
// without results is an *Error, as for the typed calls.
func (c *Client) CallStream(ctx context.Context, function string, max int64, w io.Writer, args ...Arg) (*Response, error) {
	resp, err := c.send(ctx, function, args, func(ctx context.Context, req *Request) (*Response, error) {
		return c.doStream(ctx, req, max, w)
	})
	if err != nil {
		return resp, err
	}
	if len(resp.Results) < 1 {
		return nil, &Error{Function: function, Status: resp.Status, Message: "answered 0 results, expected 1"}
	}
	return resp, nil
}

// minStreamRate is the slowest a streamed answer may arrive, averaged
// over each timeout period after its first bytes: a host that trickles a
// byte at a time would otherwise hold a poll open for ever.
const minStreamRate = 16 << 10 // bytes a second

// stallError is why a streamed answer was given up: nothing came for the
// timeout, or too little. It is a deadline, as a whole call's timeout is.
type stallError struct{ text string }

func (e *stallError) Error() string { return e.text }
func (e *stallError) Unwrap() error { return context.DeadlineExceeded }

// watchStream checks, every timeout, the bytes got counted since the last
// check: none, or under minStreamRate once the answer has begun, cancels
// the call with a stallError. stop ends the watch.
func (c *Client) watchStream(got *atomic.Int64, cancel context.CancelCauseFunc) (stop func()) {
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(c.timeout)
		defer tick.Stop()
		minimum := int64(minStreamRate * c.timeout.Seconds())
		var last int64
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			n := got.Load()
			switch d := n - last; {
			case d == 0:
				cancel(&stallError{fmt.Sprintf("no answer within %s", c.timeout)})
				return
			case last > 0 && d < minimum:
				cancel(&stallError{fmt.Sprintf("the answer came at %d bytes a second for %s, under the %d KiB/s a streamed answer needs",
					int64(float64(d)/c.timeout.Seconds()), c.timeout, minStreamRate>>10)})
				return
			}
			last = n
		}
	}()
	return func() { close(done) }
}

type progressKey struct{}

// WithProgress returns a context under which a streamed call (CallStream,
// TaskLogStream, AgentLogStream) reports the answer's bytes read so far and
// its size, -1 when unknown (a compressed answer is counted inflated, its
// size unknown), about every 256 KiB or half a second, and once at the end.
func WithProgress(ctx context.Context, f func(read, total int64)) context.Context {
	return context.WithValue(ctx, progressKey{}, f)
}

// progressEvery is how many bytes pass between progress reports, or
// progressAfter how long, whichever comes first.
const (
	progressEvery = 256 << 10
	progressAfter = 500 * time.Millisecond
)

// headReader keeps the first bytes read, for an error's BodyPrefix, counts
// them all and reports progress.
type headReader struct {
	r        io.Reader
	head     []byte
	n        int64
	total    int64
	progress func(read, total int64)
	told     int64
	toldAt   time.Time
	got      *atomic.Int64 // the bytes so far, for the stream's watch
}

func (h *headReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	if len(h.head) < 80 {
		h.head = append(h.head, p[:min(n, 80-len(h.head))]...)
	}
	h.n += int64(n)
	if h.got != nil {
		h.got.Store(h.n)
	}
	if h.progress != nil && h.n != h.told && (h.n-h.told >= progressEvery || err != nil || time.Since(h.toldAt) >= progressAfter) {
		h.told, h.toldAt = h.n, time.Now()
		h.progress(h.n, h.total)
	}
	return n, err
}

// tagWriter remembers its writer's error, so it is told from a read error.
type tagWriter struct {
	w   io.Writer
	err error
}

func (t *tagWriter) Write(p []byte) (int, error) {
	n, err := t.w.Write(p)
	if err != nil && t.err == nil {
		t.err = err
	}
	return n, err
}

// doStream is Do with result 0 streamed into w. Only an HTTP 200 answer
// is streamed; any other is decoded whole, within the usual limits.
func (c *Client) doStream(ctx context.Context, req *Request, max int64, w io.Writer) (*Response, error) {
	// The timeout is for silence, not for the whole answer: a big log
	// over a slow link arrives for as long as its bytes keep come at a
	// useful rate (docs/protocol.md §11). Esc still cancels it.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var got atomic.Int64
	stop := c.watchStream(&got, cancel)
	defer stop()
	stalled := func(err error) error {
		var se *stallError
		if errors.As(context.Cause(ctx), &se) {
			return &TransportError{Function: req.Function, Err: se}
		}
		return err
	}
	resp, err := c.post(ctx, req)
	if err != nil {
		return nil, stalled(err)
	}
	defer resp.Body.Close()
	hr := &headReader{r: resp.Body, total: resp.ContentLength, got: &got}
	hr.progress, _ = ctx.Value(progressKey{}).(func(read, total int64))
	opts := StreamOptions{Limits: c.limits, MaxStream: max}
	tw := &tagWriter{w: w}
	if resp.StatusCode == http.StatusOK {
		opts.Stream = func(i int) io.Writer {
			if i == 0 {
				return tw
			}
			return nil
		}
	}
	out, derr := DecodeResponseStream(hr, opts)
	if derr != nil {
		if err := stalled(derr); err != derr {
			return nil, err
		}
	}
	if derr != nil {
		var de *DecodeError
		switch {
		case tw.err != nil && derr == tw.err:
			return nil, derr // the writer's own error, as it gave it
		case errors.As(derr, &de) && de.Limit > 0:
			// Not a malformed answer: a log larger than the client reads.
			return nil, &TransportError{Function: req.Function, HTTPStatus: resp.StatusCode,
				Err: fmt.Errorf("%w: the log is larger than %s", ErrTooLarge, bytesize.Format(de.Limit))}
		case !errors.As(derr, &de):
			return nil, &TransportError{Function: req.Function, HTTPStatus: resp.StatusCode, Err: fmt.Errorf("reading the answer: %w", derr)}
		}
		return nil, &TransportError{Function: req.Function, HTTPStatus: resp.StatusCode, BodyPrefix: prefix(hr.head, 80),
			Err: fmt.Errorf("the answer is not a <Response> document: %w", derr)}
	}
	if resp.ContentLength >= 0 && hr.n != resp.ContentLength {
		return nil, &TransportError{Function: req.Function, HTTPStatus: resp.StatusCode,
			Err: fmt.Errorf("the answer was cut off after %d of %d bytes: %w", hr.n, resp.ContentLength, io.ErrUnexpectedEOF)}
	}
	if resp.StatusCode != http.StatusOK && out.Status == StatusOK {
		return nil, &TransportError{Function: req.Function, HTTPStatus: resp.StatusCode, BodyPrefix: prefix(hr.head, 80),
			Err: errors.New("unexpected HTTP status")}
	}
	return out, nil
}

// EncodedLen returns the size of the document Marshal and Encode write, so
// a host can choose how to send it before it encodes it.
func (r *Response) EncodedLen() int { return r.encodedLen() }
