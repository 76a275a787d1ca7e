package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fleetEnv is five named gateways: alpha well, bravo stopped, charlie
// hung (answers nothing; timeout 300ms), delta with tasks in error, echo
// disabled and read_only. The config file is at the default place.
type fleetEnv struct {
	r                  *runner
	alpha, delta, echo *testHost
	cfg                string
}

func newFleetEnv(t *testing.T) *fleetEnv {
	t.Helper()
	e := &fleetEnv{r: newRunner(t), alpha: startHost(t), delta: startHost(t), echo: startHost(t)}
	bravo := startHost(t)
	bravoURL := bravo.url()
	bravo.Close()
	release := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); hung.Close() })
	e.delta.clock.Advance(20 * time.Second) // export-partners' ID is missing: it fails every run
	if err := e.echo.Engine().AgentAlter("Disable"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	e.r.env["XDG_CONFIG_HOME"] = dir
	e.cfg = filepath.Join(dir, "dpconsole", "config.yaml")
	e.write(t, fmt.Sprintf(`gateways:
  alpha: %s
  bravo: %s
  charlie:
    url: %s/api
    timeout: 300ms
  delta:
    url: %s
    user: operator
  echo:
    url: %s
    read_only: true
`, e.alpha.url(), bravoURL, hung.URL, e.delta.url(), e.echo.url()))
	return e
}

func (e *fleetEnv) write(t *testing.T, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(e.cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestGatewayByName: login --gateway NAME keeps that gateway's session in
// sessions/NAME.json (0600); call --gateway NAME uses it, another name
// does not; an unknown name lists the known ones; read_only refuses a
// change; logout --all closes every kept session.
func TestGatewayByName(t *testing.T) {
	e := newFleetEnv(t)
	r := e.r
	// delta's entry gives the user.
	if got := r.run("login", "--gateway", "delta", "--answer", "prompt-1=demo"); got.code != 0 || !strings.Contains(got.stdout, "logged in to delta (") {
		t.Fatalf("login delta: %+v", got)
	}
	path := filepath.Join(r.env["DPCONSOLE_STATE_DIR"], "sessions", "delta.json")
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("delta's session file: %v %v", st, err)
	}
	r.env["DPCONSOLE_GATEWAY"] = "delta" // the environment names it as well as the flag
	if got := r.run("call", "agentGetStatus"); got.code != 0 || !strings.Contains(got.stdout, "Errors") {
		t.Fatalf("call via DPCONSOLE_GATEWAY=delta: %+v", got)
	}
	delete(r.env, "DPCONSOLE_GATEWAY")
	if got := r.run("call", "--gateway", "delta", "configGetList"); got.code != 0 || !strings.Contains(got.stdout, "production") {
		t.Fatalf("call --gateway delta: %+v", got)
	}
	if got := r.run("call", "--gateway", "alpha", "configGetList"); got.code != 1 || !strings.Contains(got.stderr, "needs a session: run 'dpconsole login --gateway alpha'") {
		t.Fatalf("alpha used delta's session: %+v", got)
	}
	got := r.run("call", "--gateway", "zulu", "agentPing")
	if got.code != 1 || !strings.Contains(got.stderr, `unknown gateway "zulu" (known in `+e.cfg+": alpha, bravo, charlie, delta, echo)") {
		t.Fatalf("unknown name: %+v", got)
	}
	// A URL still works.
	if got := r.run("call", "--gateway", e.alpha.url(), "agentPing"); got.code != 0 {
		t.Fatalf("call by URL: %+v", got)
	}
	// echo is read_only: changes are refused before anything is sent.
	if got := r.run("login", "--gateway", "echo", "--user", "operator", "--answer", "prompt-1=demo"); got.code != 0 {
		t.Fatalf("login echo: %+v", got)
	}
	if got := r.run("call", "--gateway", "echo", "agentAlter", "Enable"); got.code != 1 || !strings.Contains(got.stderr, `gateway "echo" is read_only`) {
		t.Fatalf("read-only echo: %+v", got)
	}
	if got := r.run("call", "--gateway", "echo", "agentGetStatus"); got.code != 0 || !strings.Contains(got.stdout, "Disabled") {
		t.Fatalf("echo status: %+v", got)
	}
	// logout --gateway NAME closes that one only.
	if got := r.run("login", "--gateway", "alpha", "--user", "operator", "--answer", "prompt-1=demo"); got.code != 0 {
		t.Fatalf("login alpha: %+v", got)
	}
	alphaKept, _, err := (&cli{getenv: func(k string) string { return r.env[k] }}).loadKept("alpha")
	if err != nil || alphaKept == nil {
		t.Fatalf("alpha's kept session: %v", err)
	}
	if got := r.run("logout", "--gateway", "alpha"); got.code != 0 || e.alpha.liveSession(alphaKept.Session) == nil {
		t.Fatalf("logout --gateway alpha: %+v", got)
	}
	if got := r.run("call", "--gateway", "delta", "agentPing"); got.code != 0 {
		t.Fatalf("delta after alpha's logout: %+v", got)
	}
	// serve-ssh takes a name too; an unknown one lists the known ones.
	if got := r.run("serve-ssh", "--gateway", "zulu"); got.code != 1 || !strings.Contains(got.stderr, "known in "+e.cfg+": alpha, bravo") {
		t.Fatalf("serve-ssh --gateway zulu: %+v", got)
	}
	r.login(e.alpha) // a URL login: session.json, as before
	var kept []string
	for _, p := range []string{"session.json", "sessions/delta.json", "sessions/echo.json"} {
		data, err := os.ReadFile(filepath.Join(r.env["DPCONSOLE_STATE_DIR"], p))
		if err != nil {
			t.Fatal(err)
		}
		var s savedSession
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatal(err)
		}
		kept = append(kept, s.Session)
	}
	if got := r.run("logout", "--all"); got.code != 0 || strings.Count(got.stdout, "logged out of") != 3 {
		t.Fatalf("logout --all: %+v", got)
	}
	for i, h := range []*testHost{e.alpha, e.delta, e.echo} {
		if h.liveSession(kept[i]) == nil {
			t.Errorf("session %d is still open on its host", i)
		}
	}
	state := r.env["DPCONSOLE_STATE_DIR"]
	if left, _ := filepath.Glob(filepath.Join(state, "sessions", "*.json")); len(left) != 0 {
		t.Errorf("kept files left: %v", left)
	}
	if _, err := os.Stat(filepath.Join(state, "session.json")); err == nil {
		t.Error("session.json left")
	}
	if got := r.run("logout", "--all", "--gateway", "delta"); got.code != 1 {
		t.Errorf("--all with --gateway: %+v", got)
	}
}

