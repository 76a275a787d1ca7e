package config

import (
	"strings"
	"testing"
)

func TestEditorSetting(t *testing.T) {
	fc, err := Parse([]byte("editor: builtin\n"))
	if err != nil || fc.Editor != "builtin" {
		t.Fatalf("editor: builtin gave %q, %v", fc.Editor, err)
	}
	if _, err := Parse([]byte("editor: vim\n")); err == nil || !strings.Contains(err.Error(), "builtin") {
		t.Fatalf("editor: vim gave %v, want an error naming builtin", err)
	}
}
