package gateway

import (
	"encoding/base64"
	"math/rand/v2"
	"runtime"
	"testing"
)

// benchPayload is the size of the binary argument BenchmarkCodec moves: a
// large ID.
const benchPayload = 16 << 20

func benchBytes(n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{1})
	_, _ = r.Read(b)
	return b
}

// BenchmarkCodec measures the codec on a request with one 16 MiB binary
// argument beside its floor, plain base64 of the same bytes. The goal is
// the codec within 2x the floor's time and 3x the payload in bytes
// allocated per operation (the alloc/payload metric); decode-small is a
// control request, which should take under 50 µs.
func BenchmarkCodec(b *testing.B) {
	payload := benchBytes(benchPayload)
	req := &Request{Session: "c2Vzc2lvbg", Function: "configSaveID",
		Args: []Arg{Text("production"), Text("operations.iic"), {Name: "id-contents", Value: payload}}}
	doc, err := req.Marshal()
	if err != nil {
		b.Fatal(err)
	}
	encoded := base64.StdEncoding.EncodeToString(payload)
	lim := DefaultLimits()

	b.Run("encode", func(b *testing.B) {
		measure(b, len(payload), func() {
			if _, err := req.Marshal(); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("encode-floor", func(b *testing.B) {
		measure(b, len(payload), func() {
			dst := make([]byte, base64.StdEncoding.EncodedLen(len(payload)))
			base64.StdEncoding.Encode(dst, payload)
		})
	})
	b.Run("decode", func(b *testing.B) {
		measure(b, len(payload), func() {
			if _, err := UnmarshalRequest(doc, lim); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("decode-floor", func(b *testing.B) {
		src := []byte(encoded)
		measure(b, len(payload), func() {
			dst := make([]byte, base64.StdEncoding.DecodedLen(len(src)))
			if _, err := base64.StdEncoding.Decode(dst, src); err != nil {
				b.Fatal(err)
			}
		})
	})
	small, err := (&Request{Session: "0123456789abcdef0123456789abcdef", Function: "agentGetStatus"}).Marshal()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decode-small", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := UnmarshalRequest(small, lim); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// measure runs op in the benchmark loop and reports throughput and the
// bytes allocated per operation as a multiple of the payload.
func measure(b *testing.B, payload int, op func()) {
	b.ReportAllocs()
	b.SetBytes(int64(payload))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	for b.Loop() {
		op()
		n++
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/float64(payload), "alloc/payload")
}
