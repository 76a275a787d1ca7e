package login

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// rfc3339 finds a time such as 2026-11-29T10:36:11Z in a host message.
var rfc3339 = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})`)

// deniedText words a refused login for the operator. The host's own
// words are kept as the reason. A message holding an RFC 3339 time (a
// lockout: "try again after …") says when that is in local time (UTC
// with utc) and how long is left; any other denial says what usually
// causes it.
func deniedText(host string, now time.Time, utc bool) string {
	host = strings.TrimSpace(host)
	said := ""
	if host != "" {
		said = " (the host said: " + host + ")"
	}
	found := rfc3339.FindString(host)
	if found == "" {
		return "Denied: wrong user name or answer" + said + ". Enter to try again, Esc to change the user."
	}
	until, err := time.Parse(time.RFC3339, found)
	if err != nil {
		return "Denied" + said + ". Enter to try again, Esc to change the user."
	}
	left := until.Sub(now)
	if left <= 0 {
		return "Locked out until " + timeOfDay(until, now, utc) + ", which has passed" + said +
			". Enter to try again, Esc to change the user."
	}
	return fmt.Sprintf("Locked out until %s (in %s)%s. Enter to try again after that, Esc to change the user.",
		timeOfDay(until, now, utc), remaining(left), said)
}

// timeOfDay words t as the time of day, with the date when it is not today,
// in local time or, with utc, in UTC marked Z.
func timeOfDay(t, now time.Time, utc bool) string {
	layout, suffix := "15:04", ""
	if utc {
		t, now, suffix = t.UTC(), now.UTC(), "Z"
	} else {
		t, now = t.Local(), now.Local()
	}
	if t.Year() != now.Year() {
		layout = "Jan 2 2006 15:04"
	} else if t.YearDay() != now.YearDay() {
		layout = "Jan 2 15:04"
	}
	return t.Format(layout) + suffix
}

// remaining words a wait rounded up to the minute: "14m", "2h05m",
// "3d04h" (rounded up to the hour); a wait beyond a year (a far-future lockout, whose Sub saturates
// near 292 years) is "over a year". No addition, so no overflow.
func remaining(d time.Duration) string {
	mins := int64(d / time.Minute)
	if d%time.Minute != 0 {
		mins++
	}
	switch {
	case mins < 60:
		return fmt.Sprintf("%dm", mins)
	case mins < 24*60:
		return fmt.Sprintf("%dh%02dm", mins/60, mins%60)
	case mins <= 365*24*60:
		hours := (mins + 59) / 60
		return fmt.Sprintf("%dd%02dh", hours/24, hours%24)
	}
	return "over a year"
}
