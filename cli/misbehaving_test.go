package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dpconsole/gateway"
)

// misbehavingHost serves handler over loopback. Each handler below only
// misbehaves: the tests that want a working host use the mock host.
func misbehavingHost(t *testing.T, handler http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	// Runs first: ends the connections a hung handler waits on.
	t.Cleanup(srv.CloseClientConnections)
	return srv.URL + "/api"
}

// htmlPage answers every call with a web page, as a proxy or a login
// portal in front of the gateway would.
func htmlPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	io.WriteString(w, "<html><body>Please sign in to the proxy</body></html>")
}

// unavailable answers HTTP 503 with a plain-text body.
func unavailable(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
}

// okWithHTTP500 sends a well-formed status-1 answer under HTTP 500.
func okWithHTTP500(w http.ResponseWriter, r *http.Request) {
	body, _ := (&gateway.Response{Status: gateway.StatusOK, Message: "OK"}).Marshal()
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(body)
}

// challengesForever asks "Password:" again however it is answered.
func challengesForever(w http.ResponseWriter, r *http.Request) {
	body, _ := (&gateway.Response{Status: gateway.StatusChallenged, Message: "Challenged",
		Results: []gateway.Arg{gateway.Named("prompt-1", "Password:")}}).Marshal()
	w.Header().Set("Content-Type", "application/xml")
	w.Write(body)
}

// hung never answers: it waits until the connection ends. Reading the body
// first lets the server notice a closed connection.
func hung(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
}

// A host that answers without a protocol answer is a transport error:
// exit 1, naming what came back.
func TestCallAgainstMisbehavingHosts(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		args    []string
		stderr  []string
	}{
		{"HTML page", htmlPage, []string{"agentPing"},
			[]string{"agentPing: transport", "not a <Response> document", `body starts "<html>`}},
		{"HTTP 503", unavailable, []string{"agentPing"}, []string{"transport: HTTP 503", "upstream unavailable"}},
		{"status 1 under HTTP 500", okWithHTTP500, []string{"agentPing"}, []string{"HTTP 500", "unexpected HTTP status"}},
		{"no answer", hung, []string{"--timeout", "200ms", "agentPing"}, []string{"agentPing: transport", "no answer within 200ms"}},
		{"challenges for ever", challengesForever, []string{"--user", "operator", "--answer", "prompt-1=demo", "configGetList"},
			[]string{"still challenges after 16 rounds"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := misbehavingHost(t, tc.handler)
			got := newRunner(t).run(append([]string{"call", "--gateway", url}, tc.args...)...)
			if got.code != 1 || got.stdout != "" {
				t.Errorf("exit %d, stdout %q; want 1 and nothing", got.code, got.stdout)
			}
			for _, w := range tc.stderr {
				if !strings.Contains(got.stderr, w) {
					t.Errorf("stderr %q lacks %q", got.stderr, w)
				}
			}
		})
	}
}

// A login that fails on a misbehaving host keeps nothing.
func TestLoginAgainstMisbehavingHostKeepsNothing(t *testing.T) {
	r := newRunner(t)
	url := misbehavingHost(t, htmlPage)
	if got := r.run("login", "--gateway", url, "--user", "operator", "--answer", "prompt-1=demo"); got.code != 1 || !strings.Contains(got.stderr, "not a <Response> document") {
		t.Errorf("login: %+v", got)
	}
	if got := r.run("logout"); got.code != 0 || !strings.Contains(got.stdout, "not logged in") {
		t.Errorf("a session was kept: %+v", got)
	}
}
