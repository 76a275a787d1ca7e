package mockhost

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dpconsole/gateway"
)

// BenchmarkHost measures agentGetStatus round trips over loopback HTTP with
// keep-alive. Beside each host figure runs the floor: a bare net/http
// handler that returns a fixed Response document of the same size, called
// through the same client. The 16-goroutine runs give throughput (the host
// also reports its share of the floor's, goal >= 50%); the 64-connection
// runs report p99 latency (goal < 10 ms) twice: saturated (each connection
// calls back to back, so on two cores the figure is mostly queueing behind
// the other 63) and paced (each connection calls every 10 ms, 6,400 calls/s
// in all, about a third of what the host sustains: the latency an operator
// sees on a busy host).
func BenchmarkHost(b *testing.B) {
	h := startHost(b, Config{})
	login := h.login(b)
	session := login.Session()

	// The floor answers the very bytes the host answers.
	doc := capture(b, h.URL(), session)
	floor := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		w.Write(doc)
	}))
	defer floor.Close()

	var floorRate float64
	modes := []struct {
		name    string
		workers int
		pace    time.Duration
	}{{"16-goroutines", 16, 0}, {"64-conns", 64, 0}, {"64-conns-paced", 64, 10 * time.Millisecond}}
	for _, mode := range modes {
		workers := mode.workers
		for _, target := range []struct{ name, url string }{{"floor", floor.URL + "/api"}, {"host", h.URL()}} {
			name := target.name + "/" + mode.name
			b.Run(name, func(b *testing.B) {
				tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 128, IdleConnTimeout: time.Minute}
				defer tr.CloseIdleConnections()
				c, err := gateway.NewClient(gateway.Options{URL: target.url, Transport: tr})
				if err != nil {
					b.Fatal(err)
				}
				c.SetSession(session)
				rate, p99 := hammer(b, workers, mode.pace, func() error {
					_, err := c.AgentGetStatus(context.Background())
					return err
				})
				b.ReportMetric(rate, "calls/s")
				b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
				switch {
				case workers == 16 && target.name == "floor":
					floorRate = rate
				case workers == 16 && floorRate > 0:
					b.ReportMetric(100*rate/floorRate, "%-of-floor")
				}
			})
		}
	}
}

// capture returns the host's raw agentGetStatus answer.
func capture(b *testing.B, url, session string) []byte {
	req := &gateway.Request{Session: session, Function: "agentGetStatus"}
	body, _ := req.Marshal()
	resp, err := http.Post(url, "application/xml", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := io.ReadAll(resp.Body)
	if err != nil {
		b.Fatal(err)
	}
	if r, err := gateway.UnmarshalResponse(doc, gateway.DefaultLimits()); err != nil || r.Status != gateway.StatusOK {
		b.Fatalf("agentGetStatus answered %q (%v)", doc, err)
	}
	return doc
}

// hammer runs b.N calls from exactly workers goroutines and returns the
// throughput and the 99th percentile latency. With a pace, each goroutine
// starts a call every pace (skipping ticks it missed) instead of back to
// back.
func hammer(b *testing.B, workers int, pace time.Duration, call func() error) (perSecond float64, p99 time.Duration) {
	var next atomic.Int64
	lat := make([][]time.Duration, workers)
	var wg sync.WaitGroup
	var failed atomic.Bool
	b.ResetTimer()
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var tick *time.Ticker
			if pace > 0 {
				tick = time.NewTicker(pace)
				defer tick.Stop()
			}
			for next.Add(1) <= int64(b.N) {
				if tick != nil {
					<-tick.C
				}
				t := time.Now()
				if err := call(); err != nil {
					if !failed.Swap(true) {
						b.Error(err)
					}
					return
				}
				lat[w] = append(lat[w], time.Since(t))
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lat...)
	if len(all) == 0 {
		return 0, 0
	}
	slices.Sort(all)
	return float64(len(all)) / elapsed.Seconds(), all[(len(all)*99)/100]
}
