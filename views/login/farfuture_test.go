package login

import (
	"strings"
	"testing"
	"time"
)

// A hostile host's lockout in year 9999 (Sub saturates near 292 years)
// must not show as "in -153722866m".
func TestDeniedTextFarFutureLockout(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 36, 30, 0, time.UTC)
	got := deniedText("locked out; try again after 9999-12-31T23:59:59Z", now, true)
	if strings.Contains(got, "in -") || !strings.Contains(got, "(in over a year)") || !strings.Contains(got, "9999") {
		t.Errorf("deniedText = %q", got)
	}
	for d, want := range map[time.Duration]string{
		time.Duration(1<<63 - 1):   "over a year",
		50*time.Hour + time.Second: "2d03h",
		59*time.Minute + 1:         "1h00m",
		366 * 24 * time.Hour:       "over a year",
	} {
		if got := remaining(d); got != want {
			t.Errorf("remaining(%v) = %q, want %q", d, got, want)
		}
	}
}
