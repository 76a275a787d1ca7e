package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dpconsole/gateway"
)

func TestCallExitCodes(t *testing.T) {
	h := startHost(t)
	closed := httptest.NewServer(nil)
	closedURL := closed.URL
	closed.Close()
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string // substring
	}{
		{"status 1", []string{"call", "--gateway", h.url(), "agentPing"}, 0, ""},
		{"status 213", []string{"call", "configGetID", "nope", "a.iic"}, 2, `configGetID: status 213: configuration "nope" does not exist`},
		// The host answers 502 while its agent is offline.
		{"agent offline", []string{"call", "agentShutdown"}, 0, ""},
		{"status 502", []string{"call", "agentRestart"}, 2, "agentRestart: status 502: agent is offline"},
		{"agent back", []string{"call", "agentStart"}, 0, ""},
		{"status 408", []string{"call", "taskPause", "a", "b/c"}, 2, "status 408"},
		{"transport", []string{"call", "--gateway", closedURL, "agentPing"}, 1, "transport"},
		{"unknown function", []string{"call", "agentFly"}, 1, `unknown function "agentFly"`},
		{"no function", []string{"call"}, 1, "no function given"},
		{"too few args", []string{"call", "configGetID", "production"}, 1, "configGetID takes 2 arguments, got 1: dpconsole call configGetID config-name id-name"},
		{"too many args", []string{"call", "agentPing", "x"}, 1, "agentPing takes no arguments, got 1"},
		{"repeated needs the fixed ones", []string{"call", "configNewID", "p"}, 1, "at least 2 arguments, got 1: dpconsole call configNewID config-name id-name [machine-fingerprint...]"},
		{"xml and json", []string{"call", "--xml", "--json", "agentPing"}, 1, "exclude each other"},
		{"unknown flag", []string{"call", "--bogus", "agentPing"}, 1, "flag provided but not defined: -bogus"},
		{"bad answer flag", []string{"call", "--answer", "password=x", "agentPing"}, 1, "want prompt-N=VALUE"},
		{"bad timeout", []string{"call", "--timeout", "0s", "agentPing"}, 1, "--timeout must be positive"},
		{"bad gateway", []string{"call", "--gateway", "ftp://x", "agentPing"}, 1, "must start with http"},
	}
	r := newRunner(t)
	r.login(h)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := r.run(tc.args...)
			if got.code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", got.code, tc.code, got.stdout, got.stderr)
			}
			if !strings.Contains(got.stderr, tc.stderr) {
				t.Errorf("stderr %q does not contain %q", got.stderr, tc.stderr)
			}
			if tc.code == 0 && got.stderr != "" {
				t.Errorf("stderr on success: %q", got.stderr)
			}
		})
	}
}

func TestCallUsageErrorListsTheFunctionsArgs(t *testing.T) {
	got := newRunner(t).run("call", "configSaveScript", "prod")
	if got.code != 1 || !strings.Contains(got.stderr, "config-name script-name script-contents") || !strings.Contains(got.stderr, "Usage:") {
		t.Errorf("%+v", got)
	}
}

func TestCallHumanOutput(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	r.login(h)
	got := r.run("call", "agentGetStatus")
	want := "status 1 (ok): OK\nagent-status=Active\napplication-name=Sertainty Data Protector (dpconsole mock host)\napplication-version=3.4.0-mock\nconfig-name=production\nconfig-status=Active\ntask-status=Normal\n"
	if got.code != 0 || got.stdout != want {
		t.Errorf("got %+v\nwant stdout %q", got, want)
	}
	// XML results as they are.
	if err := h.Engine().ConfigSaveTasks("staging", smallTasks); err != nil {
		t.Fatal(err)
	}
	got = r.run("call", "configGetTasks", "staging")
	if want := "status 1 (ok): OK\ntask-definitions:\n" + smallTasks + "\n"; got.stdout != want {
		t.Errorf("stdout %q, want %q", got.stdout, want)
	}
	// Binary results are never dumped.
	got = r.run("call", "configGetID", "production", "a.iic")
	if got.code != 0 || !strings.Contains(got.stdout, "id-contents: 10 bytes of binary data (save them with --out FILE)") || strings.Contains(got.stdout, "\x1b") {
		t.Errorf("binary: %+v", got)
	}
	// Text with terminal escapes is treated as binary too.
	got = r.run("call", "sharedGetScript", "s.xml")
	if strings.Contains(got.stdout, "\x1b") || !strings.Contains(got.stdout, "bytes of binary data") {
		t.Errorf("escape sequence reached the terminal: %q", got.stdout)
	}
}

