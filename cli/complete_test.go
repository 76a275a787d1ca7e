package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// complete runs cobra's __complete entry point, as the shell scripts do,
// and returns the candidates (with descriptions) and the directive line.
func (r *runner) complete(args ...string) (cands []string, directive string) {
	r.t.Helper()
	got := r.run(append([]string{"__complete"}, args...)...)
	if got.code != 0 {
		r.t.Fatalf("__complete %q: %+v", args, got)
	}
	if strings.Contains(got.stderr, "dpconsole:") {
		r.t.Errorf("__complete %q printed an error: %q", args, got.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

// names drops the descriptions.
func names(cands []string) []string {
	out := make([]string, len(cands))
	for i, c := range cands {
		out[i], _, _ = strings.Cut(c, "\t")
	}
	return out
}

func TestCompletionScripts(t *testing.T) {
	r := newRunner(t)
	for shell, marker := range map[string]string{"bash": "__start_dpconsole", "zsh": "#compdef dpconsole", "fish": "complete -c dpconsole", "powershell": "Register-ArgumentCompleter"} {
		got := r.run("completion", shell)
		if got.code != 0 || !strings.Contains(got.stdout, marker) || got.stderr != "" {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", shell, got.code, len(got.stdout), got.stderr)
		}
	}
	if got := r.run("completion", "tcsh"); got.code != 1 {
		t.Errorf("completion tcsh: %+v", got)
	}
}

func TestCompleteCommandsFlagsAndFunctions(t *testing.T) {
	r := newRunner(t)
	cands, _ := r.complete("")
	for _, want := range []string{"call\trun one protocol function", "completion", "tail", "fleet", "serve-ssh", "mock-host"} {
		if !slices.ContainsFunc(cands, func(c string) bool { return strings.HasPrefix(c, want) }) {
			t.Errorf("subcommands %q lack %q", cands, want)
		}
	}
	cands, dir := r.complete("call", "con")
	var want []string
	for _, fn := range gateway.Functions() {
		if strings.HasPrefix(fn.Name, "config") {
			want = append(want, fn.Name+"\t"+fn.Summary)
		}
	}
	if !slices.Equal(cands, want) || dir != ":4" {
		t.Errorf("call con: %q %s, want %q", cands, dir, want)
	}
	if cands, _ := r.complete("functions", "agentP"); !slices.Equal(cands, []string{"agentPing\tPings the agent."}) {
		t.Errorf("functions agentP: %q", cands)
	}
	if cands, _ := r.complete("call", "--se"); !slices.Equal(names(cands), []string{"--session", "--session-file"}) {
		t.Errorf("call --se: %q", cands)
	}
	if cands, _ := r.complete("tail", "--level", ""); !slices.Equal(cands, []string{"debug", "info", "warn", "error"}) {
		t.Errorf("tail --level: %q", cands)
	}
	if cands, _ := r.complete("call", "agentAlter", "E"); !slices.Equal(cands, []string{"Enable"}) {
		t.Errorf("agentAlter E: %q", cands)
	}
	if cands, _ := r.complete("call", "agentPing", ""); len(cands) != 0 {
		t.Errorf("agentPing takes no arguments, offered %q", cands)
	}
}

// Configuration, task, template and preset names come from the host with
// the kept session.
func TestCompleteAsksTheHost(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	r.login(h)
	e := h.Engine()
	configs, _ := e.ConfigGetList()
	doc, _ := e.ConfigGetTasks("production")
	ts, err := hostdoc.ParseTasks([]byte(doc))
	if err != nil || len(configs) < 2 || len(ts.Tasks) < 2 {
		t.Fatalf("demo data: %v %v %v", configs, ts, err)
	}
	var tasks []string
	for _, task := range ts.Tasks {
		tasks = append(tasks, task.Name)
	}
	templates, _ := e.TemplateGetList()
	presets, _ := e.SharedGetPresetList()
	if len(templates) == 0 || len(presets) == 0 {
		t.Fatalf("demo data has templates %q, presets %q", templates, presets)
	}
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"call", "configGetTasks", ""}, configs},
		{[]string{"call", "configGetTasks", "prod"}, []string{"production"}},
		{[]string{"call", "taskGetLog", "production", ""}, tasks},
		{[]string{"call", "taskPause", "production", ""}, append(slices.Clone(tasks), "*")},
		{[]string{"call", "templateGetTask", ""}, templates},
		{[]string{"call", "sharedGetPreset", ""}, presets},
		{[]string{"tail", ""}, configs},
		{[]string{"tail", "-f", "production", ""}, tasks},
		{[]string{"tail", "--agent", ""}, nil},
		{[]string{"call", "taskGetLog", "nope", ""}, nil}, // status 213: nothing
	}
	for _, tc := range cases {
		cands, _ := r.complete(tc.args...)
		if !slices.Equal(names(cands), tc.want) {
			t.Errorf("%q: %q, want %q", tc.args, names(cands), tc.want)
		}
	}
}

