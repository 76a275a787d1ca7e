package sanitize

import "testing"

func TestSanitize(t *testing.T) {
	cases := []struct{ in, doc, line string }{
		{"plain text", "plain text", "plain text"},
		{"a\nb", "a\nb", "a↵b"},
		{"a\r\nb", "a\nb", "a↵b"},
		{"red \x1b[31mX\x1b[0m", "red ^[[31mX^[[0m", "red ^[[31mX^[[0m"},
		{"bell\a del\x7f nul\x00", "bell^G del^? nul^@", "bell^G del^? nul^@"},
		{"a\tb", "a       b", "a       b"},
		{"bad \xff utf8", "bad \uFFFD utf8", "bad \uFFFD utf8"},
		{"c1 \u009b31m", `c1 \u009b31m`, `c1 \u009b31m`},
		{"bidi \u202eevil", `bidi \u202eevil`, `bidi \u202eevil`},
		{"wide 日本 ok", "wide 日本 ok", "wide 日本 ok"},
		{"lone\rcr", "lone^Mcr", "lone^Mcr"},
	}
	for _, c := range cases {
		if got := Sanitize(c.in); got != c.doc {
			t.Errorf("Sanitize(%q) = %q, want %q", c.in, got, c.doc)
		}
		if got := SanitizeLine(c.in); got != c.line {
			t.Errorf("SanitizeLine(%q) = %q, want %q", c.in, got, c.line)
		}
	}
}
