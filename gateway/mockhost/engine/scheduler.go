package engine

import (
	"errors"
	"fmt"
	"os"
	"time"

	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/mockhost/clock"
)

// Bounds of an execution's simulated duration.
const (
	minRun = 200 * time.Millisecond
	maxRun = 2 * time.Second
)

// taskRT is one task's runtime: persisted status and counters, the log,
// and the timers of its next run and of its running execution.
type taskRT struct {
	cfg, name string

	paused                  bool
	start, end, lastErrTime time.Time
	lastError               string
	lastFailed              bool
	execCount, errorCount   int
	log                     *logStream

	next    clock.Timer // the next scheduled run
	nextGen uint64      // bumped whenever next is replaced, so a stale firing is ignored
	running int         // number of the running execution, 0 when none
	runID   uint64      // identifies the running execution to its finish timer
	finish  clock.Timer

	ver     uint64 // bumped on every change of the persisted fields
	diskVer uint64 // the version on disk; guarded by Host.ioMu, not Host.mu
}

// note adds an entry to a task's log.
func (h *Host) note(rt *taskRT, level, format string, args ...any) {
	e := hostdoc.Entry{Time: h.clock.Now(), Level: level, Text: fmt.Sprintf(format, args...)}
	if err := rt.log.add(e, h.keep); err != nil {
		h.logf("task %s/%s: log: %v", rt.cfg, rt.name, err)
	}
}

// runnable reports whether a task should be on the schedule now.
func (h *Host) runnable(c *config, rt *taskRT) (*hostdoc.Task, bool) {
	if h.closed || !h.started || h.agent != AgentActive || c.name != h.active || rt.paused {
		return nil, false
	}
	t := c.tasks.Find(rt.name)
	if t == nil || !t.Enabled || c.rt[rt.name] != rt || h.configs[c.name] != c {
		return nil, false
	}
	return t, true
}

// armAll puts every runnable task of the active configuration on the schedule.
func (h *Host) armAll() {
	c, ok := h.configs[h.active]
	if !ok {
		return
	}
	for _, t := range c.tasks.Tasks {
		h.arm(c, c.rt[t.Name])
	}
}

// arm (re)sets a task's next run from now, or clears it when the task
// should not run.
func (h *Host) arm(c *config, rt *taskRT) {
	stopNext(rt)
	if _, ok := h.runnable(c, rt); !ok {
		return
	}
	now := h.clock.Now()
	at := c.sched[rt.name].Next(now)
	if at.IsZero() {
		return
	}
	gen := rt.nextGen
	rt.next = h.clock.AfterFunc(at.Sub(now), func() { h.fire(c, rt, gen) })
}

// stopNext cancels a task's next run.
func stopNext(rt *taskRT) {
	if rt.next != nil {
		rt.next.Stop()
		rt.next = nil
	}
	rt.nextGen++
}

// stopAll takes every task of every configuration off the schedule and
// ends running executions.
func (h *Host) stopAll(reason string) {
	for _, c := range h.configs {
		for _, rt := range c.rt {
			stopNext(rt)
			h.abort(rt, reason)
		}
	}
}

// fire runs when a task falls due.
func (h *Host) fire(c *config, rt *taskRT, gen uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if rt.nextGen != gen {
		return // cancelled or re-armed after this timer was set
	}
	rt.next = nil
	t, ok := h.runnable(c, rt)
	if !ok {
		return
	}
	h.arm(c, rt)
	if rt.running != 0 {
		h.note(rt, hostdoc.LevelWarn, "Skipped a run: execution %d is still running", rt.running)
		return
	}
	h.begin(c, rt, t)
}

