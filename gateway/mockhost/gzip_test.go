package mockhost

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// post sends one call with the given Accept-Encoding ("" for none, which
// Go's transport would replace: compression is turned off to keep it).
func post(t *testing.T, url string, req *gateway.Request, acceptEncoding string) (*http.Response, []byte) {
	t.Helper()
	body, _ := req.Marshal()
	hreq, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(string(body)))
	hreq.Header.Set("Content-Type", "application/xml")
	if acceptEncoding != "" {
		hreq.Header.Set("Accept-Encoding", acceptEncoding)
	}
	cl := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := cl.Do(hreq)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, data
}

func TestAnswersCompressedWhenAskedFrom1KiB(t *testing.T) {
	h := startHost(t, Config{})
	h.clock.Advance(2 * time.Minute) // the demo tasks run and log
	c := h.login(t)
	logReq := &gateway.Request{Session: c.Session(), Function: "taskGetLog", Args: []gateway.Arg{gateway.Text("production"), gateway.Text("protect-inbox")}}
	plainResp, plain := post(t, h.URL(), logReq, "")
	if plainResp.Header.Get("Content-Encoding") != "" || len(plain) < gzipFrom {
		t.Fatalf("without gzip: Content-Encoding %q, %d bytes", plainResp.Header.Get("Content-Encoding"), len(plain))
	}
	for _, ae := range []string{"gzip", "br;q=1, GZIP;q=0.5", "deflate, gzip"} {
		resp, body := post(t, h.URL(), logReq, ae)
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q", ae, resp.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		inflated, err := io.ReadAll(zr)
		if err != nil || string(inflated) != string(plain) {
			t.Fatalf("inflated %d bytes (%v), want the plain %d", len(inflated), err, len(plain))
		}
		t.Logf("a %d-byte log answer sent as %d gzip bytes", len(plain), len(body))
	}
	for _, ae := range []string{"gzip;q=0", "identity", "br"} {
		if resp, _ := post(t, h.URL(), logReq, ae); resp.Header.Get("Content-Encoding") != "" {
			t.Fatalf("Accept-Encoding %q: compressed", ae)
		}
	}
	// Small answers go plain.
	ping := &gateway.Request{Session: c.Session(), Function: "agentPing"}
	if resp, body := post(t, h.URL(), ping, "gzip"); resp.Header.Get("Content-Encoding") != "" || len(body) >= gzipFrom {
		t.Fatalf("a %d-byte answer was compressed", len(body))
	}
	// The project's client asks for gzip and gets the same log.
	var tail strings.Builder
	if err := c.TaskLogStream(t.Context(), "production", "protect-inbox", &tail); err != nil {
		t.Fatal(err)
	}
	_, entries, err := hostdoc.ParseLog([]byte(tail.String()))
	if err != nil || len(entries) == 0 {
		t.Fatalf("streamed log: %d entries, %v", len(entries), err)
	}
}

// Uncompressed, the mock host's answer has a size: progress reports it.
func TestStreamedLogProgressHasATotal(t *testing.T) {
	h := startHost(t, Config{})
	h.clock.Advance(2 * time.Minute)
	c, err := gateway.NewClient(gateway.Options{URL: h.URL(), Transport: &http.Transport{DisableCompression: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(t.Context(), "operator", answers("demo")); err != nil {
		t.Fatal(err)
	}
	var read, total int64
	ctx := gateway.WithProgress(t.Context(), func(r, tot int64) { read, total = r, tot })
	if err := c.TaskLogStream(ctx, "production", "protect-inbox", io.Discard); err != nil {
		t.Fatal(err)
	}
	if total <= 0 || read != total {
		t.Fatalf("progress: read %d of %d", read, total)
	}
}
