package gateway

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// slowAnswer serves a log's answer in 20 pieces, pause apart, after
// pausing before the piece numbered stallAt for stall.
func slowAnswer(t *testing.T, doc []byte, pause time.Duration, stallAt int, stall time.Duration) string {
	t.Helper()
	answer := []byte("<Response><Status>1</Status><ResultList><Result>" + base64.StdEncoding.EncodeToString(doc) + "</Result></ResultList></Response>")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		step := len(answer)/20 + 1
		for i, off := 0, 0; off < len(answer); i, off = i+1, off+step {
			wait := pause
			if i == stallAt {
				wait = stall
			}
			select {
			case <-r.Context().Done():
				return
			case <-time.After(wait):
			}
			w.Write(answer[off:min(len(answer), off+step)])
			w.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestStreamTimeoutIsForSilence: a streamed log may take longer than the
// call's timeout as long as its bytes keep coming; a silence longer than
// the timeout ends it, and says so; the operator's cancel is a cancel.
func TestStreamTimeoutIsForSilence(t *testing.T) {
	doc := bytes.Repeat([]byte("<Entry time=\"2026-11-29T09:00:00Z\" level=\"info\">x</Entry>\n"), 2000)
	doc = append(append([]byte("<TaskLog>\n"), doc...), "</TaskLog>\n"...)
	steady, err := NewClient(Options{URL: slowAnswer(t, doc, 40*time.Millisecond, -1, 0), Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := steady.TaskLogStream(context.Background(), "c", "t", &got); err != nil || !bytes.Equal(got.Bytes(), doc) {
		t.Fatalf("an answer arriving for 800 ms, never silent for 300: %v (%d of %d bytes)", err, got.Len(), len(doc))
	}

	silent, _ := NewClient(Options{URL: slowAnswer(t, doc, 10*time.Millisecond, 10, 2*time.Second), Timeout: 300 * time.Millisecond})
	start := time.Now()
	err = silent.TaskLogStream(context.Background(), "c", "t", &bytes.Buffer{})
	if !IsTransport(err) || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "no answer within 300ms") {
		t.Fatalf("an answer silent for 2 s half way: %v", err)
	}
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Fatalf("the silence was noticed after %s", took)
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	err = silent.TaskLogStream(ctx, "c", "t", &bytes.Buffer{})
	if !errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a cancelled stream: %v", err)
	}
}

// trickle answers one byte of a log's answer every gap.
func trickle(t *testing.T, gap time.Duration) string {
	t.Helper()
	answer := []byte("<Response><Status>1</Status><ResultList><Result>" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("<Entry/>"), 500)) + "</Result></ResultList></Response>")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, b := range answer {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(gap):
			}
			w.Write([]byte{b})
			w.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestStreamTrickleIsRefused: a host that sends a byte now and then is
// never silent for the timeout, but an answer at a few bytes a second
// would hold a poll for ever: under the minimum rate it is given up,
// saying so.
func TestStreamTrickleIsRefused(t *testing.T) {
	cl, _ := NewClient(Options{URL: trickle(t, 20*time.Millisecond), Timeout: 300 * time.Millisecond})
	start := time.Now()
	err := cl.TaskLogStream(context.Background(), "c", "t", &bytes.Buffer{})
	if !IsTransport(err) || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "KiB/s a streamed answer needs") {
		t.Fatalf("a trickle: %v", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("the trickle was given up after %s", took)
	}
}

// TestStreamProgressOnASlowLink: on a link too slow for a report every
// 256 KiB, progress still comes about every half second, so a load that
// is arriving is not taken for a stalled one.
func TestStreamProgressOnASlowLink(t *testing.T) {
	doc := bytes.Repeat([]byte("<Entry time=\"2026-11-29T09:00:00Z\" level=\"info\">x</Entry>\n"), 1500)
	doc = append(append([]byte("<TaskLog>\n"), doc...), "</TaskLog>\n"...)
	cl, _ := NewClient(Options{URL: slowAnswer(t, doc, 80*time.Millisecond, -1, 0), Timeout: 5 * time.Second})
	var at []time.Time
	ctx := WithProgress(context.Background(), func(read, total int64) { at = append(at, time.Now()) })
	if err := cl.TaskLogStream(ctx, "c", "t", &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if len(at) < 3 {
		t.Fatalf("%d progress reports for an answer that took 1.6 s", len(at))
	}
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap > 1200*time.Millisecond {
			t.Fatalf("progress reports %s apart on a steady link", gap)
		}
	}
}