func TestCallJSON(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	r.login(h)
	got := r.run("call", "--json", "configGetID", "production", "a.iic")
	var doc struct {
		Function string
		Status   int
		Message  string
		Results  []struct{ Name, Value, Encoding string }
	}
	if err := json.Unmarshal([]byte(got.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, got.stdout)
	}
	if doc.Function != "configGetID" || doc.Status != 1 || doc.Message != "OK" || len(doc.Results) != 1 {
		t.Fatalf("doc = %+v", doc)
	}
	b, err := base64.StdEncoding.DecodeString(doc.Results[0].Value)
	if doc.Results[0].Name != "id-contents" || doc.Results[0].Encoding != "base64" || err != nil || !bytes.Equal(b, testID) {
		t.Errorf("result = %+v", doc.Results[0])
	}
	got = r.run("call", "--json", "configGetList")
	if !strings.Contains(got.stdout, `"encoding": "text"`) {
		t.Errorf("a text result carries no encoding: %s", got.stdout)
	}
	// A failing call still prints the document, and exits 2.
	got = r.run("call", "--json", "configGetID", "nope", "a.iic")
	if got.code != 2 || !strings.Contains(got.stdout, `"status": 213`) || !strings.Contains(got.stdout, `"results": []`) {
		t.Errorf("failing call: %+v", got)
	}
	got = r.run("call", "--json", "configGetList")
	if !strings.Contains(got.stdout, `"value": "staging"`) || strings.Contains(got.stdout, "base64") {
		t.Errorf("text results: %s", got.stdout)
	}
}

func TestCallXML(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	r.login(h)
	got := r.run("call", "--xml", "configGetList")
	resp, err := gateway.UnmarshalResponse([]byte(got.stdout), gateway.DefaultLimits())
	if got.code != 0 || err != nil {
		t.Fatalf("exit %d, %v: %q", got.code, err, got.stdout)
	}
	if resp.Status != 1 || len(resp.Results) != 2 || string(resp.Results[1].Value) != "staging" {
		t.Errorf("response = %+v", resp)
	}
}

