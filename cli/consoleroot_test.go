package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dpconsole/config"
)

func TestMergeFlagsWin(t *testing.T) {
	t.Setenv("DPCONSOLE_GATEWAY", "")
	fc := config.File{Gateway: "http://file/api", User: "file", TaskRefresh: 3 * time.Second, ReadOnly: true}
	got := merge(Options{Gateway: "http://flag/api"}, fc)
	if got.Gateway != "http://flag/api" || got.User != "file" || got.TaskRefresh != 3*time.Second || !got.ReadOnly {
		t.Fatalf("%+v", got)
	}
	t.Setenv("DPCONSOLE_GATEWAY", "http://env/api")
	if got := merge(Options{}, fc); got.Gateway != "http://env/api" {
		t.Fatalf("the environment does not win over the file: %q", got.Gateway)
	}
}

func TestRunRefusesBadConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(path, []byte("task_refresh: soon\n"), 0o600)
	err := runConsole(context.Background(), Options{ConfigPath: path})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "task_refresh") {
		t.Fatalf("Run with a bad config file: %v", err)
	}
	os.WriteFile(path, []byte("keys:\n  quit: [\"1\"]\n"), 0o600)
	err = runConsole(context.Background(), Options{ConfigPath: path})
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("Run with a conflicting key: %v", err)
	}
}
