package common

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// Copy writes one OSC 52 sequence carrying the data to the session's
// terminal and says what it copied and how big; tmux gets it wrapped for
// its passthrough; no terminal, nothing or too much is refused.
func TestCopyWritesOSC52(t *testing.T) {
	var out bytes.Buffer
	c := &Common{Output: &out}
	msg := c.Copy("the name staging", []byte("staging"))()
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("staging")) + "\x07"
	if out.String() != want {
		t.Fatalf("wrote %q, want %q", out.String(), want)
	}
	if f := msg.(FlashMsg); f.Error || f.Text != "copied the name staging to your clipboard (7 bytes)" {
		t.Fatalf("flash %+v", f)
	}
	out.Reset()
	c.Caps.Tmux = true
	c.Copy("x", []byte("x"))()
	if !strings.HasPrefix(out.String(), "\x1bPtmux;\x1b\x1b]52;c;") {
		t.Fatalf("tmux: %q", out.String())
	}
	for _, tc := range []struct {
		c    *Common
		data []byte
		want string
	}{
		{&Common{}, []byte("x"), "no terminal"},
		{&Common{Output: &out}, nil, "nothing to copy"},
		{&Common{Output: &out}, make([]byte, MaxCopy+1), "more than the 65536 bytes"},
	} {
		out.Reset()
		f := tc.c.Copy("it", tc.data)().(FlashMsg)
		if !f.Error || !strings.Contains(f.Text, tc.want) || out.Len() != 0 {
			t.Errorf("%q: flash %+v, wrote %d bytes", tc.want, f, out.Len())
		}
	}
}