// Without a session, or with a host that does not answer, completion
// offers nothing and prints nothing.
func TestCompleteIsSilentWithoutSessionOrAnswer(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	if cands, _ := r.complete("call", "--gateway", h.url(), "configGetTasks", ""); len(cands) != 0 {
		t.Errorf("no session: %q", cands)
	}
	release := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); hung.Close() })
	r.env["DPCONSOLE_SESSION"] = "s-1"
	if cands, _ := r.complete("call", "--gateway", hung.URL, "configGetTasks", ""); len(cands) != 0 {
		t.Errorf("hung host: %q", cands)
	}
	if got := r.run("__complete", "call", "--gateway", hung.URL, "configGetTasks", ""); got.code != 0 || strings.Contains(got.stderr, "dpconsole") {
		t.Errorf("hung host: %+v", got)
	}
}

func TestCompleteGatewayNamesFromTheConfigFile(t *testing.T) {
	h := startHost(t)
	r := newRunner(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, fmt.Appendf(nil, "gateways:\n  eu: %s\n  us-east: https://ops:secret@us.example/api\n", h.url()), 0o600); err != nil {
		t.Fatal(err)
	}
	cands, _ := r.complete("call", "--config", cfg, "--gateway", "")
	if want := []string{"eu\t" + h.url(), "us-east\t" + gateway.RedactURL("https://ops:secret@us.example/api")}; !slices.Equal(cands, want) || strings.Contains(strings.Join(cands, " "), "secret") {
		t.Errorf("--gateway: %q, want %q", cands, want)
	}
	r.env["XDG_CONFIG_HOME"] = dir
	if err := os.MkdirAll(filepath.Join(dir, "dpconsole"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(cfg, filepath.Join(dir, "dpconsole", "config.yaml")); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"tail", "login", "logout", "serve-ssh"} {
		if cands, _ := r.complete(sub, "--gateway", "u"); !slices.Equal(names(cands), []string{"us-east"}) {
			t.Errorf("%s --gateway u: %q", sub, cands)
		}
	}
	if cands, _ := r.complete("--gateway", "e"); !slices.Equal(names(cands), []string{"eu"}) {
		t.Errorf("console --gateway e: %q", cands)
	}
	// A session kept for the named gateway answers look-ups through it.
	if got := r.run("login", "--gateway", "eu", "--user", "operator", "--answer", "prompt-1=demo"); got.code != 0 {
		t.Fatal(got)
	}
	if cands, _ := r.complete("call", "--gateway", "eu", "configDelete", "st"); !slices.Equal(cands, []string{"staging"}) {
		t.Errorf("named gateway: %q", cands)
	}
}

func TestCompleteAtFiles(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"tasks.xml", "tasks-old.xml", ".hidden.xml", "sub/inner.xml"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := newRunner(t)
	cands, directive := r.complete("call", "configSaveTasks", "production", "@"+dir+"/")
	if want := []string{"@" + dir + "/sub/", "@" + dir + "/tasks-old.xml", "@" + dir + "/tasks.xml"}; !slices.Equal(cands, want) || directive != ":6" {
		t.Errorf("@dir/: %q %s, want %q and NoSpace|NoFileComp", cands, directive, want)
	}
	cands, directive = r.complete("call", "configSaveTasks", "production", "@"+dir+"/tasks.")
	if !slices.Equal(cands, []string{"@" + dir + "/tasks.xml"}) || directive != ":4" {
		t.Errorf("one file: %q %s", cands, directive)
	}
	if cands, _ := r.complete("call", "configSaveTasks", "production", "@"+dir+"/sub/"); !slices.Equal(cands, []string{"@" + dir + "/sub/inner.xml"}) {
		t.Errorf("into sub/: %q", cands)
	}
}
