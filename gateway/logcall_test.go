package gateway_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"dpconsole/gateway"
)

// gzipHost answers every call with body(), gzip-compressed when the
// request accepts gzip, and counts the compressed bytes it sent.
type gzipHost struct {
	body     func(w io.Writer)
	accepted atomic.Value // the last Accept-Encoding
	sent     atomic.Int64
}

func (g *gzipHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	g.accepted.Store(r.Header.Get("Accept-Encoding"))
	w.Header().Set("Content-Type", "application/xml")
	cw := &countWriter{w: w, n: &g.sent}
	if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		g.body(cw)
		return
	}
	w.Header().Set("Content-Encoding", "gzip")
	zw, _ := gzip.NewWriterLevel(cw, gzip.BestCompression)
	g.body(zw)
	zw.Close()
}

type countWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

func newGzipHost(t *testing.T, body func(w io.Writer), opts gateway.Options) (*gzipHost, *gateway.Client) {
	t.Helper()
	g := &gzipHost{body: body}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	opts.URL = srv.URL
	cl, err := gateway.NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	cl.SetSession("s")
	return g, cl
}

func TestLogStreamTakesGzipAndPassesTheBodyLimit(t *testing.T) {
	log := bytes.Repeat([]byte("<Entry time=\"2026-01-02T03:04:05Z\" level=\"info\">a line of the log</Entry>\n"), 60_000) // 4.4 MB
	g, cl := newGzipHost(t, func(w io.Writer) {
		(&gateway.Response{Status: gateway.StatusOK, Results: []gateway.Arg{{Value: log}}}).Encode(w)
	}, gateway.Options{Limits: gateway.Limits{MaxBytes: 1 << 20, MaxElements: 100, MaxDepth: 8}, MaxLogSize: 8 << 20})
	var got bytes.Buffer
	if err := cl.TaskLogStream(context.Background(), "c", "t", &got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), log) {
		t.Fatalf("streamed %d bytes, want %d", got.Len(), len(log))
	}
	if ae, _ := g.accepted.Load().(string); !strings.Contains(ae, "gzip") {
		t.Fatalf("Accept-Encoding %q does not offer gzip", ae)
	}
	if sent := g.sent.Load(); sent*10 > int64(len(log)) {
		t.Fatalf("sent %d compressed bytes for a %d-byte log", sent, len(log))
	}
	// The whole-body call keeps its limit, on the inflated bytes.
	if _, err := cl.TaskGetLog(context.Background(), "c", "t"); !errors.Is(err, gateway.ErrTooLarge) {
		t.Fatalf("TaskGetLog of a 4 MB log under a 1 MiB limit: %v", err)
	}
	// And the log's own limit holds.
	small, err := gateway.NewClient(gateway.Options{URL: cl.URL(), MaxLogSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := small.TaskLogStream(context.Background(), "c", "t", io.Discard); !errors.Is(err, gateway.ErrTooLarge) {
		t.Fatalf("over MaxLogSize: %v", err)
	}
}

// endlessGzip writes head and then pattern until the client hangs up.
func endlessGzip(head, pattern string) func(w io.Writer) {
	return func(w io.Writer) {
		chunk := []byte(strings.Repeat(pattern, 64<<10/len(pattern)))
		if _, err := io.WriteString(w, head); err != nil {
			return
		}
		for {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
}

// A small gzip body that inflates without end is refused once the inflated
// bytes pass the limit: the test ends only because the client stops.
func TestGzipBombRefused(t *testing.T) {
	for _, c := range []struct {
		name, head, pattern string
		stream              bool
	}{
		{"whole body", "<Response><Status>1</Status><StatusMessage>", "x", false},
		{"streamed log base64", "<Response><Status>1</Status><ResultList><Result>", "AAAA", true},
		{"streamed log white space", "<Response><Status>1</Status><ResultList><Result>", " ", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, cl := newGzipHost(t, endlessGzip(c.head, c.pattern), gateway.Options{MaxLogSize: 16 << 20})
			var err error
			if c.stream {
				err = cl.TaskLogStream(context.Background(), "c", "t", io.Discard)
			} else {
				_, err = cl.TaskGetLog(context.Background(), "c", "t")
			}
			if !errors.Is(err, gateway.ErrTooLarge) {
				t.Fatalf("err = %v, want too large", err)
			}
			t.Logf("refused after the host sent %d compressed bytes", g.sent.Load())
		})
	}
}

func TestLogStreamWriterErrorComesBackAsIs(t *testing.T) {
	_, cl := newGzipHost(t, func(w io.Writer) {
		(&gateway.Response{Status: gateway.StatusOK, Results: []gateway.Arg{{Value: make([]byte, 1<<20)}}}).Encode(w)
	}, gateway.Options{})
	stop := errors.New("the log does not parse")
	if err := cl.AgentLogStream(context.Background(), failingWriter{stop}); err != stop {
		t.Fatalf("err = %v, want the writer's", err)
	}
}

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

func TestLogStreamStatusError(t *testing.T) {
	_, cl := newGzipHost(t, func(w io.Writer) {
		(&gateway.Response{Status: gateway.StatusNotFound, Message: "task \"t\" does not exist"}).Encode(w)
	}, gateway.Options{})
	var got bytes.Buffer
	err := cl.TaskLogStream(context.Background(), "c", "t", &got)
	var ge *gateway.Error
	if !errors.As(err, &ge) || ge.Status != gateway.StatusNotFound || got.Len() != 0 {
		t.Fatalf("err = %v, wrote %d", err, got.Len())
	}
}

func TestLogStreamReportsProgress(t *testing.T) {
	log := bytes.Repeat([]byte("<Entry time=\"2026-01-02T03:04:05Z\" level=\"info\">a line</Entry>\n"), 40_000) // 2.4 MB
	for _, gz := range []bool{false, true} {
		var opts gateway.Options
		if !gz {
			opts.Transport = &http.Transport{DisableCompression: true}
		}
		_, cl := newGzipHost(t, func(w io.Writer) {
			(&gateway.Response{Status: gateway.StatusOK, Results: []gateway.Arg{{Value: log}}}).Encode(w)
		}, opts)
		var reads []int64
		var total int64
		ctx := gateway.WithProgress(context.Background(), func(read, tot int64) { reads = append(reads, read); total = tot })
		if err := cl.TaskLogStream(ctx, "c", "t", io.Discard); err != nil {
			t.Fatal(err)
		}
		body := int64(len(log)/3*4) + 100
		if len(reads) < 5 || reads[len(reads)-1] < body-200 {
			t.Fatalf("gzip %v: %d reports, last %v", gz, len(reads), reads[len(reads)-1:])
		}
		// This host sends no Content-Length: the size is unknown either way.
		if total != -1 {
			t.Fatalf("gzip %v: total %d, read %d", gz, total, reads[len(reads)-1])
		}
	}
}
