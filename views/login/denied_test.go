package login

import (
	"strings"
	"testing"
	"time"
)

func TestDeniedText(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 36, 30, 0, time.UTC)
	cases := []struct{ host, want string }{
		{"Denied", "Denied: wrong user name or answer (the host said: Denied). Enter to try again"},
		{"", "Denied: wrong user name or answer. Enter"},
		{`Denied: user "operator" is locked out after 5 failed logins; try again after 2026-11-29T10:51:11Z`,
			`Locked out until 10:51Z (in 15m) (the host said: Denied: user "operator" is locked out`},
		{"locked out; try again after 2026-11-29T12:40:00+01:00", "Locked out until 11:40Z (in 1h04m)"},
		{"locked out; try again after 2026-11-29T12:40:00+00:00", "Locked out until 12:40Z (in 2h04m)"},
		{"locked out until 2026-11-29T10:00:00Z", "Locked out until 10:00Z, which has passed"},
		{"locked out until 2026-11-30T10:00:00Z", "Locked out until Nov 30 10:00Z (in 23h24m)"},
	}
	for _, c := range cases {
		if got := deniedText(c.host, now, true); !strings.HasPrefix(got, c.want) {
			t.Errorf("deniedText(%q)\n got %q\nwant prefix %q", c.host, got, c.want)
		}
	}
}
