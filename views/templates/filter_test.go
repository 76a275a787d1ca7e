package templates

import (
	"strings"
	"testing"
)

// TestFilterWithNoMatchNamesNoTemplate: a filter that matches no template
// leaves a plain rule above the document area, not "template" and an
// empty name; clearing it names the selected one again.
func TestFilterWithNoMatchNamesNoTemplate(t *testing.T) {
	_, m, r := start(t)
	r.Key("/")
	r.Type("zzz")
	if v := m.View(); strings.Contains(v, "── template ") || !strings.Contains(v, "no row matches") {
		t.Fatalf("a filter with no match:\n%s", v)
	}
	r.Key("esc")
	if v := m.View(); !strings.Contains(v, "── template "+m.selected()+" ─") || m.selected() == "" {
		t.Fatalf("the filter cleared, the heading does not name %q:\n%s", m.selected(), v)
	}
}
