package cli

import (
	"strings"
	"testing"

	"dpconsole/config"
)

// TestFleetStart: several gateways and none chosen show the Fleet pane;
// a name opens that gateway; one gateway opens it; a URL or --demo runs
// the one console; an unknown name lists the known ones.
func TestFleetStart(t *testing.T) {
	two := config.File{Gateways: map[string]config.Gateway{"a": {Name: "a", URL: "http://a/api"}, "b": {Name: "b", URL: "http://b/api"}}}
	one := config.File{Gateways: map[string]config.Gateway{"a": {Name: "a", URL: "http://a/api"}}}
	for _, c := range []struct {
		name  string
		opts  Options
		fc    config.File
		start string
		fleet bool
	}{
		{"several, none chosen", Options{}, two, "", true},
		{"several, one named", Options{Gateway: "b"}, two, "b", true},
		{"one", Options{}, one, "a", true},
		{"a URL", Options{Gateway: "http://c/api"}, two, "", false},
		{"demo", Options{Demo: true}, two, "", false},
		{"none configured", Options{}, config.File{}, "", false},
	} {
		start, ok, err := fleetStart(c.opts, c.fc)
		if err != nil || start != c.start || ok != c.fleet {
			t.Errorf("%s: %q %v %v, want %q %v", c.name, start, ok, err, c.start, c.fleet)
		}
	}
	if _, _, err := fleetStart(Options{Gateway: "zulu"}, two); err == nil || !strings.Contains(err.Error(), `unknown gateway "zulu" (known in the config file: a, b)`) {
		t.Errorf("unknown: %v", err)
	}
}

// TestFleetHostsTakeKeptSessions: a session kept for the gateway's URL
// is taken (the console opens logged in); one kept for another URL is not.
func TestFleetHostsTakeKeptSessions(t *testing.T) {
	fc := config.File{Gateways: map[string]config.Gateway{
		"a": {Name: "a", URL: "http://a/api", ReadOnly: true},
		"b": {Name: "b", URL: "http://b/api", User: "admin"}}}
	kept := func(name string) *savedSession {
		switch name {
		case "a":
			return &savedSession{Gateway: "http://a/api/", User: "operator", Session: "S-a"}
		case "b":
			return &savedSession{Gateway: "http://elsewhere/api", User: "operator", Session: "S-b"}
		}
		return nil
	}
	hosts, err := fleetHosts(Options{User: "op"}, fc, kept, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	a, b := hosts[0], hosts[1]
	if a.Name != "a" || a.KeptUser != "operator" || a.Client.Session() != "S-a" || !a.ReadOnly || a.User != "op" {
		t.Errorf("a: %+v session %q", a, a.Client.Session())
	}
	if b.KeptUser != "" || b.Client.Session() != "" || b.User != "admin" || b.ReadOnly {
		t.Errorf("b: %+v session %q", b, b.Client.Session())
	}
}
