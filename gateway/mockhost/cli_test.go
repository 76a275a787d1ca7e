package mockhost

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"dpconsole/gateway"
	"dpconsole/testkit"
)

func TestParseSize(t *testing.T) {
	good := map[string]int64{"64MiB": 64 << 20, "512KiB": 512 << 10, "1GiB": 1 << 30, "1048576": 1 << 20,
		"2MB": 2e6, "10KB": 1e4, "3M": 3 << 20, "100B": 100, " 8 KiB ": 8 << 10}
	for in, want := range good {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MiB", "12XB", "-1MiB", "1.5MiB", "64 mebibytes", "99999999999GiB"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

func TestParseFlags(t *testing.T) {
	cfg, err := parseFlags(nil)
	ok(t, "defaults", err)
	if cfg.Listen != DefaultListen || cfg.MaxBody != DefaultMaxBody || cfg.SessionIdle != DefaultSessionIdle || cfg.Verbose || cfg.Empty {
		t.Errorf("defaults %+v", cfg)
	}
	cfg, err = parseFlags([]string{"--listen", "127.0.0.1:0", "--data", "/d", "--users", "u.yaml", "--empty",
		"--max-body", "512KiB", "--session-idle", "5m", "--log-keep", "100", "--verbose"})
	ok(t, "all flags", err)
	want := Config{Listen: "127.0.0.1:0", DataDir: "/d", UsersFile: "u.yaml", Empty: true, MaxBody: 512 << 10,
		SessionIdle: 5 * time.Minute, LogKeep: 100, Verbose: true}
	if cfg != want {
		t.Errorf("parsed %+v, want %+v", cfg, want)
	}
	for args, msg := range map[string]string{
		"--max-body 12XB":      "--max-body",
		"--max-body 10":        "too small",
		"--session-idle soon":  "session-idle",
		"--session-idle -1m":   "positive",
		"--log-keep -3":        "log-keep",
		"--log-keep 1000001":   "at most 1000000",
		"--frobnicate":         "frobnicate",
		"serve-now":            "unexpected argument",
		"--listen":             "listen",
		"--verbose=maybe":      "verbose",
		"--max-body 1.5MiB":    "whole number",
		"--session-idle 0s":    "positive",
		"--empty --log-keep x": "log-keep",
	} {
		_, err := parseFlags(strings.Fields(args))
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: error %v, want it to mention %q", args, err, msg)
		}
	}
}

func TestMainUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"--help"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "--max-body SIZE") {
		t.Errorf("--help: exit %d, stdout %q", code, out.String())
	}
	out.Reset()
	if code := Main([]string{"--bogus"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "bogus") || !strings.Contains(errOut.String(), "Usage:") {
		t.Errorf("unknown flag: exit %d, stderr %q", code, errOut.String())
	}
	errOut.Reset()
	if code := Main([]string{"--data", "/proc/no-such-dir/x", "--listen", "127.0.0.1:0"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "/proc/no-such-dir/x") {
		t.Errorf("unusable data dir: exit %d, stderr %q", code, errOut.String())
	}
}

var listening = regexp.MustCompile(`^listening on (http://127\.0\.0\.1:[1-9][0-9]*/api)\n$`)

func TestRunServesUntilCancelled(t *testing.T) {
	pr, pw := io.Pipe()
	errs := &testkit.SyncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Config{Listen: "127.0.0.1:0", Stdout: pw, Stderr: errs})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	ok(t, "reading stdout", err)
	m := listening.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("stdout %q, want exactly 'listening on http://ADDR/api'", line)
	}
	tmp := regexp.MustCompile(`temporary directory (\S+)`).FindStringSubmatch(errs.String())
	if tmp == nil {
		t.Fatalf("no notice of the temporary directory on stderr: %q", errs.String())
	}
	c, err := gateway.NewClient(gateway.Options{URL: m[1]})
	ok(t, "client", err)
	_, err = c.Login(ctx, "operator", answers("demo"))
	ok(t, "login", err)
	ok(t, "save", c.SharedSaveScript(ctx, "x.xml", "<S/>"))
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run returned %v after cancel, want nil", err)
	}
	if _, err := os.Stat(tmp[1]); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary directory %s left behind: %v", tmp[1], err)
	}
	if err := c.AgentPing(context.Background()); !gateway.IsTransport(err) {
		t.Errorf("the host still answers after Run returned: %v", err)
	}
}

func TestRunKeepsDataAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	for i, want := range []bool{false, true} {
		h, err := Start(Config{DataDir: dir, Empty: true, Stderr: io.Discard})
		ok(t, "start", err)
		c, _ := gateway.NewClient(gateway.Options{URL: h.URL()})
		_, err = c.Login(context.Background(), "operator", answers("demo"))
		ok(t, "login", err)
		_, err = c.SharedGetScript(context.Background(), "kept.xml")
		if (err == nil) != want {
			t.Errorf("start %d: kept.xml readable=%v, want %v (%v)", i, err == nil, want, err)
		}
		ok(t, "save", c.SharedSaveScript(context.Background(), "kept.xml", "<S/>"))
		ok(t, "close", h.Close())
		ok(t, "close twice", h.Close())
	}
}

func TestHashPassword(t *testing.T) {
	run := func(input string, args ...string) (int, string, string) {
		r, w, err := os.Pipe()
		ok(t, "pipe", err)
		go func() { io.WriteString(w, input); w.Close() }()
		defer r.Close()
		var out, errOut bytes.Buffer
		code := hashPasswordMain(args, r, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	code, out, _ := run("s3cret pass\nignored\n")
	if code != 0 || bcrypt.CompareHashAndPassword([]byte(strings.TrimSpace(out)), []byte("s3cret pass")) != nil {
		t.Errorf("exit %d, hash %q does not match", code, out)
	}
	if cost, _ := bcrypt.Cost([]byte(strings.TrimSpace(out))); cost < bcrypt.DefaultCost {
		t.Errorf("cost %d, want at least %d", cost, bcrypt.DefaultCost)
	}
	if code, out, errOut := run("\n"); code != 1 || out != "" || !strings.Contains(errOut, "empty") {
		t.Errorf("empty password: exit %d, %q, %q", code, out, errOut)
	}
	if code, _, errOut := run("x\n", "extra"); code != 1 || !strings.Contains(errOut, "unexpected argument") {
		t.Errorf("extra argument: exit %d, %q", code, errOut)
	}
	if code, _, _ := run(strings.Repeat("x", 73)); code != 1 {
		t.Errorf("73-byte password accepted")
	}
}