// TestFleetCommand: one line per gateway, problems first, and JSON of
// the same; exit 2 while any is down, offline, disabled or in errors, 0
// when all are well, 1 for usage errors.
func TestFleetCommand(t *testing.T) {
	e := newFleetEnv(t)
	r := e.r
	for _, n := range []string{"delta", "echo"} {
		if got := r.run("login", "--gateway", n, "--user", "operator", "--answer", "prompt-1=demo"); got.code != 0 {
			t.Fatalf("login %s: %+v", n, got)
		}
	}
	start := time.Now()
	got := r.run("fleet", "--json")
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("fleet took %s with a hung host whose timeout is 300ms", took)
	}
	if got.code != 2 {
		t.Fatalf("fleet --json: %+v", got)
	}
	var lines []map[string]any
	if err := json.Unmarshal([]byte(got.stdout), &lines); err != nil {
		t.Fatalf("%v\n%s", err, got.stdout)
	}
	var order []string
	for _, l := range lines {
		order = append(order, l["name"].(string))
		keys := make([]string, 0, len(l))
		for k := range l {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if strings.Join(keys, ",") != "agent,config,error,name,ping_ms,reachable,tasks,url" {
			t.Fatalf("fields %v", keys)
		}
	}
	if want := []string{"bravo", "charlie", "delta", "echo", "alpha"}; !slices.Equal(order, want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	byName := map[string]map[string]any{}
	for i, n := range order {
		byName[n] = lines[i]
	}
	if b := byName["bravo"]; b["reachable"] != false || b["ping_ms"] != nil || b["error"] != "connection refused" {
		t.Errorf("bravo: %v", b)
	}
	if c := byName["charlie"]; c["reachable"] != false || c["error"] != "not answering within 300ms" {
		t.Errorf("charlie: %v", c)
	}
	if d := byName["delta"]; d["tasks"] != "Errors" || d["agent"] != "Active" || d["config"] != "production" || d["reachable"] != true {
		t.Errorf("delta: %v", d)
	}
	if d := byName["echo"]; d["agent"] != "Disabled" {
		t.Errorf("echo: %v", d)
	}
	if a := byName["alpha"]; a["agent"] != "" || a["reachable"] != true || a["ping_ms"] == nil || a["error"] != "" {
		t.Errorf("alpha (no kept session: reachability only): %v", a)
	}

	got = r.run("fleet")
	outLines := strings.Split(strings.TrimSpace(got.stdout), "\n")
	if got.code != 2 || len(outLines) != 6 || !strings.HasPrefix(outLines[1], "bravo") || !strings.HasPrefix(outLines[5], "alpha") ||
		!strings.Contains(outLines[3], "errors") || !strings.Contains(outLines[4], "disabled") {
		t.Fatalf("fleet: %+v", got)
	}

	e.write(t, "gateways:\n  alpha: "+e.alpha.url()+"\n  delta2: "+e.echo.url()+"\n")
	if got := r.run("fleet"); got.code != 0 {
		t.Fatalf("every gateway well: %+v", got)
	}
	for _, args := range [][]string{{"fleet", "extra"}, {"fleet", "--concurrency", "0"}, {"fleet", "--bogus"}} {
		if got := r.run(args...); got.code != 1 {
			t.Errorf("%v: %+v", args, got)
		}
	}
	e.write(t, "theme: dark\n")
	if got := r.run("fleet"); got.code != 1 || !strings.Contains(got.stderr, e.cfg+" has no gateways: map") {
		t.Errorf("no gateways: %+v", got)
	}
	// No config file at all: say so, not that the file lacks a map.
	if err := os.Remove(e.cfg); err != nil {
		t.Fatal(err)
	}
	if got := r.run("fleet"); got.code != 1 || !strings.Contains(got.stderr, e.cfg+" does not exist; add a gateways: map") ||
		strings.Contains(got.stderr, "has no gateways") {
		t.Errorf("no config file: %+v", got)
	}
	e.write(t, "gateways:\n  eu:\n    url: http://x\n    colour: red\n")
	if got := r.run("fleet"); got.code != 1 || !strings.Contains(got.stderr, "config file "+e.cfg+` line 4: gateway "eu": unknown setting "colour"`) {
		t.Errorf("bad entry: %+v", got)
	}
}
