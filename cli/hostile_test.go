package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"dpconsole/gateway"
)

// These tests run the CLI against a hostile gateway: a small server that
// only misbehaves, answering every request with what the test chose.

// hxHost records each request's function and session and answers with
// answer.
type hxHost struct {
	*httptest.Server
	mu       sync.Mutex
	calls    []string // function names
	sessions []string
}

func newHXHost(t *testing.T, answer func(req *gateway.Request) *gateway.Response) *hxHost {
	t.Helper()
	h := &hxHost{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req, err := gateway.UnmarshalRequest(body, gateway.DefaultLimits())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.calls = append(h.calls, req.Function)
		h.sessions = append(h.sessions, req.Session)
		h.mu.Unlock()
		answer(req).Encode(w)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hxHost) seen() (calls, sessions []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.calls...), append([]string(nil), h.sessions...)
}

// hxOut is stdout that may claim to be a terminal.
type hxOut struct {
	bytes.Buffer
	tty bool
}

func (o *hxOut) IsTerminal() bool { return o.tty }

type hxResult struct {
	code           int
	stdout, stderr string
}

// hxRun runs the CLI in-process with env as its whole environment (the
// state directory a fresh temporary one unless env names it) and no
// terminal to ask on.
func hxRun(t *testing.T, env map[string]string, tty bool, args ...string) hxResult {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["DPCONSOLE_STATE_DIR"]; !ok {
		env["DPCONSOLE_STATE_DIR"] = t.TempDir()
	}
	out, errb := &hxOut{tty: tty}, &bytes.Buffer{}
	c := &cli{ctx: context.Background(), stdin: strings.NewReader(""), stdout: out, stderr: errb,
		getenv:       func(k string) string { return env[k] },
		openTerminal: func() (terminal, error) { t.Error("the CLI opened a terminal to ask on"); return nil, errNoTerminal }}
	code := c.run(args)
	return hxResult{code, out.String(), errb.String()}
}

// hostileText is what every text field of the hostile host carries.
var hostileNames = []string{
	"rm-rf-everything\rstaging",       // CR: would show as "staging"
	"bidi-\u202egnp.exe",              // right-to-left override
	"c1-\u009b2J-\u0085next",          // C1 CSI and NEL
	"isolate-\u2066x\u2069",           // bidi isolate
	"title-\x1b]0;pwned\a",            // OSC 0: shown as binary, never raw
	"clip-\x1b]52;c;cm0gLXJmIH4=\a",   // OSC 52
	"clear-\x1b[2J",                   // ESC[2J
	"plain-name",                      //
	"line\u2028sep",                   // line separator
	"del-\x7f",                        // DEL
	"tab-\there",                      // tab
	"nul-\x00",                        // NUL
	"bell-\a",                         // BEL
	"esc-only-\x1b",                   // lone ESC
	"backspace-\b\b\b\bevil",          // backspaces
	"vt-\v-ff-\f",                     // vertical tab, form feed
	"csi-8bit-in-utf8-\u009b31mred",   // C1 CSI again
	"crlf-line\r\nnext",               // CRLF
	"trailing-cr\r",                   // trailing CR
	"\u202dlro-override",              // LRO
	"rlm-\u200fmark",                  // RLM
	"combining-e\u0301",               // combining mark: allowed
	"wide-日本",                         // wide runes: allowed
	"mixed-\x1b[31m\u202e\r\u009b",    // all at once
	"osc8-\x1b]8;;http://evil\a",      // hyperlink
	"sgr-\x1b[0m",                     // SGR
	"bracketed-\x1b[200~paste",        // bracketed paste
	"dcs-\x1bP1$r\x1b\\",              // DCS
	"apc-\x1b_apc\x1b\\",              // APC
	"pm-\x1b^pm\x1b\\",                // PM
	"sos-\x1bXsos\x1b\\",              // SOS
	"c1-osc-\u009d0;pwned\u009c",      // C1 OSC and ST
	"c1-dcs-\u0090x\u009c",            // C1 DCS
	"ss2-\u008e",                      // SS2
	"ri-\u008d",                       // reverse index
	"zero-width-\u200b",               // zero width space: allowed
	"bom-\ufeff",                      // BOM
	"bad-utf8-\xff\xfe",               // invalid UTF-8: binary
	"ascii",                           //
	"alert-\x1b[5n",                   // device status request
	"cursor-\x1b[6n",                  // cursor position request
	"window-\x1b[21t",                 // window title report
	"ps-\u2029para",                   // paragraph separator
	"alm-\u061c",                      // arabic letter mark
	"nbsp-\u00a0",                     // no-break space: allowed
	"soft-hyphen-\u00ad",              // soft hyphen: allowed
	"rtl-isolate-\u2067x\u2069",       // RLI
	"fsi-\u2068x\u2069",               // FSI
	"pdf-\u202c",                      // PDF
	"lre-\u202a",                      // LRE
	"rle-\u202b",                      // RLE
	"lrm-\u200e",                      // LRM
	"msg-end",                         //
	"\x1b[2J\x1b[H\x1b]0;owned\a\rok", // the worst
}

