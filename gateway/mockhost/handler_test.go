package mockhost

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost/engine"
	"dpconsole/testkit"
)

func TestEveryFunctionHasAnAdapter(t *testing.T) {
	fns := gateway.Functions()
	for _, f := range fns {
		if adapters[f.Name] == nil {
			t.Errorf("%s has no adapter", f.Name)
		}
	}
	if len(adapters) != len(fns) {
		t.Errorf("%d adapters for %d registry functions: an adapter names a function the registry lacks", len(adapters), len(fns))
	}
}

func TestHealthzAndRouting(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	base := strings.TrimSuffix(h.URL(), "/api")
	resp, err := http.Get(base + "/healthz")
	ok(t, "GET /healthz", err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok" {
		t.Errorf("healthz: HTTP %d %q, want 200 ok", resp.StatusCode, body)
	}
	resp, err = http.Get(base + "/elsewhere")
	ok(t, "GET /elsewhere", err)
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("/elsewhere: HTTP %d, want 404", resp.StatusCode)
	}
}

func TestWrongMethodIs405WithAResponse(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		req, _ := http.NewRequest(m, h.URL(), nil)
		resp, err := http.DefaultClient.Do(req)
		ok(t, m, err)
		resp.Body.Close()
		if resp.Header.Get("Allow") != "POST" {
			t.Errorf("%s: Allow %q, want POST", m, resp.Header.Get("Allow"))
		}
		req, _ = http.NewRequest(m, h.URL(), nil)
		code, r := send(t, req)
		if code != http.StatusMethodNotAllowed {
			t.Errorf("%s: HTTP %d, want 405", m, code)
		}
		wantResp(t, m, r, gateway.StatusInvalid, "POST")
	}
}

func TestBodyOverLimitIs413WithAResponse(t *testing.T) {
	h := startHost(t, Config{Empty: true, MaxBody: 1024})
	big := `<Request><Function>agentPing</Function><ArgList><Argument>` + strings.Repeat("QUFB", 600) + `</Argument></ArgList></Request>`
	code, r := raw(t, h.URL(), "application/xml", big)
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("sized body: HTTP %d, want 413", code)
	}
	wantResp(t, "sized body", r, gateway.StatusInvalid, "1024 bytes")
	// Without a Content-Length the limit is found while reading.
	req, _ := http.NewRequest(http.MethodPost, h.URL(), io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	code, r = send(t, req)
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked body: HTTP %d, want 413", code)
	}
	wantResp(t, "chunked body", r, gateway.StatusInvalid, "limit")
	// Just under the limit is served.
	code, r = raw(t, h.URL(), "", `<Request><Function>agentPing</Function></Request>`)
	if code != 200 || r.Status != gateway.StatusOK {
		t.Errorf("small body: HTTP %d status %d", code, r.Status)
	}
}

func TestContentTypesAndMalformedDocuments(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	ping := `<Request><Function>agentPing</Function></Request>`
	for _, ct := range []string{"", "application/xml", "application/xml; charset=utf-8", "text/xml"} {
		code, r := raw(t, h.URL(), ct, ping)
		if code != 200 || r.Status != gateway.StatusOK {
			t.Errorf("Content-Type %q: HTTP %d status %d %q", ct, code, r.Status, r.Message)
		}
	}
	cases := []struct{ name, ct, body, want string }{
		{"json content type", "application/json", ping, "Content-Type"},
		{"not XML", "", "hello", "malformed"},
		{"truncated", "", `<Request><Function>agentPing</Function>`, "malformed"},
		{"wrong root", "", `<Response><Status>1</Status></Response>`, "Request"},
		{"no function", "", `<Request></Request>`, "Function"},
		{"doctype", "", `<!DOCTYPE x [<!ENTITY a "b">]><Request><Function>agentPing</Function></Request>`, "DOCTYPE"},
		{"bad base64", "", `<Request><Function>agentPing</Function><ArgList><Argument>@@@</Argument></ArgList></Request>`, "base64"},
		{"unknown function", "", `<Request><Function>noSuchFunction</Function></Request>`, "noSuchFunction"},
	}
	for _, c := range cases {
		code, r := raw(t, h.URL(), c.ct, c.body)
		if code != 200 {
			t.Errorf("%s: HTTP %d, want 200", c.name, code)
		}
		wantResp(t, c.name, r, gateway.StatusInvalid, c.want)
	}
}

