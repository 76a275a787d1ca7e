package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigErrorsInOperatorTerms: errors give the file, the line and the
// setting as written, say what to do, and never name a Go type.
func TestConfigErrorsInOperatorTerms(t *testing.T) {
	for text, want := range map[string]string{
		"gateway: http://x/api\nuser: a\ncolour: red\n": `line 3: unknown setting "colour" (known: gateway, user, theme,`,
		"utc: maybe\n":            `line 1: utc: "maybe" is not true or false`,
		"task_refresh: [1s]\n":    "line 1: task_refresh: want a single value",
		"log_refresh: 1ms\n":      "line 1: log_refresh: 1ms is too short",
		"user: a\nuser: b\n":      `line 2: "user" is set twice (first on line 1)`,
		"gateway: x\n  - y: [\n":  "not valid YAML",
		"- gateway\n":             "want one `setting: value` per line",
		"keys:\n  quit: {a: b}\n": "keys: quit: want a key or a list of keys (line 2)",
	} {
		_, err := Parse([]byte(text))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", text, err, want)
			continue
		}
		for _, gotype := range []string{"rawConfig", "ui.", "!!str", "unmarshal", "type "} {
			if strings.Contains(err.Error(), gotype) {
				t.Errorf("%q: error %q names Go internals (%q)", text, err, gotype)
			}
		}
	}
	if _, err := Parse(nil); err != nil {
		t.Fatalf("an empty file: %v", err)
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("theme: dark\ncolour: red\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path, true)
	if err == nil || !strings.HasPrefix(err.Error(), "config file "+path+" line 2: unknown setting \"colour\"") {
		t.Fatalf("Load: %v", err)
	}
}

// TestYAMLErrorLine: a syntax error names the line where the problem
// starts, which the YAML parser itself often gets one off.
func TestYAMLErrorLine(t *testing.T) {
	for text, want := range map[string]int{
		"user: a\ntheme: dark\nkeys:\n  quit: [q\n  help: F1\n": 4,
		"user: a\n: b\n":                   2,
		"user: a\nuser2: b\nkeys: [q\n":    3,
		"gateway: x\nuser: \"abc\n":        2,
		"user: a\ntheme: {dark\nutc: true": 2,
	} {
		_, err := Parse([]byte(text))
		var ce *Error
		if !errors.As(err, &ce) || ce.Line != want {
			t.Errorf("%q: error %v, want line %d", text, err, want)
		}
	}
}
