// Package schedule words a task's schedule and works out its next run,
// for the tasks table and the task in full, so both say the same.
package schedule

import (
	"strconv"
	"strings"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// Words says a schedule in words: "every 30 seconds", "cron 0 1 * * * (UTC)".
func Words(sc hostdoc.Schedule) string {
	if sc.Cron != "" {
		return "cron " + sc.Cron + " (UTC)"
	}
	d, err := time.ParseDuration(sc.Every)
	if err != nil {
		return "every " + sc.Every
	}
	var parts []string
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}} {
		if n := int(d / u.d); n > 0 {
			parts = append(parts, count(n, u.name))
			d -= time.Duration(n) * u.d
		}
	}
	if len(parts) == 0 {
		return "every " + sc.Every
	}
	if len(parts) == 1 && strings.HasPrefix(parts[0], "1 ") {
		return "every " + strings.TrimPrefix(parts[0], "1 ")
	}
	return "every " + strings.Join(parts, " ")
}

func count(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + one + "s"
}

// Why there is no next run.
const (
	Disabled = "disabled: never runs"
	Paused   = "paused: no next run until resumed"
)

// Next is the task's next run after now, from its schedule and status:
// an interval counts from the last start, a cron from now. It is zero
// when there is none: why says so for a disabled or paused task, and is
// empty for a schedule that does not compile.
func Next(sc hostdoc.Schedule, enabled bool, st gateway.TaskStatus, now time.Time) (next time.Time, why string) {
	switch {
	case !enabled:
		return time.Time{}, Disabled
	case st.Status == "Paused":
		return time.Time{}, Paused
	}
	s, err := sc.Compile()
	if err != nil {
		return time.Time{}, ""
	}
	from := now
	if !st.StartTime.IsZero() && sc.Every != "" {
		from = st.StartTime
	}
	n := s.Next(from)
	if n.Before(now) {
		n = s.Next(now)
	}
	return n, ""
}