const hostileMessage = "OK\x1b]52;c;cm0gLXJmIH4=\a\x1b[2J\r\u202eevil"

func hostileList(*gateway.Request) *gateway.Response {
	resp := &gateway.Response{Status: gateway.StatusOK, Message: hostileMessage}
	for _, n := range hostileNames {
		resp.Results = append(resp.Results, gateway.Arg{Name: "config-name\r\u202e", Value: []byte(n)})
	}
	return resp
}

// rawControls lists what must never reach a terminal raw.
func rawControls(t *testing.T, where, s string) {
	t.Helper()
	for i, r := range s {
		bad := (r < 0x20 && r != '\n') || (r >= 0x7f && r < 0xa0) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x2028 || r == 0x2029
		if bad {
			t.Errorf("%s: raw %U at byte %d: %q", where, r, i, s[max(0, i-20):min(len(s), i+20)])
			return
		}
	}
}

var hxSession = map[string]string{"DPCONSOLE_SESSION": "s-env"}

func TestHostileCallOnATerminalShowsControls(t *testing.T) {
	h := newHXHost(t, hostileList)
	for _, mode := range [][]string{nil, {"--xml"}} {
		args := append([]string{"call", "--gateway", h.URL}, mode...)
		r := hxRun(t, hxSession, true, append(args, "configGetList")...)
		if r.code != exitOK {
			t.Fatalf("%v: exit %d: %s", mode, r.code, r.stderr)
		}
		rawControls(t, strings.Join(mode, " ")+" stdout", r.stdout)
		rawControls(t, "stderr", r.stderr)
		if mode == nil && !strings.Contains(r.stdout, "rm-rf-everything^Mstaging") {
			t.Errorf("%v: the CR in a name is not shown:\n%s", mode, r.stdout)
		}
		if want := map[bool]string{true: `bidi-\u202egnp.exe`, false: `\u202eevil`}[mode == nil]; !strings.Contains(r.stdout, want) {
			t.Errorf("%v: the bidi override is not shown:\n%s", mode, r.stdout)
		}
	}
}

// A pipe gets the values' exact bytes; the labels stay printable.
func TestHostileCallToAPipeKeepsValues(t *testing.T) {
	h := newHXHost(t, hostileList)
	r := hxRun(t, hxSession, false, "call", "--gateway", h.URL, "configGetList")
	if r.code != exitOK || !strings.Contains(r.stdout, "bidi-\u202egnp.exe") {
		t.Errorf("exit %d, stdout:\n%s", r.code, r.stdout)
	}
	if strings.Contains(r.stdout, "\x1b]52") || strings.Contains(r.stdout, "config-name\r") {
		t.Errorf("the message or a name reached stdout raw:\n%q", r.stdout)
	}
}

