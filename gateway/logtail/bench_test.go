package logtail_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/logtail"
	"dpconsole/gateway/mockhost"
	"dpconsole/gateway/mockhost/clock"
)

// BenchmarkTail measures a task log end to end over loopback: the mock
// host runs in a child process (so its CPU and memory are not counted),
// the client streams the answer through logtail into a store of entries
// in blocks, as the console's log store would hold them.
//
//	load:  the first full load, beside its floor: a plain HTTP GET of the
//	       same answer bytes, read into memory and its base64 decoded;
//	       client-ms is the client's side alone (the same decode, parse
//	       and store, synchronous, on the floor server's prepared bytes).
//	poll:  a steady-state poll after the host added about 10 entries,
//	       beside the same floor (timed after the polls); inpoll-ms is the
//	       time spent hashing the held prefix and parsing the new entries
//	       (the hash while the answer streams in). The time after the
//	       transfer, a median over the polls (so that a GC pause in one
//	       poll of many does not stand for all of them), is measured from
//	       two points: after-wire-ms from the last bytes read off the
//	       connection, so it holds the decode of what they carried and
//	       the parse (the issue's "decode and parse time after the
//	       transfer"); after-ms from the start of the last write of
//	       decoded bytes, so it holds the parse of the last piece and the
//	       envelope's end only.
//	peak/text: the client's peak heap during the load over the log
//	       document's size.
//	before: the path before streaming, TaskGetLog and ParseLog, which
//	       every poll paid in full.
//
// -short runs only 10,000 entries.
func BenchmarkTail(b *testing.B) {
	sizes := []int{10_000, 100_000, 1_000_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			h := startBenchHost(b, n)
			cl := h.client(b)
			target := logtail.Target{Config: "production", Task: "protect-inbox"}
			b.Run("load", func(b *testing.B) {
				var docBytes int64
				var floor, client time.Duration
				var peakHeap uint64
				for b.Loop() {
					b.StopTimer()
					runtime.GC()
					base := heapAlloc()
					stop := samplePeak()
					b.StartTimer()
					var tl logtail.Tail
					var st store
					up, err := tl.Fetch(context.Background(), cl, target, st.add)
					if err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					peakHeap = max(peakHeap, stop()-base)
					docBytes = up.Bytes
					if up.Total < n || st.n != up.Total {
						b.Fatalf("%d entries, stored %d, want %d", up.Total, st.n, n)
					}
					runtime.KeepAlive(st.blocks)
					floor += h.floor(b)
					client += h.clientOnly(b)
					b.StartTimer()
				}
				b.ReportMetric(float64(floor.Milliseconds())/float64(b.N), "floor-ms")
				b.ReportMetric(float64(client.Milliseconds())/float64(b.N), "client-ms")
				b.ReportMetric(float64(docBytes)/1e6, "log-MB")
				b.ReportMetric(float64(peakHeap)/float64(docBytes), "peak/text")
			})
			// Before streaming: the whole answer, then ParseLog, on every
			// poll; the host's 13.7 MB 100k-entry log is the largest that
			// ParseLog's 16 MiB limit let through, 1M is refused.
			b.Run("before", func(b *testing.B) {
				if n > 100_000 {
					b.Skip("refused before: over the 64 MiB answer limit")
				}
				for b.Loop() {
					doc, err := cl.TaskGetLog(context.Background(), target.Config, target.Task)
					if err != nil {
						b.Fatal(err)
					}
					_, es, err := hostdoc.ParseLog([]byte(doc))
					if err != nil || len(es) < n {
						b.Fatalf("%v, %d entries", err, len(es))
					}
				}
			})
			b.Run("poll", func(b *testing.B) {
				// The first load's entries are held, as a console holds them:
				// dropped, they would be hundreds of MB of garbage that the
				// runtime returns to the system during the polls measured.
				var tl logtail.Tail
				var held store
				if _, err := tl.Fetch(context.Background(), cl, target, held.add); err != nil {
					b.Fatal(err)
				}
				defer runtime.KeepAlive(held.blocks)
				var in, floor time.Duration
				var afters, wires []time.Duration
				var added, parsed int64
				for b.Loop() {
					b.StopTimer()
					h.advance(b, 10*time.Second) // two runs of protect-inbox: about 10 entries
					tw := &timedTail{}
					b.StartTimer()
					p := tl.Poll(nil)
					tw.p = p
					var err error
					err = cl.TaskLogStream(context.Background(), target.Config, target.Task, tw)
					var up logtail.Update
					if err == nil {
						up, err = p.Close()
					}
					done := time.Now()
					b.StopTimer()
					if err != nil || up.Reset {
						b.Fatalf("%v reset=%v", err, up.Reset)
					}
					in += tw.in
					afters = append(afters, done.Sub(tw.last))
					wires = append(wires, done.Sub(h.wire.last()))
					added += int64(len(up.New))
					parsed += up.Parsed
					b.StartTimer()
				}
				// The floor is timed after the polls, as many times: its
				// copies of the whole answer (hundreds of MB at a million
				// entries), freed between polls, would have the runtime
				// returning memory to the system during the next poll,
				// which a console polling on its own does not.
				b.StopTimer()
				for range b.N {
					floor += h.floor(b)
				}
				nn := float64(b.N)
				b.ReportMetric(float64(floor.Microseconds())/1e3/nn, "floor-ms")
				b.ReportMetric(float64(in.Microseconds())/1e3/nn, "inpoll-ms")
				slices.Sort(afters)
				b.ReportMetric(float64(afters[len(afters)/2].Microseconds())/1e3, "after-ms")
				slices.Sort(wires)
				b.ReportMetric(float64(wires[len(wires)/2].Microseconds())/1e3, "after-wire-ms")
				b.ReportMetric(float64(added)/nn, "new-entries")
				b.ReportMetric(float64(parsed)/nn, "parsed-B")
			})
		})
	}
}

