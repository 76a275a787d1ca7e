package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGatewaysParse(t *testing.T) {
	fc, err := Parse([]byte(`gateway: https://one.example/api
gateways:
  prod-eu:
    url: https://eu.example/api
    user: operator
    ca_file: eu.pem
    insecure: true
    read_only: true
    timeout: 2s
  staging: http://127.0.0.1:8080/api
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(fc.GatewayNames(), ","); got != "prod-eu,staging" {
		t.Fatalf("names %q", got)
	}
	g, err := fc.Lookup("prod-eu")
	if err != nil {
		t.Fatal(err)
	}
	want := Gateway{Name: "prod-eu", URL: "https://eu.example/api", User: "operator", CAFile: "eu.pem",
		Insecure: true, ReadOnly: true, Timeout: 2 * time.Second, Line: 3}
	if g != want {
		t.Fatalf("got %+v, want %+v", g, want)
	}
	if s := fc.Gateways["staging"]; s.URL != "http://127.0.0.1:8080/api" || s.ReadOnly || s.Line != 10 {
		t.Fatalf("short form: %+v", s)
	}
	_, err = fc.Lookup("prod")
	if !errors.Is(err, ErrUnknownGateway) || !strings.Contains(err.Error(), "known in the config file: prod-eu, staging") {
		t.Fatalf("unknown name: %v", err)
	}
	if _, err := (File{Path: "/x/config.yaml"}).Lookup("a"); err == nil || !strings.Contains(err.Error(), "/x/config.yaml names no gateways") {
		t.Fatalf("no gateways: %v", err)
	}
}

// TestGatewaysErrors: a bad entry names the line and the gateway; Load
// adds the file.
func TestGatewaysErrors(t *testing.T) {
	for text, want := range map[string]string{
		"gateways: [a, b]\n":                                          "line 1: gateways: want a map",
		"gateways:\n  a/b: http://x/api\n":                            `line 2: gateways: bad gateway name "a/b"`,
		"gateways:\n  .hidden: http://x/api\n":                        `bad gateway name ".hidden": it starts with '.'`,
		"gateways:\n  eu:\n    user: op\n":                            `line 2: gateway "eu": no url`,
		"gateways:\n  eu:\n    url: ftp://x\n":                        `line 3: gateway "eu": url: "ftp://x" must start with http://`,
		"gateways:\n  eu:\n    url: http://x\n    colour: red\n":      `line 4: gateway "eu": unknown setting "colour" (known: url, user,`,
		"gateways:\n  eu:\n    url: http://x\n    timeout: soon\n":    `line 4: gateway "eu": timeout: "soon" is not a duration`,
		"gateways:\n  eu:\n    url: http://x\n    read_only: maybe\n": `line 4: gateway "eu": read_only: "maybe" is not true or false`,
		"gateways:\n  eu:\n    url: http://x\n    url: http://y\n":    `line 4: gateway "eu": "url" is set twice (first on line 3)`,
		"gateways:\n  eu: http://x\n  eu: http://y\n":                 `line 3: gateways: "eu" is set twice (first on line 2)`,
		"gateways:\n  eu: just-a-host\n":                              `line 2: gateway "eu": want its settings`,
		"gateways:\n  eu:\n    url: [http://x]\n":                     `line 3: gateway "eu": url: want a single value`,
	} {
		_, err := Parse([]byte(text))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", text, err, want)
		}
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("theme: dark\ngateways:\n  eu:\n    url: http://x\n    timeout: 1ms\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path, true)
	if err == nil || err.Error() != "config file "+path+` line 5: gateway "eu": timeout: 1ms is too short: use at least 100ms` {
		t.Fatalf("Load: %v", err)
	}
}
