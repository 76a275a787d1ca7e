package config

import (
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1GiB": 1 << 30, "256MiB": 256 << 20, "500MB": 500e6, "1048576": 1 << 20, " 2 G ": 2 << 30, "7B": 7} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "lots", "-1MiB", "0", "1.5GiB", "9999999999GiB"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

func TestMaxLogSizeSetting(t *testing.T) {
	fc, err := Parse([]byte("max_log_size: 256MiB\n"))
	if err != nil || fc.MaxLogSize != 256<<20 {
		t.Fatalf("%+v %v", fc, err)
	}
	if _, err := Parse([]byte("max_log_size: huge\n")); err == nil || !strings.Contains(err.Error(), "line 1: max_log_size: size \"huge\" is not a whole number of bytes") {
		t.Fatalf("bad size: %v", err)
	}
}