// store holds entries in blocks, as a log view's store would: no copy of
// the whole slice as it grows.
type store struct {
	blocks [][]hostdoc.Entry
	n      int
}

func (s *store) add(e hostdoc.Entry) error {
	if k := len(s.blocks); k == 0 || len(s.blocks[k-1]) == cap(s.blocks[k-1]) {
		s.blocks = append(s.blocks, make([]hostdoc.Entry, 0, 16<<10))
	}
	k := len(s.blocks) - 1
	s.blocks[k] = append(s.blocks[k], e)
	s.n++
	return nil
}

// timedTail times what the poll writer does.
type timedTail struct {
	p    *logtail.Poll
	in   time.Duration
	last time.Time // when the last decoded bytes arrived
}

func (t *timedTail) Write(b []byte) (int, error) {
	start := time.Now()
	t.last = start
	n, err := t.p.Write(b)
	t.in += time.Since(start)
	return n, err
}

// wireClock notes when the client's connections last read bytes off the
// wire: the end of an answer's transfer.
type wireClock struct{ at atomic.Int64 }

func (w *wireClock) last() time.Time { return time.Unix(0, w.at.Load()) }

func (w *wireClock) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &wireConn{Conn: c, clock: w}, nil
}

type wireConn struct {
	net.Conn
	clock *wireClock
}

func (c *wireConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.clock.at.Store(time.Now().UnixNano())
	}
	return n, err
}

func heapAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// samplePeak samples the live heap until stopped and returns its peak.
func samplePeak() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return peak.Load()
	}
}

// benchHost is the mock host in a child process, with its floor server.
type benchHost struct {
	wire          wireClock
	url, floorURL string
	stdin         io.WriteCloser
	out           *bufio.Reader
}

const hostEnv = "LOGTAIL_BENCH_HOST"

var benchStart = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

func startBenchHost(b *testing.B, n int) *benchHost {
	b.Helper()
	dir := b.TempDir()
	// Seed the demo data, then give protect-inbox a log of n entries.
	r, err := mockhost.Start(mockhost.Config{DataDir: dir, Clock: clock.NewFake(benchStart), Stderr: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	r.Close()
	var buf []byte
	for i := range n {
		buf = hostdoc.AppendEntry(buf, hostdoc.Entry{Time: benchStart.Add(time.Duration(i-n) * time.Millisecond), Level: hostdoc.LevelInfo,
			Text: fmt.Sprintf("Execution %d finished in 1.234s (protect /data/inbox -> /data/protected)", i)})
	}
	if err := os.WriteFile(filepath.Join(dir, "configs", "production", "runtime", "protect-inbox.log"), buf, 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), hostEnv+"="+dir, "LOGTAIL_BENCH_KEEP="+strconv.Itoa(n+1000))
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stdin.Close(); cmd.Wait() })
	h := &benchHost{stdin: stdin, out: bufio.NewReader(stdout)}
	line, err := h.out.ReadString('\n')
	if err != nil {
		b.Fatalf("the host did not start: %v", err)
	}
	if _, err := fmt.Sscanf(line, "%s %s", &h.url, &h.floorURL); err != nil {
		b.Fatalf("host said %q", line)
	}
	return h
}

