package jsonsafe

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestEscapeKeepsTheValue: C1 controls, DEL and bidi marks come out as
// \u escapes, and the JSON still says the same.
func TestEscapeKeepsTheValue(t *testing.T) {
	v := map[string]string{"text": "a\u009b2J\u0085\u007f \u202eevil\u2066x\u2069 \u061c\u200e\u200f\u2028 ok é 漢"}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out := Escape(b)
	for _, r := range string(out) {
		if obeyed(r) {
			t.Fatalf("%U left raw in %q", r, out)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil || back["text"] != v["text"] {
		t.Fatalf("%v: %q, want %q", err, back["text"], v["text"])
	}
	if plain := []byte(`{"a":"é 漢"}`); string(Escape(plain)) != string(plain) || !strings.Contains(string(out), `\u202e`) {
		t.Fatalf("plain text changed, or no escape: %s", out)
	}
}