// begin starts an execution: it checks the ID and script, logs the steps
// and sets the timer of its end.
func (h *Host) begin(c *config, rt *taskRT, t *hostdoc.Task) {
	n := rt.execCount + 1
	h.runSeq++
	id := h.runSeq
	rt.running, rt.runID, rt.start = n, id, h.clock.Now()
	h.note(rt, hostdoc.LevelInfo, "Execution %d started (%s)", n, t.Schedule)
	for _, need := range []struct{ kind, sub, name string }{{"ID", "ids", t.ID}, {"Script", "scripts", t.Script}} {
		if need.name == "" {
			continue
		}
		where, err := h.resolve(c.name, need.sub, need.name)
		if err != nil {
			h.end(rt, fmt.Sprintf("%s %s not found in configuration %q or the shared area", need.kind, need.name, c.name))
			return
		}
		h.note(rt, hostdoc.LevelDebug, "Using %s %s from %s", need.kind, need.name, where)
	}
	if a := t.Action; a.Type != "" {
		h.note(rt, hostdoc.LevelInfo, "Action %s: %s -> %s", a.Type, orDash(a.Source), orDash(a.Target))
	}
	d := minRun + time.Duration(h.rnd.Int64N(int64(maxRun-minRun)))
	rt.finish = h.clock.AfterFunc(d, func() { h.finishRun(c, rt, id) })
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// resolve finds an ID or script in the configuration, then the shared area.
func (h *Host) resolve(cfg, sub, name string) (string, error) {
	if _, err := os.Stat(h.configDir(cfg, sub, name)); err == nil {
		return fmt.Sprintf("configuration %q", cfg), nil
	}
	if _, err := os.Stat(h.path("shared", sub, name)); err == nil {
		return "the shared area", nil
	}
	return "", errors.New("not found")
}

// finishRun ends an execution when its simulated duration is over.
func (h *Host) finishRun(c *config, rt *taskRT, id uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || rt.runID != id || rt.running == 0 {
		return
	}
	rt.finish = nil
	t := c.tasks.Find(rt.name)
	msg := ""
	if t != nil {
		sim := t.Simulate
		switch {
		case sim.FailEvery > 0 && rt.running%sim.FailEvery == 0:
			msg = fmt.Sprintf("simulated failure (every %d executions)", sim.FailEvery)
		case sim.FailRate > 0 && h.rnd.Float64() < sim.FailRate:
			msg = fmt.Sprintf("simulated failure (rate %g)", sim.FailRate)
		}
	}
	h.end(rt, msg)
}

// end records the outcome of the running execution; msg is empty on success.
func (h *Host) end(rt *taskRT, msg string) {
	now := h.clock.Now()
	n := rt.running
	rt.running, rt.finish, rt.end = 0, nil, now
	rt.execCount++
	if msg != "" {
		rt.errorCount++
		rt.lastErrTime, rt.lastError, rt.lastFailed = now, msg, true
		h.note(rt, hostdoc.LevelError, "Execution %d failed: %s", n, msg)
		h.agentNote(hostdoc.LevelWarn, fmt.Sprintf("Task %s/%s: execution %d failed: %s", rt.cfg, rt.name, n, msg))
	} else {
		rt.lastFailed = false
		h.note(rt, hostdoc.LevelInfo, "Execution %d finished in %v", n, runTime(rt.start, now))
	}
	h.persist(rt)
}

// runTime is an execution's duration for its log entry, never negative
// and never the overflow of a zero start.
func runTime(start, end time.Time) time.Duration {
	if start.IsZero() || end.Before(start) {
		return 0
	}
	return end.Sub(start).Round(time.Millisecond)
}

// abort ends a running execution without counting it.
func (h *Host) abort(rt *taskRT, reason string) {
	if rt.running == 0 {
		return
	}
	if rt.finish != nil {
		rt.finish.Stop()
	}
	h.note(rt, hostdoc.LevelWarn, "Execution %d interrupted: %s", rt.running, reason)
	rt.running, rt.finish, rt.end = 0, nil, h.clock.Now()
	h.persist(rt)
}

// taskState words a task's state for taskGetStatus (docs/protocol.md §8: a
// Disabled or Offline agent shows every task Idle).
func (h *Host) taskState(c *config, rt *taskRT) string {
	switch {
	case h.agent != AgentActive:
		return TaskIdle
	case rt.running != 0:
		return TaskExecuting
	case rt.paused:
		return TaskPaused
	case c.name != h.active:
		return TaskIdle
	}
	if t := c.tasks.Find(rt.name); t == nil || !t.Enabled {
		return TaskIdle
	}
	if rt.lastFailed {
		return TaskError
	}
	return TaskWaiting
}

// statuses words a configuration's config-status and task-status.
func (h *Host) statuses(c *config) (string, string) {
	cs := "Idle"
	if c.name == h.active {
		switch h.agent {
		case AgentActive:
			cs = "Active"
		case AgentDisabled:
			cs = "Disabled"
		}
	}
	ts := "Normal"
	for _, rt := range c.rt {
		if rt.lastFailed {
			ts = "Errors"
			break
		}
	}
	return cs, ts
}