func TestHostileCallJSONEscapesC1AndBidi(t *testing.T) {
	h := newHXHost(t, hostileList)
	for _, tty := range []bool{true, false} {
		r := hxRun(t, hxSession, tty, "call", "--json", "--gateway", h.URL, "configGetList")
		if r.code != exitOK {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		rawControls(t, "json", r.stdout)
		for _, want := range []string{`\u0085`, `\u202e`, `\u009b`, `\u2066`, `\u007f`} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("--json lacks %s", want)
			}
		}
		var got jsonResponse
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("--json is not JSON: %v", err)
		}
		for i, want := range hostileNames {
			if got.Results[i].Encoding == "text" && got.Results[i].Value != want {
				t.Errorf("the escapes changed result %d: %q, want %q", i, got.Results[i].Value, want)
			}
		}
		if !strings.HasSuffix(got.Message, "\r\u202eevil") {
			t.Errorf("the escapes changed the message: %q", got.Message)
		}
	}
}

func TestHostileOutDashRefusesATerminal(t *testing.T) {
	h := newHXHost(t, hostileList)
	r := hxRun(t, hxSession, true, "call", "--out", "-", "--gateway", h.URL, "configGetList")
	if r.code != exitFailure || !strings.Contains(r.stderr, "--out FILE") || !strings.Contains(r.stderr, "pipe") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("wrote to the terminal: %q", r.stdout)
	}
	if calls, _ := h.seen(); len(calls) != 0 {
		t.Errorf("the host was called: %v", calls)
	}
	if r := hxRun(t, hxSession, false, "call", "--out", "-", "--gateway", h.URL, "configGetList"); r.code != exitOK || !strings.Contains(r.stdout, "\x1b[2J") {
		t.Errorf("--out - to a pipe: exit %d, %q", r.code, r.stdout)
	}
}

func TestHostileLoginBounded(t *testing.T) {
	huge := newHXHost(t, func(*gateway.Request) *gateway.Response {
		return &gateway.Response{Status: gateway.StatusChallenged, Results: []gateway.Arg{gateway.Named("prompt-1", strings.Repeat("P\x1b", 4<<20))}}
	})
	many := newHXHost(t, func(*gateway.Request) *gateway.Response {
		resp := &gateway.Response{Status: gateway.StatusChallenged}
		for range 10_000 {
			resp.Results = append(resp.Results, gateway.Text("Password:"))
		}
		return resp
	})
	for name, tc := range map[string]struct{ url, want string }{
		"8 MB prompt":    {huge.URL, "1024 bytes per prompt"},
		"10,000 prompts": {many.URL, "16 prompts per round"},
	} {
		t.Run(name, func(t *testing.T) {
			state := t.TempDir()
			r := hxRun(t, map[string]string{"DPCONSOLE_STATE_DIR": state}, true, "login", "--gateway", tc.url, "--user", "u")
			if r.code != exitFailure || !strings.Contains(r.stderr, tc.want) || len(r.stderr) > 400 {
				t.Errorf("exit %d, stderr %q", r.code, r.stderr[:min(len(r.stderr), 400)])
			}
			if _, err := os.Stat(filepath.Join(state, "session.json")); err == nil {
				t.Error("a session was kept")
			}
		})
	}
}

func TestHostileRedirectNotFollowedByTheCLI(t *testing.T) {
	thief := newHXHost(t, func(*gateway.Request) *gateway.Response { return &gateway.Response{Status: gateway.StatusOK} })
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, thief.URL+"/api", http.StatusTemporaryRedirect)
	}))
	defer redirect.Close()
	r := hxRun(t, nil, false, "call", "--gateway", redirect.URL, "--user", "u", "--answer", "prompt-1=hunter2", "configGetList")
	if r.code != exitFailure || !strings.Contains(r.stderr, thief.URL+"/api") || !strings.Contains(r.stderr, "configure") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if calls, _ := thief.seen(); len(calls) != 0 {
		t.Errorf("the redirect target got %v", calls)
	}
}