func TestCallArgumentsFromFilesAndStdin(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	r.login(h)
	tasks := filepath.Join(t.TempDir(), "tasks.xml")
	doc := smallTasks + "\n"
	if err := os.WriteFile(tasks, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := r.run("call", "configSaveTasks", "production", "@"+tasks); got.code != 0 {
		t.Fatalf("@file: %+v", got)
	}
	if kept, err := h.Engine().ConfigGetTasks("production"); err != nil || kept != doc {
		t.Errorf("@file: the host keeps %q, %v", kept, err)
	}
	r.stdin = "<script from=\"stdin\"/>"
	if got := r.run("call", "configSaveScript", "production", "-", "-"); got.code != 1 || !strings.Contains(got.stderr, "only one argument can be read from stdin") {
		t.Errorf("two stdin args: %+v", got)
	}
	if got := r.run("call", "configSaveScript", "production", "stdin.xml", "-"); got.code != 0 {
		t.Fatalf("stdin: %+v", got)
	}
	if kept, err := h.Engine().ConfigGetScript("production", "stdin.xml"); err != nil || kept != r.stdin {
		t.Errorf("stdin: the host keeps %q, %v", kept, err)
	}
	// The host refuses "@" in names, so @@ goes into the script's text.
	if got := r.run("call", "configSaveScript", "production", "literal.xml", "@@literal"); got.code != 0 {
		t.Fatalf("@@: %+v", got)
	}
	if kept, err := h.Engine().ConfigGetScript("production", "literal.xml"); err != nil || kept != "@literal" {
		t.Errorf("@@: the host keeps %q, %v", kept, err)
	}
	missing := filepath.Join(t.TempDir(), "missing.xml")
	if got := r.run("call", "configSaveTasks", "production", "@"+missing); got.code != 1 || !strings.Contains(got.stderr, "argument 2 (tasks-contents)") || !strings.Contains(got.stderr, "missing.xml") {
		t.Errorf("missing file: %+v", got)
	}
	if got := r.run("call", "configSaveTasks", "production", "@"); got.code != 1 || !strings.Contains(got.stderr, "@ needs a file name") {
		t.Errorf("bare @: %+v", got)
	}
	// Flags after the function, and -- before an argument with a dash.
	if got := r.run("call", "configCreate", "--timeout", "5s", "--", "-odd-name"); got.code != 0 {
		t.Fatalf("interspersed: %+v", got)
	}
	if _, err := h.Engine().ConfigGetTasks("-odd-name"); err != nil {
		t.Errorf("--: the host has no configuration -odd-name: %v", err)
	}
}

func TestCallOutWritesAtomically(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	r.login(h)
	dir := t.TempDir()
	out := filepath.Join(dir, "a.iic")
	got := r.run("call", "configGetID", "production", "a.iic", "--out", out)
	if got.code != 0 || !strings.Contains(got.stdout, "wrote 10 bytes (1 result) to "+out) {
		t.Fatalf("%+v", got)
	}
	data, err := os.ReadFile(out)
	if err != nil || !bytes.Equal(data, testID) {
		t.Fatalf("file = %q, %v", data, err)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	// A failed call leaves the old file as it was, and no temporary file.
	if got := r.run("call", "--out", out, "configGetID", "nope", "a.iic"); got.code != 2 {
		t.Fatalf("failing call: %+v", got)
	}
	closed := httptest.NewServer(nil)
	closed.Close()
	if got := r.run("call", "--gateway", closed.URL, "--session", "x", "--out", out, "configGetID", "production", "a.iic"); got.code != 1 {
		t.Fatalf("transport failure: %+v", got)
	}
	data, _ = os.ReadFile(out)
	if !bytes.Equal(data, testID) {
		t.Errorf("a failed call changed the file: %q", data)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only a.iic", len(entries))
	}
	// Several results: one per line.
	list := filepath.Join(dir, "list.txt")
	if got := r.run("call", "--out", list, "configGetList"); got.code != 0 {
		t.Fatal(got)
	}
	if data, _ := os.ReadFile(list); string(data) != "production\nstaging\n" {
		t.Errorf("list file = %q", data)
	}
	// A directory that does not exist: exit 1, nothing written.
	if got := r.run("call", "--out", filepath.Join(dir, "no", "such", "f"), "configGetList"); got.code != 1 || !strings.Contains(got.stderr, "--out") {
		t.Errorf("bad --out: %+v", got)
	}
}

func TestFunctionsListsTheRegistry(t *testing.T) {
	got := newRunner(t).run("functions")
	if got.code != 0 {
		t.Fatal(got)
	}
	lines := strings.Split(strings.TrimSpace(got.stdout), "\n")
	if len(lines) != 1+37 {
		t.Errorf("%d lines, want a header and 37 functions", len(lines))
	}
	for i, fn := range gateway.Functions() {
		fields := strings.Fields(lines[i+1])
		if fields[0] != fn.Name {
			t.Errorf("line %d starts %q, want %s", i+2, fields[0], fn.Name)
		}
		if fn.Mutates != (fields[1] == "yes") {
			t.Errorf("%s: changes-host column says %q", fn.Name, fields[1])
		}
	}
	if !strings.Contains(got.stdout, "config-name:text id-name:text machine-fingerprint:xml...") {
		t.Errorf("configNewID's arguments are not listed as name:kind")
	}
	got = newRunner(t).run("functions", "configsaveid")
	if got.code != 0 || !strings.Contains(got.stdout, "configSaveID - ") || !strings.Contains(got.stdout, "id-contents  binary") {
		t.Errorf("describe: %+v", got)
	}
}

func TestHelpAndUnknownCommands(t *testing.T) {
	r := newRunner(t)
	for _, sub := range []string{"call", "login", "logout", "functions", "version"} {
		got := r.run(sub, "--help")
		if got.code != 0 || !strings.HasPrefix(got.stdout, "Usage:\n  dpconsole "+sub) {
			t.Errorf("%s --help: %+v", sub, got)
		}
		got = r.run(sub, "--no-such-flag")
		if got.code != 1 || !strings.Contains(got.stderr, "Usage:") || got.stdout != "" {
			t.Errorf("%s --no-such-flag: %+v", sub, got)
		}
	}
	if got := r.run("--help"); got.code != 0 || !strings.Contains(got.stdout, "dpconsole call [flags] FUNCTION") || !strings.Contains(got.stdout, "--task-refresh") {
		t.Errorf("--help: %+v", got)
	}
	if got := r.run("help"); got.code != 0 || !strings.Contains(got.stdout, "Exit codes") {
		t.Errorf("help: %+v", got)
	}
	if got := r.run("frobnicate"); got.code != 1 || !strings.Contains(got.stderr, `unknown subcommand "frobnicate"`) || !strings.Contains(got.stderr, "Usage:") {
		t.Errorf("unknown subcommand: %+v", got)
	}
	if got := r.run("--gateway", "http://x/api", "frobnicate"); got.code != 1 || !strings.Contains(got.stderr, `unknown subcommand "frobnicate"`) {
		t.Errorf("console with a stray argument: %+v", got)
	}
	if got := r.run("version"); got.code != 0 || !strings.HasPrefix(got.stdout, "dpconsole "+gateway.Version+" (go") {
		t.Errorf("version: %+v", got)
	}
}

// The console's flags are checked before the console starts.
func TestConsoleFlagErrors(t *testing.T) {
	r := newRunner(t)
	for _, args := range [][]string{
		{"--theme", "purple"},
		{"--demo", "--gateway", "http://x/api"},
		{"--task-refresh", "1ms"},
		{"--log-refresh", "10ms"},
		{"--timeout", "-1s"},
		{"--mouse=maybe"},
	} {
		if got := r.run(args...); got.code != 1 || !strings.Contains(got.stderr, "Usage:") {
			t.Errorf("%q: %+v", args, got)
		}
	}
}

func TestMockHostHelpIsWired(t *testing.T) {
	got := newRunner(t).run("mock-host", "--help")
	if got.code != 0 || !strings.Contains(got.stdout, "dpconsole mock-host") {
		t.Errorf("%+v", got)
	}
}

// run is the real entry point: exercise it once without a network.
func TestRunEntryPoint(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main([]string{"version"}, strings.NewReader(""), &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "dpconsole ") {
		t.Errorf("run version = %d, %q, %q", code, out.String(), errb.String())
	}
}

func TestCallOutDashWritesTheResultAloneToStdout(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	r.login(h)
	got := r.run("call", "--out", "-", "configGetID", "production", "a.iic")
	if got.code != 0 || got.stdout != string(testID) {
		t.Fatalf("--out -: code %d, stdout %q, stderr %q", got.code, got.stdout, got.stderr)
	}
}

// TestConsoleFlagErrorIsShort: a bad value for a console flag says what
// was wrong, the console's own synopsis and where the flags are; not the
// synopsis of every command.
func TestConsoleFlagErrorIsShort(t *testing.T) {
	got := newRunner(t).run("--theme", "pink")
	want := "dpconsole: --theme is dark, light or auto, got \"pink\"\n\nUsage:\n  dpconsole [flags]\nRun 'dpconsole --help' for the flags.\n"
	if got.code != 1 || got.stderr != want {
		t.Fatalf("exit %d, stderr %q", got.code, got.stderr)
	}
}
