package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	fc, err := Parse([]byte("gateway: https://dp.example/api\nuser: alice\ntheme: light\ntask_refresh: 3s\nlog_refresh: 500ms\nutc: true\nread_only: true\nkeys:\n  quit: [ctrl+q]\n  help: F1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if fc.Gateway != "https://dp.example/api" || fc.User != "alice" || fc.TaskRefresh != 3*time.Second ||
		fc.LogRefresh != 500*time.Millisecond || !fc.UTC || !fc.ReadOnly || len(fc.Keys["quit"]) != 1 || fc.Keys["help"][0] != "F1" {
		t.Fatalf("%+v", fc)
	}
}

func TestConfigErrorsNameTheField(t *testing.T) {
	for text, want := range map[string]string{
		"task_refresh: soon\n":   "task_refresh",
		"log_refresh: 1ms\n":     "log_refresh",
		"gatway: http://x/api\n": "gatway",
		"gateway: ftp://x\n":     "gateway",
		"utc: maybe\n":           "maybe",
		"keys: [q]\n":            "keys",
	} {
		_, err := Parse([]byte(text))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to name %q", text, err, want)
		}
	}
}

func TestLoadConfigNamesFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if _, err := Load(path, false); err != nil {
		t.Fatalf("a missing default file is an error: %v", err)
	}
	if _, err := Load(path, true); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("a missing explicit file: %v", err)
	}
	os.WriteFile(path, []byte("theme: 7: x\n"), 0o600)
	if _, err := Load(path, false); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("a bad file: %v", err)
	}
}

func TestDefaultConfigPath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/cfg")
	if got := DefaultPath(); got != "/cfg/dpconsole/config.yaml" {
		t.Fatal(got)
	}
}
