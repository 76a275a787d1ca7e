package schedule

import (
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

func TestWords(t *testing.T) {
	for in, want := range map[hostdoc.Schedule]string{
		{Every: "30s"}: "every 30 seconds", {Every: "1h"}: "every hour", {Every: "1m"}: "every minute",
		{Every: "2h5m"}: "every 2 hours 5 minutes", {Cron: "0 1 * * *"}: "cron 0 1 * * * (UTC)",
	} {
		if got := Words(in); got != want {
			t.Errorf("%+v: %q, want %q", in, got, want)
		}
	}
}

func TestNext(t *testing.T) {
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	every := hostdoc.Schedule{Every: "30s"}
	for _, tc := range []struct {
		name    string
		sc      hostdoc.Schedule
		enabled bool
		st      gateway.TaskStatus
		want    time.Time
		why     string
	}{
		{"from the last start", every, true, gateway.TaskStatus{StartTime: now.Add(-10 * time.Second)}, now.Add(20 * time.Second), ""},
		{"never run", every, true, gateway.TaskStatus{}, now.Add(30 * time.Second), ""},
		{"overdue starts from now", every, true, gateway.TaskStatus{StartTime: now.Add(-time.Hour)}, now.Add(30 * time.Second), ""},
		// Due 5s ago, and the status read does not show that run yet: it
		// stays the next run, rather than the one after it.
		{"due, not yet seen", every, true, gateway.TaskStatus{StartTime: now.Add(-35 * time.Second)}, now.Add(-5 * time.Second), ""},
		{"cron from now", hostdoc.Schedule{Cron: "0 1 * * *"}, true, gateway.TaskStatus{StartTime: now.Add(-time.Minute)},
			time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC), ""},
		{"disabled", every, false, gateway.TaskStatus{}, time.Time{}, Disabled},
		{"paused", every, true, gateway.TaskStatus{Status: "Paused"}, time.Time{}, Paused},
		{"broken", hostdoc.Schedule{Every: "soon"}, true, gateway.TaskStatus{}, time.Time{}, ""},
	} {
		got, why := Next(tc.sc, tc.enabled, tc.st, now)
		if !got.Equal(tc.want) || why != tc.why {
			t.Errorf("%s: %v %q, want %v %q", tc.name, got, why, tc.want, tc.why)
		}
	}
}

func TestUnscheduled(t *testing.T) {
	for _, tc := range []struct{ config, active, agent, want string }{
		{"production", "production", "Active", ""},
		{"staging", "production", "Active", "not scheduled: production is the active configuration"},
		{"production", "production", "Disabled", "not scheduled: the agent is Disabled"},
		{"production", "production", "Offline", "not scheduled: the agent is Offline"},
		{"staging", "", "Active", "not scheduled: no configuration is active"},
		{"staging", "production", "", ""}, // not known yet
	} {
		if got := Unscheduled(tc.config, tc.active, tc.agent); got != tc.want {
			t.Errorf("%+v: %q", tc, got)
		}
	}
}

// TestCountdown: never "in 0s" nor a negative time; the time left is
// rounded up, so "in 1s" is the last before "due".
func TestCountdown(t *testing.T) {
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{
		5 * time.Second: "in 5s", 400 * time.Millisecond: "in 1s", 4200 * time.Millisecond: "in 5s",
		0: "due", -3 * time.Second: "due",
	} {
		if got := Countdown(now.Add(d), now); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
	if !Due(now, now) || Due(now.Add(time.Second), now) || Due(time.Time{}, now) {
		t.Error("Due")
	}
}
