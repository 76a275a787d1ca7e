package hostdoc

import (
	"errors"
	"strings"
	"testing"
)

func TestValidName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
		why  string // part of the error message
	}{
		{"production", true, ""},
		{"operations.iic", true, ""},
		{"Office Hours_2-b", true, ""},
		{"Ünïcode", true, ""},
		{"a", true, ""},
		{strings.Repeat("x", 128), true, ""},
		{"", false, "empty"},
		{strings.Repeat("x", 129), false, "129 characters"},
		// 128 characters but 256 bytes: over the file-name room (docs/protocol.md, names).
		{strings.Repeat("é", 128), false, "256 bytes"},
		{strings.Repeat("é", 100), true, ""},
		{strings.Repeat("é", 101), false, "202 bytes"},
		{strings.Repeat("あ", 66) + "xx", true, ""},
		{strings.Repeat("あ", 67), false, "201 bytes"},
		{"../x", false, "starts with '.'"},
		{"x/../y", false, "separator"},
		{"a..b", false, `".."`},
		{"a/b", false, "separator"},
		{`a\b`, false, "separator"},
		{".hidden", false, "starts with '.'"},
		{" lead", false, "space"},
		{"nul\x00byte", false, "NUL"},
		{"tab\there", false, "control"},
		{"new\nline", false, "control"},
		{"del\x7f", false, "control"},
		{"star*", false, `'*'`},
		{"*", false, `'*'`},
		{"colon:", false, `':'`},
		{"bad\xffutf8", false, "UTF-8"},
	}
	for _, tc := range tests {
		err := ValidName("configuration", tc.name)
		if tc.ok {
			if err != nil {
				t.Errorf("ValidName(%q) = %v, want nil", tc.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("ValidName(%q) = nil, want an error", tc.name)
			continue
		}
		if !errors.Is(err, ErrBadName) {
			t.Errorf("ValidName(%q) error %v does not wrap ErrBadName", tc.name, err)
		}
		if !strings.Contains(err.Error(), tc.why) || !strings.Contains(err.Error(), "configuration") {
			t.Errorf("ValidName(%q) = %q, want it to mention %q and the kind", tc.name, err, tc.why)
		}
	}
}