func TestGatewayPasswordNeverPrintedOrKept(t *testing.T) {
	h := newHXHost(t, func(*gateway.Request) *gateway.Response { return &gateway.Response{Status: gateway.StatusOK} })
	url := strings.Replace(h.URL, "http://", "http://admin:hunter2-pw@", 1)
	state := t.TempDir()
	for _, args := range [][]string{
		{"login", "--gateway", url, "--user", "u"},
		{"call", "--gateway", url, "agentPing"},
		{"call", "--gateway", url, "--session", "s", "configGetList"},
	} {
		r := hxRun(t, map[string]string{"DPCONSOLE_STATE_DIR": state}, false, args...)
		if r.code != exitFailure || strings.Contains(r.stderr+r.stdout, "hunter2") || !strings.Contains(r.stderr, "user name or password") {
			t.Errorf("%v: exit %d, out %q, err %q", args, r.code, r.stdout, r.stderr)
		}
	}
	if calls, _ := h.seen(); len(calls) != 0 {
		t.Errorf("the host was called: %v", calls)
	}
	if ents, _ := os.ReadDir(state); len(ents) != 0 {
		t.Errorf("something was kept: %v", ents)
	}
	if n := demoNotice(Options{Demo: true, Gateway: url}, "/cfg"); strings.Contains(n, "hunter2") {
		t.Errorf("demo notice prints the password: %q", n)
	}
}

