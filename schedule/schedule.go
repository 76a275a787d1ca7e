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

// Unscheduled says why no task of config runs on this host, "" when its
// tasks run: only the active configuration's do, and only while the agent
// is neither Offline nor Disabled (docs/protocol.md §8). An agent state
// not known yet ("") says nothing.
func Unscheduled(config, active, agent string) string {
	switch {
	case strings.EqualFold(agent, "Offline"), strings.EqualFold(agent, "Disabled"):
		return "not scheduled: the agent is " + agent
	case agent == "":
		return ""
	case active == "":
		return "not scheduled: no configuration is active"
	case config != active:
		return "not scheduled: " + active + " is the active configuration"
	}
	return ""
}

// Next is the task's next run, from its schedule and status: an interval
// counts from the last start, a cron from now. It is zero when there is
// none: why says so for a disabled or paused task, and is empty for a
// schedule that does not compile. A run that fell due since the last
// start is returned as it is, in the past (Due): the status read says
// nothing of it yet, and the run after it would look like a missed one.
// Only once that next one is past too does it count from now (the task was
// resumed or the agent enabled: the host then arms it from that moment).
func Next(sc hostdoc.Schedule, enabled bool, st gateway.TaskStatus, now time.Time) (next time.Time, why string) {
	s, _ := sc.Compile() // nil when it does not compile
	return NextOf(s, sc, enabled, st, now)
}

// NextOf is Next with the schedule compiled already (nil when it does not
// compile): a table of many tasks compiles each once, when it is read,
// not on every row it draws.
func NextOf(s hostdoc.Next, sc hostdoc.Schedule, enabled bool, st gateway.TaskStatus, now time.Time) (next time.Time, why string) {
	switch {
	case !enabled:
		return time.Time{}, Disabled
	case st.Status == "Paused":
		return time.Time{}, Paused
	case s == nil:
		return time.Time{}, ""
	}
	from := now
	if !st.StartTime.IsZero() && sc.Every != "" {
		from = st.StartTime
	}
	n := s.Next(from)
	if n.Before(now) && !s.Next(n).After(now) {
		n = s.Next(now)
	}
	return n, ""
}

// Due reports a next run whose time has come while the status read says
// nothing of it yet.
func Due(next, now time.Time) bool { return !next.IsZero() && !next.After(now) }

// Countdown words the time left until next, rounded up to the second, or
// "due" once it is past: never "in 0s" or a negative time.
func Countdown(next, now time.Time) string {
	d := next.Sub(now)
	if d <= 0 {
		return "due"
	}
	return "in " + ((d + time.Second - 1) / time.Second * time.Second).String()
}
