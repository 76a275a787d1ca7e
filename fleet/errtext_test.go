package fleet

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestHTTPAnswersThatAreNoGatewaysKeepTheirStatus: a web server that is
// not a gateway is reported with its HTTP status and what it means, not
// as the decoder's "no <Response> element".
func TestHTTPAnswersThatAreNoGatewaysKeepTheirStatus(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		want   string
	}{
		{"404", http.StatusNotFound, "HTTP 404: not a Data Protector gateway (check the URL)"},
		{"502", http.StatusBadGateway, "HTTP 502: not a Data Protector answer (check the URL)"},
		{"200", http.StatusOK, "not a Data Protector gateway (check the URL)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(tc.status)
				w.Write([]byte("<html><body>hello</body></html>"))
			}))
			t.Cleanup(srv.Close)
			h := Host{Name: "web", URL: srv.URL, Client: newClient(t, srv.URL, 5*time.Second)}
			r := Probe(context.Background(), h, time.Now)
			if got := r.Err(); got != tc.want {
				t.Errorf("Err() = %q, want %q", got, tc.want)
			}
			if r.State() != "down" {
				t.Errorf("state %q, want down", r.State())
			}
		})
	}
}
