package sanitize

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFrameKeepsStylingAndNewlines(t *testing.T) {
	in := "\x1b[1;38;5;141mtitle\x1b[0m\nplain 日本 text\n\x1b[38:2:1:2:3mx\x1b[m"
	if got := Frame(in); got != in {
		t.Fatalf("Frame changed a clean frame:\n%q\n%q", in, got)
	}
}

func TestFrameShowsEverythingElse(t *testing.T) {
	for in, want := range map[string]string{
		"a\x1b]0;pwned\x07b":        "a^[]0;pwned^Gb",
		"a\x1b]52;c;SGVsbG8=\x1b\\": "a^[]52;c;SGVsbG8=^[\\",
		"a\x1b[2Jb":                 "a^[[2Jb",
		"a\x1b[31":                  "a^[[31",
		"over\rwrite":               "over^Mwrite",
		"c1 \u009b31m":              `c1 \u009b31m`,
		"bidi \u202eevil":           `bidi \u202eevil`,
		"tab\there":                 "tab here",
		"bad \xff":                  "bad \uFFFD",
		"\x1b[1mok\x1b[0m\x1b[H":    "\x1b[1mok\x1b[0m^[[H",
	} {
		if got := Frame(in); got != want {
			t.Errorf("Frame(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzFrame holds Frame to its promise for any input: the output is valid
// UTF-8 whose only escapes are SGR sequences and whose only control is
// newline, and Frame of a clean frame changes nothing.
func FuzzFrame(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31mred\x1b[0m", "\x1b[", "\x1b[1;2"} {
		f.Add(s)
	}
	// The samples a hostile host sends, shared with the console's test.
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "hostile-text.txt"))
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if s, err := strconv.Unquote(line); err == nil {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Frame(in)
		if !utf8.ValidString(out) {
			t.Fatalf("Frame(%q) = %q is not UTF-8", in, out)
		}
		if err := checkFrame(out); err != "" {
			t.Fatalf("Frame(%q) = %q: %s", in, out, err)
		}
		if again := Frame(out); again != out {
			t.Fatalf("Frame is not idempotent: %q then %q", out, again)
		}
	})
}

// checkFrame words what is wrong with a frame, or "".
func checkFrame(s string) string {
	for i := 0; i < len(s); {
		if n := sgrLen(s[i:]); n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b:
			return "an escape that is not SGR"
		case r != '\n' && (r < 0x20 || r == 0x7f):
			return "a C0 control"
		case unsafeRune(r):
			return "a C1 control or bidi override"
		}
		i += size
	}
	return ""
}

func BenchmarkFrame(b *testing.B) {
	line := "\x1b[38;5;141m│\x1b[0m " + strings.Repeat("task protect-inbox Idle 12 runs ", 3) + "\n"
	frame := strings.Repeat(line, 40)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Frame(frame)
	}
}
