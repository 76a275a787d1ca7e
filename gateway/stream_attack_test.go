package gateway_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"dpconsole/gateway"
)

// attackLog is a log-like document of about n bytes.
func attackLog(n int) []byte {
	var b bytes.Buffer
	b.WriteString("<TaskLog config=\"c\" task=\"t\">\n")
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "  <Entry time=\"2026-11-29T09:00:00Z\" level=\"Info\">line %d</Entry>\n", i)
	}
	b.WriteString("</TaskLog>\n")
	return b.Bytes()
}

// spaced interleaves XML white space into base64 text at random places.
func spaced(b64 string, rnd *rand.Rand) []byte {
	var out []byte
	ws := []byte(" \t\r\n")
	for i := 0; i < len(b64); i++ {
		out = append(out, b64[i])
		if rnd.IntN(7) == 0 {
			out = append(out, ws[rnd.IntN(4)])
		}
	}
	return out
}

func envelope(body []byte) []byte {
	return append(append([]byte("<Response><Status>1</Status><StatusMessage>OK</StatusMessage><ResultList><Result>"), body...),
		"</Result></ResultList></Response>"...)
}

// A host that writes its answer one byte per TCP write, flushing each, with
// white space anywhere in the base64: the streamed decode must give exactly
// the document.
func TestAttackOneByteWritesWithWhitespace(t *testing.T) {
	doc := attackLog(100 << 10) // past the 64 KiB hold: streamed
	rnd := rand.New(rand.NewPCG(1, 2))
	answer := envelope(spaced(base64.StdEncoding.EncodeToString(doc), rnd))
	srv := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		f := w.(http.Flusher)
		for i := range answer {
			w.Write(answer[i : i+1])
			f.Flush()
		}
	})
	var got bytes.Buffer
	if err := hostileClient(t, srv.URL).TaskLogStream(context.Background(), "c", "t", &got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), doc) {
		t.Fatalf("decoded %d bytes, want %d (first diff at %d)", got.Len(), len(doc), firstDiff(got.Bytes(), doc))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// A gzip bomb of valid base64: a few hundred KiB on the wire that inflate
// to far more than MaxLogSize. It must be refused at the limit, without
// holding the inflated answer.
func TestAttackGzipBombRefusedAtTheLimit(t *testing.T) {
	const inflated = 256 << 20 // 256 MiB of base64 ("AAAA" is 3 zero bytes)
	var z bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	gz.Write([]byte("<Response><Status>1</Status><ResultList><Result>"))
	chunk := bytes.Repeat([]byte("AAAA"), 1<<18)
	for range inflated / len(chunk) {
		gz.Write(chunk)
	}
	gz.Write([]byte("</Result></ResultList></Response>"))
	gz.Close()
	wire := z.Bytes()
	srv := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(wire)
	})
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 20 * time.Second, MaxLogSize: 4 << 20})
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := 0
	err = cl.TaskLogStream(context.Background(), "c", "t", writerFunc(func(p []byte) (int, error) { n += len(p); return len(p), nil }))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, gateway.ErrTooLarge) {
		t.Fatalf("a %d-byte gzip bomb: err = %v after %d bytes", len(wire), err, n)
	}
	if n > 4<<20+64<<10 {
		t.Fatalf("%d bytes handed on past a 4 MiB limit", n)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Fatalf("allocated %d MiB for a refused bomb", grew>>20)
	}
}

// A white-space bomb (gzip): refused early, not after 256 MiB.
func TestAttackGzipWhitespaceBomb(t *testing.T) {
	var z bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	gz.Write([]byte("<Response><Status>1</Status><ResultList><Result>"))
	gz.Write([]byte(strings.Repeat("QUJD", 1<<15))) // past the hold
	sp := bytes.Repeat([]byte(" \n"), 1<<19)
	for range 256 {
		gz.Write(sp)
	}
	gz.Write([]byte("QUJD</Result></ResultList></Response>"))
	gz.Close()
	wire := z.Bytes()
	srv := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(wire)
	})
	read := int64(0)
	ctx := gateway.WithProgress(context.Background(), func(r, _ int64) { read = r })
	err := hostileClient(t, srv.URL).TaskLogStream(ctx, "c", "t", writerFunc(func(p []byte) (int, error) { return len(p), nil }))
	if !errors.Is(err, gateway.ErrTooLarge) {
		t.Fatalf("white-space bomb: %v", err)
	}
	if read > 8<<20 {
		t.Fatalf("read %d MiB of white space before refusing", read>>20)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
