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
