package engine

import (
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// AllTasks is the task name that means every task of the configuration,
// for taskPause, taskResume and taskReset only.
const AllTasks = "*"

// TaskGetLog returns a task's log document, oldest entry first. The
// entries are copied from their encoded form, not encoded again.
func (h *Host) TaskGetLog(cfg, task string) ([]byte, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	rts, err := h.tasks("taskGetLog", cfg, task, false)
	if err != nil {
		return nil, err
	}
	empty := hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: cfg, Task: task})
	return rts[0].log.document(empty, h.keep), nil
}

// TaskGetLogBase64 is TaskGetLog in base64, in pieces that join (see
// gateway.Arg.Encoded): most of it as kept, not encoded again.
func (h *Host) TaskGetLogBase64(cfg, task string) ([][]byte, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	rts, err := h.tasks("taskGetLog", cfg, task, false)
	if err != nil {
		return nil, err
	}
	return rts[0].log.encoded(hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: cfg, Task: task})), nil
}

// TaskGetStatus returns a task's status record.
func (h *Host) TaskGetStatus(cfg, task string) (TaskStatus, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	rts, err := h.tasks("taskGetStatus", cfg, task, false)
	if err != nil {
		return TaskStatus{}, err
	}
	rt := rts[0]
	return TaskStatus{StartTime: rt.start, EndTime: rt.end, LastErrorTime: rt.lastErrTime,
		Status: h.taskState(h.configs[cfg], rt), Error: rt.lastError,
		ExecCount: rt.execCount, ErrorCount: rt.errorCount}, nil
}

// TaskPause keeps a task (or every task, with "*") from running until it
// is resumed; a running execution finishes.
func (h *Host) TaskPause(cfg, task string) error {
	return h.eachTask("taskPause", cfg, task, func(c *config, rt *taskRT) error {
		if rt.paused {
			return nil
		}
		rt.paused = true
		stopNext(rt)
		h.note(rt, hostdoc.LevelInfo, "Paused")
		return h.saveRuntime(rt)
	})
}

// TaskResume puts a paused task (or every task, with "*") back on the schedule.
func (h *Host) TaskResume(cfg, task string) error {
	return h.eachTask("taskResume", cfg, task, func(c *config, rt *taskRT) error {
		if !rt.paused {
			return nil
		}
		rt.paused = false
		h.note(rt, hostdoc.LevelInfo, "Resumed")
		if err := h.saveRuntime(rt); err != nil {
			return err
		}
		h.arm(c, rt)
		return nil
	})
}

// TaskReset clears a task's (or every task's, with "*") statistics and
// log. Whether it is paused does not change. An execution in progress is
// dropped, not counted: its start went with the old statistics, so its end
// would be a run without a start.
func (h *Host) TaskReset(cfg, task string) error {
	return h.eachTask("taskReset", cfg, task, func(c *config, rt *taskRT) error {
		dropped := rt.running
		if rt.finish != nil {
			rt.finish.Stop()
		}
		rt.running, rt.runID, rt.finish = 0, 0, nil
		rt.start, rt.end, rt.lastErrTime = time.Time{}, time.Time{}, time.Time{}
		rt.lastError, rt.lastFailed, rt.execCount, rt.errorCount = "", false, 0, 0
		if err := rt.log.reset(); err != nil {
			return err
		}
		if dropped != 0 {
			h.note(rt, hostdoc.LevelWarn, "Statistics reset during execution %d: it is not counted", dropped)
		}
		return h.saveRuntime(rt)
	})
}

// eachTask applies f to one task or, with "*", every task of cfg.
func (h *Host) eachTask(fn, cfg, task string, f func(*config, *taskRT) error) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	rts, err := h.tasks(fn, cfg, task, true)
	if err != nil {
		return err
	}
	c := h.configs[cfg]
	for _, rt := range rts {
		if err := f(c, rt); err != nil {
			return h.storageFail(fn, err)
		}
	}
	return nil
}

// tasks checks the names and the agent, and returns the named task's
// runtime, or every runtime of cfg in document order for "*" when star.
func (h *Host) tasks(fn, cfg, task string, star bool) ([]*taskRT, error) {
	if err := checkName(fn, "configuration", cfg); err != nil {
		return nil, err
	}
	if !(star && task == AllTasks) {
		if err := checkName(fn, "task", task); err != nil {
			return nil, err
		}
	}
	if err := h.needAgent(fn); err != nil {
		return nil, err
	}
	c, err := h.config(fn, cfg)
	if err != nil {
		return nil, err
	}
	if task == AllTasks {
		out := make([]*taskRT, 0, len(c.tasks.Tasks))
		for _, t := range c.tasks.Tasks {
			out = append(out, c.rt[t.Name])
		}
		return out, nil
	}
	rt, ok := c.rt[task]
	if !ok {
		return nil, fail(fn, gateway.StatusNotFound, "task %q does not exist in configuration %q", task, cfg)
	}
	return []*taskRT{rt}, nil
}
