package cli

import (
	"strings"
	"testing"
)

// TestDemoNotice: the login screen says "No gateway given" only when none
// was; an explicit --demo is named as the reason, and a gateway it
// overrides is named too.
func TestDemoNotice(t *testing.T) {
	const path = "/home/op/.config/dpconsole/config.yaml"
	for _, tc := range []struct {
		name string
		opts Options
		want []string
		not  string
	}{
		{"no gateway", Options{}, []string{"No gateway given", "--gateway URL", path}, "--demo"},
		{"--demo", Options{Demo: true}, []string{"Built-in demo host (--demo).", "--gateway URL", path}, "No gateway given"},
		{"--demo over a gateway", Options{Demo: true, Gateway: "https://dp.example:8443"},
			[]string{"Built-in demo host (--demo;", "https://dp.example:8443 is not used", "Leave out --demo"}, "No gateway given"},
	} {
		got := demoNotice(tc.opts, path)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: notice %q lacks %q", tc.name, got, w)
			}
		}
		if strings.Contains(got, tc.not) {
			t.Errorf("%s: notice %q says %q", tc.name, got, tc.not)
		}
	}
}
