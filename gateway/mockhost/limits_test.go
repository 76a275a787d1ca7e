package mockhost

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dpconsole/gateway"
)

// bigBody streams a request of about size bytes whose second argument is
// one long base64 run, without holding it in memory.
func bigBody(session, function string, size int64) (io.Reader, int64) {
	head := "<Request>"
	if session != "" {
		head += "<Session>" + session + "</Session>"
	}
	head += "<Function>" + function + "</Function><ArgList><Argument>eC5paWM=</Argument><Argument>"
	tail := "</Argument></ArgList></Request>"
	run := (size - int64(len(head)+len(tail))) / 4 * 4
	n := int64(len(head)) + run + int64(len(tail))
	return io.MultiReader(strings.NewReader(head), &repeatReader{b: 'Q', n: run}, strings.NewReader(tail)), n
}

type repeatReader struct {
	b byte
	n int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.n {
		p = p[:r.n]
	}
	for i := range p {
		p[i] = r.b
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// memPeak samples the process's memory until stop is closed.
type memPeak struct {
	sys, heap atomic.Uint64
	done      chan struct{}
}

func sampleMemory(stop <-chan struct{}) *memPeak {
	m := &memPeak{done: make(chan struct{})}
	go func() {
		defer close(m.done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.Sys > m.sys.Load() {
				m.sys.Store(ms.Sys)
			}
			if ms.HeapInuse > m.heap.Load() {
				m.heap.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return m
}

// peakRSS is the process's high-water resident set (Linux), or 0.
func peakRSS() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// TestUnauthenticatedPostsAreBounded sends 20 parallel 63 MiB posts without
// a valid session (issue: 3.25 GB, and it stayed there). The session is
// checked before the arguments are read, so the host's memory stays far
// under 1 GiB, every post gets its Response, and /healthz answers
// throughout.
func TestUnauthenticatedPostsAreBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 1.2 GiB over loopback")
	}
	h := startHost(t, Config{Empty: true})
	base := strings.TrimSuffix(h.URL(), "/api")
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	peak := sampleMemory(stop)

	var health struct {
		sync.Mutex
		ok, failed int
		worst      time.Duration
	}
	healthDone := make(chan struct{})
	go func() {
		defer close(healthDone)
		for {
			select {
			case <-stop:
				return
			default:
			}
			start := time.Now()
			resp, err := http.Get(base + "/healthz")
			d := time.Since(start)
			health.Lock()
			if err == nil && resp.StatusCode == 200 {
				health.ok++
			} else {
				health.failed++
			}
			health.worst = max(health.worst, d)
			health.Unlock()
			if err == nil {
				resp.Body.Close()
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()

	const posts, size = 20, 63 << 20
	var wg sync.WaitGroup
	answers := make([]string, posts)
	start := time.Now()
	for i := 0; i < posts; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			session := ""
			if i%2 == 1 {
				session = strings.Repeat("ab", 32)
			}
			body, n := bigBody(session, "sharedSaveID", size)
			req, _ := http.NewRequest(http.MethodPost, h.URL(), body)
			req.ContentLength = n
			req.Header.Set("Content-Type", "application/xml")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				answers[i] = "transport error: " + err.Error()
				return
			}
			defer resp.Body.Close()
			data, _ := io.ReadAll(resp.Body)
			r, err := gateway.UnmarshalResponse(data, gateway.DefaultLimits())
			if err != nil {
				answers[i] = fmt.Sprintf("HTTP %d, not a Response: %q", resp.StatusCode, data)
				return
			}
			answers[i] = fmt.Sprintf("HTTP %d status %d %s", resp.StatusCode, r.Status, r.Message)
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	<-peak.done
	<-healthDone

	grew := int64(peak.sys.Load()) - int64(before.Sys)
	t.Logf("20 x 63 MiB unauthenticated posts in %v: peak Sys %d MiB (grew %d MiB), peak HeapInuse %d MiB, peak RSS %d MiB; /healthz %d ok, %d failed, slowest %v",
		elapsed.Round(time.Millisecond), peak.sys.Load()>>20, grew>>20, peak.heap.Load()>>20, peakRSS()>>20, health.ok, health.failed, health.worst.Round(time.Millisecond))
	for i, a := range answers {
		if !strings.HasPrefix(a, "HTTP 200 status 3 ") {
			t.Errorf("post %d: %s, want HTTP 200 and status 3 (no session)", i, a)
		}
	}
	if grew > 1<<30 {
		t.Errorf("memory grew by %d MiB under unauthenticated posts, want under 1 GiB", grew>>20)
	}
	if health.ok == 0 || health.failed > 0 {
		t.Errorf("/healthz: %d ok, %d failed during the posts", health.ok, health.failed)
	}
}

// TestBodiesInFlightAreCapped: authenticated posts whose bodies together
// exceed the host's in-flight cap get a 502 "host busy" Response (HTTP 200),
// and the host serves again once they are done.
func TestBodiesInFlightAreCapped(t *testing.T) {
	h := startHost(t, Config{Empty: true, MaxBody: 1 << 20, MaxInFlight: 2 << 20})
	c := h.login(t)
	// Three bodies of 900 KiB, each held open until all three are sent:
	// the third finds 1.8 MiB in flight and is turned away.
	gate := make(chan struct{})
	var wg sync.WaitGroup
	results := make([]string, 3)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body, n := bigBody(c.Session(), "sharedSaveID", 900<<10)
			held := io.MultiReader(io.LimitReader(body, n-10), &waitReader{gate: gate}, body)
			req, _ := http.NewRequest(http.MethodPost, h.URL(), held)
			req.ContentLength = n
			code, r := send(t, req)
			results[i] = fmt.Sprintf("HTTP %d status %d %s", code, r.Status, r.Message)
		}(i)
	}
	// Two reach the host and wait for the gate; the third is turned away.
	hd := h.srv.Handler.(*Handler)
	deadline := time.Now().Add(10 * time.Second)
	for (hd.inflight.Load() < 1800<<10 || hd.busy.Load() < 1) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	close(gate)
	wg.Wait()
	busy, saved := 0, 0
	for _, r := range results {
		switch {
		case strings.HasPrefix(r, "HTTP 200 status 502 ") && strings.Contains(r, "host busy"):
			busy++
		case strings.HasPrefix(r, "HTTP 200 status 1 "):
			saved++
		default:
			t.Errorf("unexpected answer %s", r)
		}
	}
	if busy != 1 || saved != 2 {
		t.Errorf("%d busy and %d saved of 3 posts over a 2 MiB cap, want 1 and 2: %q", busy, saved, results)
	}
	if n := hd.inflight.Load(); n != 0 {
		t.Errorf("%d bytes still counted in flight after every post ended", n)
	}
	body, n := bigBody(c.Session(), "sharedSaveID", 900<<10)
	req, _ := http.NewRequest(http.MethodPost, h.URL(), body)
	req.ContentLength = n
	if code, r := send(t, req); code != 200 || r.Status != gateway.StatusOK {
		t.Errorf("after the burst: HTTP %d status %d %s", code, r.Status, r.Message)
	}
}

// waitReader blocks the first Read until gate is closed, then ends.
type waitReader struct{ gate chan struct{} }

func (w *waitReader) Read(p []byte) (int, error) {
	<-w.gate
	return 0, io.EOF
}

// TestSessionCheckedBeforeLargeArguments: a large call without a valid
// session is answered from its header, without reading or decoding its
// arguments; a large call of a function that takes no large arguments is
// refused; small calls are decoded as before.
func TestSessionCheckedBeforeLargeArguments(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	c := h.login(t)
	post := func(body io.Reader, n int64) (int, *gateway.Response) {
		req, _ := http.NewRequest(http.MethodPost, h.URL(), body)
		req.ContentLength = n
		return send(t, req)
	}
	// Bad base64 far into the body: a decoder would say so; the session
	// check answers first.
	doc := `<Request><Session>` + strings.Repeat("cd", 32) + `</Session><Function>sharedSaveID</Function><ArgList><Argument>eC5paWM=</Argument><Argument>` +
		strings.Repeat("QUFB", 100<<10) + `@@@</Argument></ArgList></Request>`
	_, r := post(strings.NewReader(doc), int64(len(doc)))
	wantResp(t, "large call, unknown session", r, gateway.StatusDenied, "unknown session")
	doc = strings.Replace(doc, strings.Repeat("cd", 32), c.Session(), 1)
	_, r = post(strings.NewReader(doc), int64(len(doc)))
	wantResp(t, "large call, good session, bad base64", r, gateway.StatusInvalid, "base64")
	big := bytes.Repeat([]byte("QUFB"), 100<<10)
	for _, fn := range []string{"hostOpenSession", "agentPing", "agentAlter"} {
		doc := `<Request><Function>` + fn + `</Function><ArgList><Argument>` + string(big) + `</Argument></ArgList></Request>`
		_, r := post(strings.NewReader(doc), int64(len(doc)))
		wantResp(t, "large "+fn, r, gateway.StatusInvalid, "64 KiB")
	}
	// The header must come before the arguments in a large call.
	doc = `<Request><Function>sharedSaveID</Function><ArgList><Argument>eC5paWM=</Argument><Argument>` + string(big) + `</Argument></ArgList><Session>` + c.Session() + `</Session></Request>`
	_, r = post(strings.NewReader(doc), int64(len(doc)))
	wantResp(t, "large call, session after the arguments", r, gateway.StatusDenied, "before <ArgList>")
	// Chunked large calls are checked the same way.
	body, _ := bigBody("", "sharedSaveID", 1<<20)
	_, r = post(body, -1)
	wantResp(t, "chunked large call, no session", r, gateway.StatusDenied, "no session")
	body, _ = bigBody(c.Session(), "sharedSaveID", 1<<20)
	_, r = post(body, -1)
	wantResp(t, "chunked large call, good session", r, gateway.StatusOK)
	if data, err := c.SharedGetID(t.Context(), "x.iic"); err != nil || len(data) < 700<<10 {
		t.Errorf("the large ID did not arrive whole: %d bytes, %v", len(data), err)
	}
}
