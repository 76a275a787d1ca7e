package mockhost

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"sync"

	"dpconsole/gateway"
)

// Compressed answers for callers that accept gzip (docs/protocol.md §11).

// gzipFrom is the smallest answer sent compressed to a caller that
// accepts gzip (docs/protocol.md §11).
const gzipFrom = 1 << 10

// acceptsGzip reports whether the request's Accept-Encoding offers gzip
// (with a q-value other than 0).
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(enc), "gzip") {
				continue
			}
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// gzipWriters reuse compressors: each holds about 1 MB of state.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// writeGzip sends the answer compressed when it is at least gzipFrom
// bytes, streaming it through the compressor: a large log is never held
// encoded and compressed at once.
func (h *Handler) writeGzip(w http.ResponseWriter, code int, resp *gateway.Response, name string) {
	if resp.EncodedLen() < gzipFrom {
		h.write(w, code, resp, name)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Add("Vary", "Accept-Encoding")
	w.WriteHeader(code)
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(w)
	err := resp.Encode(zw)
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	zw.Reset(io.Discard)
	gzipWriters.Put(zw)
	if err != nil && h.verbose != nil {
		h.verbose.printf("%s: sending the answer: %v", name, err)
	}
}
