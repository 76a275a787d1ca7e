package mockhost

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost/engine"
)

// TestLoopbackHostOnly: a host listening on loopback serves only loopback
// Host values (a guard against DNS rebinding); others get HTTP 421, with a
// <Response> of status 408 on /api.
func TestLoopbackHostOnly(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	base := strings.TrimSuffix(h.URL(), "/api")
	ping := `<Request><Function>agentPing</Function></Request>`
	served := []string{"", "127.0.0.1", "localhost", "LocalHost:8080", "localhost.", "127.1.2.3:99", "[::1]", "[::1]:8080", "::1"}
	refused := []string{"evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example",
		"10.0.0.1", "0.0.0.0:8080", "[::2]:80", "[::1]x", "localhost:http", "[fe80::1%25lo]"}
	for _, host := range served {
		req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(ping))
		req.Host = host // "" keeps the URL's 127.0.0.1:PORT
		if code, r := send(t, req); code != 200 || r.Status != gateway.StatusOK {
			t.Errorf("Host %q: HTTP %d status %d %s, want served", host, code, r.Status, r.Message)
		}
	}
	for _, host := range refused {
		req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(ping))
		req.Host = host
		code, r := send(t, req)
		if code != http.StatusMisdirectedRequest {
			t.Errorf("Host %q on /api: HTTP %d, want 421", host, code)
		}
		wantResp(t, "Host "+host, r, gateway.StatusInvalid, "is not served", "loopback")
		req, _ = http.NewRequest(http.MethodGet, base+"/healthz", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		ok(t, "healthz", err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusMisdirectedRequest || !strings.Contains(string(body), "not served") {
			t.Errorf("Host %q on /healthz: HTTP %d %q, want 421", host, resp.StatusCode, body)
		}
	}
	// HTTP/1.0 without a Host header at all.
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	ok(t, "dial", err)
	defer conn.Close()
	io.WriteString(conn, "GET /healthz HTTP/1.0\r\n\r\n")
	status, _ := bufio.NewReader(conn).ReadString('\n')
	if !strings.Contains(status, "421") {
		t.Errorf("no Host header: %q, want 421", status)
	}
}

// TestAnyHostOffLoopback: listening on every address, the host serves any
// Host (the operator chose to be reachable by name).
func TestAnyHostOffLoopback(t *testing.T) {
	h := startHost(t, Config{Empty: true, Listen: "0.0.0.0:0"})
	req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(`<Request><Function>agentPing</Function></Request>`))
	req.Host = "dp-gateway.example:8080"
	if code, r := send(t, req); code != 200 || r.Status != gateway.StatusOK {
		t.Errorf("HTTP %d status %d %s, want served", code, r.Status, r.Message)
	}
}

// TestAnswersNeverNameTheDataDirectory provokes storage failures of every
// kind and checks that no answer contains the data directory's path, in
// any of its spellings.
func TestAnswersNeverNameTheDataDirectory(t *testing.T) {
	// A link in the path, so the resolved spelling differs from the given one.
	real := t.TempDir()
	dir := filepath.Join(t.TempDir(), "data-link")
	ok(t, "link", os.Symlink(real, dir))
	h := startHost(t, Config{Empty: true, DataDir: dir})
	c := h.login(t)
	ctx := context.Background()
	ok(t, "config", c.ConfigCreate(ctx, "c"))
	ok(t, "tasks", c.ConfigSaveTasks(ctx, "c", `<Tasks><Task name="t"><Schedule every="1h"/></Task></Tasks>`))
	ok(t, "dir script", os.Mkdir(filepath.Join(real, "shared", "scripts", "dir.xml"), 0o755))
	// Directories where files belong, files where directories belong.
	replace := func(rel string) {
		t.Helper()
		p := filepath.Join(real, rel)
		ok(t, "remove "+rel, os.RemoveAll(p))
		ok(t, "plant "+rel, os.WriteFile(p, []byte("planted"), 0o644))
	}
	replace("configs/c/ids")
	replace("configs/c/runtime")
	replace("templates")
	hidden := engine.DirForms(dir)
	if len(hidden) < 2 {
		t.Fatalf("DirForms(%s) = %v, want the link and its target", dir, hidden)
	}
	calls := []struct {
		name string
		err  error
	}{
		{"sharedGetScript of a directory", func() error { _, err := c.SharedGetScript(ctx, "dir.xml"); return err }()},
		{"configSaveID into a file", c.ConfigSaveID(ctx, "c", "x.iic", []byte("id"))},
		{"configNewID into a file", c.ConfigNewID(ctx, "c", "y.iic")},
		{"configGetID from a file", func() error { _, err := c.ConfigGetID(ctx, "c", "x.iic"); return err }()},
		{"taskPause with no runtime directory", c.TaskPause(ctx, "c", "t")},
		{"templateGetList of a file", func() error { _, err := c.TemplateGetList(ctx); return err }()},
		{"templateSaveTask into a file", c.TemplateSaveTask(ctx, `<Task name="tpl"><Schedule every="1h"/></Task>`)},
	}
	failures := 0
	for _, call := range calls {
		var pe *gateway.Error
		if !asError(call.err, &pe) {
			t.Errorf("%s: %v, want a storage failure", call.name, call.err)
			continue
		}
		if pe.Status == gateway.StatusGeneral {
			failures++
		}
		for _, d := range append(hidden, real) {
			if strings.Contains(pe.Message, d) {
				t.Errorf("%s: the answer %q names the data directory %s", call.name, pe.Message, d)
			}
		}
	}
	if failures < 5 {
		t.Errorf("only %d of %d calls failed in storage; the test provokes too little", failures, len(calls))
	}
	// The host's own log still says where, for the operator.
	if !strings.Contains(h.stderr.String(), "storage failure") {
		t.Errorf("stderr does not log the storage failures:\n%s", h.stderr.String())
	}
}

func asError(err error, pe **gateway.Error) bool {
	e, ok := err.(*gateway.Error)
	if ok {
		*pe = e
	}
	return ok
}

// TestBadItemsDoNotStopTheHost: a data directory holding an overlong name
// or a document that does not parse still starts, saying on stderr what it
// skipped; and a task name of 128 two-byte characters is refused.
func TestBadItemsDoNotStopTheHost(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("é", 120) // 240 bytes: a file name, but over 200
	for _, d := range []string{"configs/" + long, "configs/broken", "configs/fine"} {
		ok(t, "mkdir", os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	ok(t, "write", os.WriteFile(filepath.Join(dir, "configs/broken/tasks.xml"), []byte("<Tasks><"), 0o644))
	h := startHost(t, Config{Empty: true, DataDir: dir})
	for _, want := range []string{"skipping configs/" + long, "skipping configs/broken"} {
		if !strings.Contains(h.stderr.String(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, h.stderr.String())
		}
	}
	c := h.login(t)
	ctx := context.Background()
	if l, err := c.ConfigGetList(ctx); err != nil || strings.Join(l, ",") != "fine" {
		t.Errorf("configurations %v %v, want fine", l, err)
	}
	err := c.ConfigSaveTasks(ctx, "fine", `<Tasks><Task name="`+strings.Repeat("é", 128)+`"><Schedule every="1h"/></Task></Tasks>`)
	wantStatus(t, "128 two-byte characters", err, gateway.StatusInvalid, "256 bytes", "200 bytes")
}
