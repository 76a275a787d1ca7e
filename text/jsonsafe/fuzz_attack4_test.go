package jsonsafe

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzEscapeAttack4 marshals any string (and a map keyed by it) with
// encoding/json, escapes it, and checks that the JSON is valid, says the
// same, and leaves nothing obeyed raw.
func FuzzEscapeAttack4(f *testing.F) {
	for _, s := range []string{"", "a\u009b2J", "\u202e\u2066", "\xff\xfe", "\u2028<>&", "\x7f\x1b[31m", "é漢😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := map[string]any{s: []string{s, s + "x"}, "k": s}
		for _, html := range []bool{true, false} {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(html)
			enc.SetIndent("", "  ")
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			out := Escape(buf.Bytes())
			if !json.Valid(out) {
				t.Fatalf("invalid JSON: %q", out)
			}
			var a, b any
			if err := json.Unmarshal(buf.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(out, &b); err != nil {
				t.Fatal(err)
			}
			ab, _ := json.Marshal(a)
			bb, _ := json.Marshal(b)
			if !bytes.Equal(ab, bb) {
				t.Fatalf("value changed: %s vs %s", ab, bb)
			}
			for i := 0; i < len(out); {
				r, n := utf8.DecodeRune(out[i:])
				if obeyed(r) {
					t.Fatalf("%U raw in %q", r, out)
				}
				i += n
			}
		}
	})
}