// client logs in as operator; it does not ask for gzip, as the floor
// does not.
func (h *benchHost) client(b *testing.B) *gateway.Client {
	cl, err := gateway.NewClient(gateway.Options{URL: h.url, Timeout: 5 * time.Minute,
		Transport: &http.Transport{DisableCompression: true, DialContext: h.wire.dial}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := cl.Login(context.Background(), "operator", func(context.Context, int, []gateway.Prompt) ([]string, error) {
		return []string{"demo"}, nil
	}); err != nil {
		b.Fatal(err)
	}
	return cl
}

func (h *benchHost) advance(b *testing.B, d time.Duration) {
	fmt.Fprintf(h.stdin, "advance %s\n", d)
	if line, err := h.out.ReadString('\n'); err != nil || line != "ok\n" {
		b.Fatalf("advance: %q %v", line, err)
	}
}

// floor times a plain GET of the log's current answer, read into memory
// and its base64 decoded.
func (h *benchHost) floor(b *testing.B) time.Duration {
	fmt.Fprintf(h.stdin, "floor\n")
	if line, err := h.out.ReadString('\n'); err != nil || line != "ok\n" {
		b.Fatalf("floor: %q %v", line, err)
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	start := time.Now()
	resp, err := (&http.Client{Transport: tr}).Get(h.floorURL)
	if err != nil {
		b.Fatal(err)
	}
	// One allocation of the announced size: the tightest way to hold it.
	body := make([]byte, resp.ContentLength)
	_, err = io.ReadFull(resp.Body, body)
	resp.Body.Close()
	if err != nil {
		b.Fatal(err)
	}
	i := bytes.Index(body, []byte("<Result>"))
	j := bytes.LastIndex(body, []byte("</Result>"))
	text := body[i+len("<Result>") : j]
	out := make([]byte, base64.StdEncoding.DecodedLen(len(text)))
	if _, err := base64.StdEncoding.Decode(out, text); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// clientOnly times the client's side of a first load on the floor's
// bytes: the same streaming decode, parse and store, from a server that
// only writes prepared bytes, as the floor's does.
func (h *benchHost) clientOnly(b *testing.B) time.Duration {
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	start := time.Now()
	resp, err := (&http.Client{Transport: tr}).Get(h.floorURL)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var tl logtail.Tail
	var st store
	p := tl.Poll(st.add)
	if _, err := gateway.DecodeResponseStream(resp.Body, gateway.StreamOptions{Limits: gateway.DefaultLimits(),
		Stream: func(i int) io.Writer { return p }}); err != nil {
		b.Fatal(err)
	}
	if _, err := p.Close(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

func TestMain(m *testing.M) {
	if dir := os.Getenv(hostEnv); dir != "" {
		serveBenchHost(dir)
		return
	}
	os.Exit(m.Run())
}

// serveBenchHost is the child: the mock host on a fake clock, and a floor
// server answering the log's current answer bytes as a plain GET. It reads
// "advance DUR" and "floor" (prepare the floor's bytes) from stdin.
func serveBenchHost(dir string) {
	keep, _ := strconv.Atoi(os.Getenv("LOGTAIL_BENCH_KEEP"))
	fake := clock.NewFake(benchStart)
	r, err := mockhost.Start(mockhost.Config{DataDir: dir, Clock: fake, LogKeep: min(keep, mockhost.MaxLogKeep), Stderr: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer r.Close()
	var floor atomic.Value
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		body := floor.Load().([]byte)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	fmt.Printf("%s http://%s/floor\n", r.URL(), ln.Addr())
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.Fields(in.Text())
		switch {
		case len(f) == 2 && f[0] == "advance":
			d, _ := time.ParseDuration(f[1])
			fake.Advance(d)
		case len(f) == 1 && f[0] == "floor":
			doc, err := r.Engine().TaskGetLog("production", "protect-inbox")
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			body, _ := (&gateway.Response{Status: gateway.StatusOK, Results: []gateway.Arg{{Value: doc}}}).Marshal()
			floor.Store(body)
			runtime.GC()
		}
		fmt.Println("ok")
	}
}