func TestSessionFromEnvAndFile(t *testing.T) {
	h := newHXHost(t, func(*gateway.Request) *gateway.Response { return &gateway.Response{Status: gateway.StatusOK} })
	dir := t.TempDir()
	file := filepath.Join(dir, "sid")
	if err := os.WriteFile(file, []byte("s-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"DPCONSOLE_SESSION": "s-env"}, nil, "s-env"},
		{map[string]string{"DPCONSOLE_SESSION": "s-env"}, []string{"--session-file", file}, "s-file"},
		{map[string]string{"DPCONSOLE_SESSION": "s-env"}, []string{"--session", "s-flag"}, "s-flag"},
	}
	for _, tc := range cases {
		args := append(append([]string{"call", "--gateway", h.URL}, tc.args...), "configGetList")
		if r := hxRun(t, tc.env, false, args...); r.code != exitOK {
			t.Fatalf("%v: exit %d: %s", tc.args, r.code, r.stderr)
		}
		_, sessions := h.seen()
		if got := sessions[len(sessions)-1]; got != tc.want {
			t.Errorf("%v %v: session %q, want %q", tc.env, tc.args, got, tc.want)
		}
	}
	if r := hxRun(t, nil, false, "call", "--gateway", h.URL, "--session", "a", "--session-file", file, "configGetList"); r.code != exitFailure || !strings.Contains(r.stderr, "not both") {
		t.Errorf("both: exit %d %q", r.code, r.stderr)
	}
	os.Chmod(file, 0o666)
	if r := hxRun(t, nil, false, "call", "--gateway", h.URL, "--session-file", file, "configGetList"); r.code != exitFailure || !strings.Contains(r.stderr, "others can write") {
		t.Errorf("writable by others: exit %d %q", r.code, r.stderr)
	}
	r := hxRun(t, nil, false, "call", "--help")
	if !strings.Contains(r.stdout, "--session-file") || !strings.Contains(r.stdout, "visible to other local users") || !strings.Contains(r.stdout, "DPCONSOLE_SESSION") {
		t.Errorf("call --help does not say it:\n%s", r.stdout)
	}
}

// session.json is used only when it is the operator's private regular
// file of a sane size; otherwise the error says to remove it.
func TestKeptSessionMustBePrivate(t *testing.T) {
	h := newHXHost(t, func(*gateway.Request) *gateway.Response { return &gateway.Response{Status: gateway.StatusOK} })
	good := `{"gateway":"` + h.URL + `","user":"u","session":"s-kept"}`
	cases := map[string]func(p string) error{
		"writable by others": func(p string) error {
			if err := os.WriteFile(p, []byte(good), 0o600); err != nil {
				return err
			}
			return os.Chmod(p, 0o646)
		},
		"writable by group": func(p string) error {
			if err := os.WriteFile(p, []byte(good), 0o600); err != nil {
				return err
			}
			return os.Chmod(p, 0o660)
		},
		"too large": func(p string) error {
			return os.WriteFile(p, []byte(good+strings.Repeat(" ", 64<<10)), 0o600)
		},
		"a FIFO":          func(p string) error { return syscall.Mkfifo(p, 0o600) },
		"a link to zeros": func(p string) error { return os.Symlink("/dev/zero", p) },
		"another user's": func(p string) error {
			if err := os.WriteFile(p, []byte(good), 0o600); err != nil {
				return err
			}
			if err := os.Chown(p, 45678, -1); err != nil {
				t.Skipf("not root: %v", err)
			}
			return nil
		},
	}
	for name, plant := range cases {
		t.Run(name, func(t *testing.T) {
			state := t.TempDir()
			p := filepath.Join(state, "session.json")
			if err := plant(p); err != nil {
				t.Fatal(err)
			}
			r := hxRun(t, map[string]string{"DPCONSOLE_STATE_DIR": state}, false, "call", "configGetList")
			if r.code != exitFailure || !strings.Contains(r.stderr, "remove it") || !strings.Contains(r.stderr, p) {
				t.Errorf("exit %d, stderr %q", r.code, r.stderr)
			}
			if calls, _ := h.seen(); len(calls) != 0 {
				t.Errorf("the planted session was used: %v", calls)
			}
		})
	}
	// The private one works.
	state := t.TempDir()
	os.WriteFile(filepath.Join(state, "session.json"), []byte(good), 0o600)
	if r := hxRun(t, map[string]string{"DPCONSOLE_STATE_DIR": state}, false, "call", "configGetList"); r.code != exitOK {
		t.Errorf("a private kept session: exit %d %q", r.code, r.stderr)
	}
}

// --out refuses a FIFO without hanging, and a read-only file, naming the
// operator's path and what to do.
func TestOutRefusesFIFOAndReadOnly(t *testing.T) {
	h := newHXHost(t, func(*gateway.Request) *gateway.Response {
		return &gateway.Response{Status: gateway.StatusOK, Results: []gateway.Arg{gateway.Text("data")}}
	})
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	r := hxRun(t, hxSession, false, "call", "--gateway", h.URL, "--out", fifo, "configGetList")
	if r.code != exitFailure || !strings.Contains(r.stderr, "named pipe") {
		t.Errorf("FIFO: exit %d %q", r.code, r.stderr)
	}
	ro := filepath.Join(dir, "ro.iic")
	os.WriteFile(ro, []byte("keep"), 0o444)
	r = hxRun(t, hxSession, false, "call", "--gateway", h.URL, "--out", ro, "configGetList")
	if r.code != exitFailure || !strings.Contains(r.stderr, "read-only") || !strings.Contains(r.stderr, "chmod") || !strings.Contains(r.stderr, ro) {
		t.Errorf("read-only: exit %d %q", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(ro); string(b) != "keep" {
		t.Errorf("the read-only file was replaced: %q", b)
	}
	missing := filepath.Join(dir, "nodir", "x.iic")
	r = hxRun(t, hxSession, false, "call", "--gateway", h.URL, "--out", missing, "configGetList")
	if r.code != exitFailure || !strings.Contains(r.stderr, missing) || strings.Contains(r.stderr, ".tmp-") {
		t.Errorf("missing directory: exit %d %q", r.code, r.stderr)
	}
}

// Host text in the DPCONSOLE_LOG file cannot forge lines or carry escapes.
func TestLogRecordsCannotBeForged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "console.log")
	t.Setenv("DPCONSOLE_LOG", path)
	logger, closeLog, err := openLog()
	if err != nil {
		t.Fatal(err)
	}
	logger.Printf("host said: %s", "denied\n2026/01/01 00:00:00 dpconsole login ok as admin\r\x1b[2J\u202e")
	logger.Printf("second")
	closeLog()
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "dpconsole ") || !strings.HasPrefix(lines[1], "dpconsole ") {
		t.Fatalf("log holds %d lines:\n%s", len(lines), b)
	}
	rawControls(t, "log", string(b))
}
