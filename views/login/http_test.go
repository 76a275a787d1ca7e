package login

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestWebServerAnswerReadsAsTheFleetSaysIt: a URL whose server answers
// with a web page (a 404, or a 501 to the POST) is worded as the Fleet
// pane words it, not as the decoder's dump of the page, and not as
// "cannot reach" (it answered); Enter still retries. A refused
// connection keeps its own words.
func TestWebServerAnswerReadsAsTheFleetSaysIt(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		page   string
		want   string
	}{
		{"404", http.StatusNotFound, "<html><body><h1>404 Not Found</h1></body></html>",
			"the server answered HTTP 404: not a Data Protector gateway (check the URL)"},
		{"501", http.StatusNotImplemented, "<!DOCTYPE HTML>\n<html lang=\"en\">\n <head>\n <meta charset=\"utf-8\">\n</head></html>",
			"the server answered HTTP 501: not a Data Protector answer (check the URL)"},
		{"200", http.StatusOK, "<html><body>hello</body></html>",
			"the server answered, but it is not a Data Protector gateway (check the URL)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.page))
			}))
			t.Cleanup(srv.Close)
			c := commonFor(t, srv.URL)
			m := New(c, Options{Gateway: srv.URL, Keys: c.Keys.Form})
			m.SetSize(80, 22)
			submit(t, m, "bob")
			if m.state != stateFailed || m.retry == nil {
				t.Fatalf("state %v, retry %v", m.state, m.retry != nil)
			}
			if !strings.HasPrefix(m.errText, tc.want) || !strings.HasSuffix(m.errText, "Enter retries") {
				t.Errorf("error %q, want %q… Enter retries", m.errText, tc.want)
			}
			v := strings.Join(strings.Fields(m.View()), " ")
			for _, bad := range []string{"cannot reach", "DOCTYPE", "<Response>", "body starts", "hostOpenSession"} {
				if strings.Contains(v, bad) {
					t.Errorf("the screen says %q:\n%s", bad, m.View())
				}
			}
			if !strings.Contains(v, tc.want) {
				t.Errorf("the screen lacks %q:\n%s", tc.want, m.View())
			}
		})
	}
	t.Run("refused", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close() // nothing listens there now
		c := commonFor(t, url)
		m := New(c, Options{Gateway: url, Keys: c.Keys.Form})
		m.SetSize(80, 22)
		submit(t, m, "bob")
		if !strings.HasPrefix(m.errText, "cannot reach the gateway: ") || !strings.Contains(m.errText, "connection refused") {
			t.Errorf("a refused connection reads %q", m.errText)
		}
	})
}
