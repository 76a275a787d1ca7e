package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"dpconsole/gateway/hostdoc"
)

// Gateway is one named gateway of the config file's gateways: map:
//
//	gateways:
//	  prod-eu:
//	    url: https://dp-eu.example.com/api
//	    user: operator      # optional: pre-fills the login
//	    ca_file: eu-ca.pem  # optional: extra trusted CA (PEM)
//	    insecure: false     # optional: skip TLS verification (warns)
//	    read_only: true     # optional: refuse every function that changes this host
//	    timeout: 10s        # optional: per-call timeout
type Gateway struct {
	Name     string
	URL      string
	User     string
	CAFile   string
	Insecure bool
	ReadOnly bool
	Timeout  time.Duration
	Line     int // where the entry starts in the file
}

// knownGatewaySettings are a gateway entry's settings, as errors list them.
const knownGatewaySettings = "url, user, ca_file, insecure, read_only, timeout"

// IsURL reports whether a --gateway value is a URL rather than a name.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// GatewayNames returns the configured gateways' names, sorted.
func (f File) GatewayNames() []string {
	names := make([]string, 0, len(f.Gateways))
	for n := range f.Gateways {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// ErrUnknownGateway is wrapped by Lookup's error for a name not configured.
var ErrUnknownGateway = errors.New("unknown gateway")

// Lookup returns the gateway called name; the error for an unknown name
// lists the known ones, so the operator sees what to type.
func (f File) Lookup(name string) (Gateway, error) {
	if g, ok := f.Gateways[name]; ok {
		return g, nil
	}
	where := "the config file"
	if f.Path != "" {
		where = f.Path
	}
	if len(f.Gateways) == 0 {
		return Gateway{}, fmt.Errorf("%w %q: %s names no gateways (add a gateways: map, or give a URL)", ErrUnknownGateway, name, where)
	}
	return Gateway{}, fmt.Errorf("%w %q (known in %s: %s)", ErrUnknownGateway, name, where, strings.Join(f.GatewayNames(), ", "))
}

// parseGateways reads the gateways: map. Every error names the line and
// the gateway as written.
func parseGateways(v *yaml.Node) (map[string]Gateway, error) {
	if v.Kind != yaml.MappingNode {
		return nil, &Error{Line: v.Line, Msg: "gateways: want a map from a gateway's name to its settings (" + knownGatewaySettings + ")"}
	}
	out := make(map[string]Gateway, len(v.Content)/2)
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, e := v.Content[i], v.Content[i+1]
		name := k.Value
		if err := hostdoc.ValidName("gateway", name); err != nil {
			return nil, &Error{Line: k.Line, Msg: "gateways: " + err.Error()}
		}
		if first, dup := out[name]; dup {
			return nil, &Error{Line: k.Line, Msg: fmt.Sprintf("gateways: %q is set twice (first on line %d): keep one", name, first.Line)}
		}
		g, err := parseGateway(name, k.Line, e)
		if err != nil {
			return nil, err
		}
		out[name] = g
	}
	return out, nil
}

// parseGateway reads one gateway entry.
func parseGateway(name string, line int, e *yaml.Node) (Gateway, error) {
	g := Gateway{Name: name, Line: line}
	where := fmt.Sprintf("gateway %q", name)
	if e.Kind == yaml.ScalarNode && IsURL(strings.TrimSpace(e.Value)) {
		// The short form: "name: URL".
		g.URL = strings.TrimSpace(e.Value)
		return g, nil
	}
	if e.Kind != yaml.MappingNode {
		return g, &Error{Line: e.Line, Msg: where + ": want its settings (" + knownGatewaySettings + ") or its URL"}
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(e.Content); i += 2 {
		k, v := e.Content[i], e.Content[i+1]
		fail := func(format string, a ...any) error {
			return &Error{Line: v.Line, Msg: where + ": " + k.Value + ": " + fmt.Sprintf(format, a...)}
		}
		if first, ok := seen[k.Value]; ok {
			return g, &Error{Line: k.Line, Msg: fmt.Sprintf("%s: %q is set twice (first on line %d): keep one", where, k.Value, first)}
		}
		seen[k.Value] = k.Line
		if v.Kind != yaml.ScalarNode {
			return g, fail("want a single value, not a list or a map")
		}
		s := strings.TrimSpace(v.Value)
		flag := func(dst *bool) error {
			if v.Decode(dst) != nil {
				return fail("%q is not true or false", v.Value)
			}
			return nil
		}
		var err error
		switch k.Value {
		case "url":
			if !IsURL(s) {
				err = fail("%q must start with http:// or https://", s)
			}
			g.URL = s
		case "user":
			g.User = s
		case "ca_file":
			g.CAFile = s
		case "insecure":
			err = flag(&g.Insecure)
		case "read_only":
			err = flag(&g.ReadOnly)
		case "timeout":
			d, perr := time.ParseDuration(s)
			switch {
			case perr != nil:
				err = fail("%q is not a duration: write it like 10s or 500ms", s)
			case d < minRefresh:
				err = fail("%s is too short: use at least %s", d, minRefresh)
			}
			g.Timeout = d
		default:
			err = &Error{Line: k.Line, Msg: fmt.Sprintf("%s: unknown setting %q (known: %s)", where, k.Value, knownGatewaySettings)}
		}
		if err != nil {
			return g, err
		}
	}
	if g.URL == "" {
		return g, &Error{Line: line, Msg: where + ": no url: write url: https://HOST/api"}
	}
	return g, nil
}
