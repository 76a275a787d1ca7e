package gateway

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func respWithMsg(m string) []byte {
	return []byte("<Response><Status>1</Status><StatusMessage>" + m + "</StatusMessage></Response>")
}

// decodeBoth decodes the message with the whole-document and the
// streaming decoder; both must agree.
func decodeBoth(t *testing.T, m string) string {
	t.Helper()
	a, err := UnmarshalResponse(respWithMsg(m), Limits{})
	if err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	b, err := DecodeResponseStream(bytes.NewReader(respWithMsg(m)), StreamOptions{})
	if err != nil {
		t.Fatalf("stream: %v", err)
	}
	if a.Message != b.Message {
		t.Fatalf("decoders differ: %q vs %q", a.Message[:min(40, len(a.Message))], b.Message[:min(40, len(b.Message))])
	}
	return a.Message
}

// TestClipAttack4Boundaries: exactly 4096 bytes is kept as is; a rune
// across the boundary is left out whole; the result is valid UTF-8.
func TestClipAttack4Boundaries(t *testing.T) {
	exact := strings.Repeat("a", MaxMessage)
	if got := decodeBoth(t, exact); got != exact {
		t.Fatalf("4096 bytes changed: len %d", len(got))
	}
	for _, r := range []string{"é", "漢", "😀"} {
		for shift := 1; shift < len(r); shift++ {
			m := strings.Repeat("a", MaxMessage-shift) + r + "tail"
			got := decodeBoth(t, m)
			if !utf8.ValidString(got) || !strings.HasPrefix(got, strings.Repeat("a", MaxMessage-shift)+"…") {
				t.Fatalf("%q at %d: %q", r, shift, got[len(got)-40:])
			}
		}
	}
	one := strings.Repeat("a", MaxMessage+1)
	if got := decodeBoth(t, one); !strings.HasPrefix(got, strings.Repeat("a", MaxMessage)+"…") || !strings.Contains(got, "4097 bytes") {
		t.Fatalf("4097: %q", got[len(got)-40:])
	}
}