func TestFunctionNamesAreCaseInsensitiveWithAlias(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	c := h.login(t)
	ok(t, "template", c.TemplateSaveTask(context.Background(), `<Task name="tpl" enabled="true"><Schedule every="10s"/></Task>`))
	for _, name := range []string{"AGENTPING", "agentping"} {
		if r := do(t, c, &gateway.Request{Function: name}); r.Status != gateway.StatusOK {
			t.Errorf("%s: status %d %q", name, r.Status, r.Message)
		}
	}
	for _, name := range []string{"templateGetTask", "tempateGetTask", "TEMPLATEGETTASK"} {
		r := do(t, c, &gateway.Request{Session: c.Session(), Function: name, Args: []gateway.Arg{gateway.Text("tpl")}})
		if r.Status != gateway.StatusOK || len(r.Results) != 1 {
			t.Errorf("%s: status %d %q, %d results", name, r.Status, r.Message, len(r.Results))
		}
	}
}

// fill returns n placeholder arguments, the session first where the spec
// puts it there.
func fill(f gateway.Function, session string, n int) []gateway.Arg {
	args := make([]gateway.Arg, n)
	for i := range args {
		args[i] = gateway.Text("x")
	}
	if f.Session == gateway.SessionFirstArg && n > 0 {
		args[0] = gateway.Text(session)
	}
	return args
}

func TestWrongArgumentCountIs408ForEveryFunction(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	c := h.login(t)
	for _, f := range gateway.Functions() {
		min, max := f.ArgCount()
		var counts []int
		if min > 0 {
			counts = append(counts, min-1)
		}
		if max >= 0 {
			counts = append(counts, max+1)
		}
		for _, n := range counts {
			r := do(t, c, &gateway.Request{Session: c.Session(), Function: f.Name, Args: fill(f, c.Session(), n)})
			wantResp(t, fmt.Sprintf("%s with %d args", f.Name, n), r, gateway.StatusInvalid, f.Name, fmt.Sprintf("got %d", n))
		}
	}
}

// panicky is a backend whose agentGetStatus panics.
type panicky struct{ Backend }

func (panicky) AgentGetStatus() (engine.AgentStatus, error) { panic("backend exploded") }

func TestPanicIsRecoveredInto502AndTheHostKeepsServing(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	logs := &testkit.SyncBuffer{}
	srv := httptest.NewServer(NewHandler(panicky{h.Engine()}, h.Auth(), HandlerOptions{Log: logs}))
	defer srv.Close()
	c, err := gateway.NewClient(gateway.Options{URL: srv.URL + "/api"})
	ok(t, "client", err)
	id, err := c.Login(context.Background(), "operator", answers("demo"))
	ok(t, "login", err)
	for i := 0; i < 3; i++ {
		_, err = c.AgentGetStatus(context.Background())
		wantStatus(t, "panicking agentGetStatus", err, gateway.StatusGeneral, "internal error")
		ok(t, "agentPing after the panic", c.AgentPing(context.Background()))
	}
	log := logs.String()
	if !strings.Contains(log, "panic in agentGetStatus: backend exploded") {
		t.Errorf("panic not logged: %q", log)
	}
	if strings.Contains(log, id) {
		t.Error("the panic log holds the session id")
	}
}

func TestVerboseLogsOneLinePerCallWithoutSecrets(t *testing.T) {
	h := startHost(t, Config{Empty: true, Verbose: true})
	c := h.client(t)
	id, err := c.Login(context.Background(), "admin", answers("demo", "424242"))
	ok(t, "login", err)
	ok(t, "save", c.SharedSaveScript(context.Background(), "secret.xml", "<S>ARGUMENT-MARKER</S>"))
	_, err = c.AgentGetStatus(context.Background())
	ok(t, "status", err)
	_, err = c.SharedGetScript(context.Background(), "missing.xml")
	wantStatus(t, "missing", err, gateway.StatusNotFound)
	log := h.stderr.String()
	for _, want := range []string{"hostOpenSession 2 ", "hostOpenSession 1 ", "sharedSaveScript 1 ", "agentGetStatus 1 ", "sharedGetScript 213 "} {
		if !strings.Contains(log, want) {
			t.Errorf("verbose log lacks %q:\n%s", want, log)
		}
	}
	for _, secret := range []string{id, "424242", "ARGUMENT-MARKER", "secret.xml", "missing.xml"} {
		if strings.Contains(log, secret) {
			t.Errorf("verbose log holds %q:\n%s", secret, log)
		}
	}
	if n := strings.Count(log, "\n"); n < 6 {
		t.Errorf("%d lines for 6 calls:\n%s", n, log)
	}
}
