package ui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestClipByDisplayWidth: the header clips host text by cells, not
// runes: wide runes take two, combining marks none, and no character is
// cut in half.
func TestClipByDisplayWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"production", 20, "production"},
		{"日本語の設定", 7, "日本語…"},
		{"cafe\u0301\u0301-long-name", 6, "cafe\u0301\u0301-…"},
		{"Sertainty Data Protector", 10, "Sertainty…"},
	} {
		got := clip(tc.in, tc.n)
		if got != tc.want || ansi.StringWidth(got) > tc.n {
			t.Errorf("clip(%q, %d) = %q (%d cells), want %q", tc.in, tc.n, got, ansi.StringWidth(got), tc.want)
		}
	}
}

// TestLongLinesSayTheyWereCut: a body line wider than the terminal ends
// in an ellipsis at the width.
func TestLongLinesSayTheyWereCut(t *testing.T) {
	got := fitWidth("short\n"+"Log of a-very-long-configuration-name / protect-inbox", 20)
	want := "short\nLog of a-very-long-…"
	if got != want || ansi.StringWidth(want[6:]) != 20 {
		t.Fatalf("fitWidth = %q, want %q", got, want)
	}
}
