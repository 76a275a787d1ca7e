package gateway

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// AgentStatus is the answer of agentGetStatus.
type AgentStatus struct {
	Agent        string // Active, Disabled or Offline
	AppName      string
	AppVersion   string
	Config       string // the active configuration
	ConfigStatus string // Active, Disabled or Idle
	TaskStatus   string // Errors or Normal
}

// ConfigStatus is the answer of configGetStatus.
type ConfigStatus struct {
	Config string // Active, Disabled or Idle
	Tasks  string // Errors or Normal
}

// TaskStatus is the answer of taskGetStatus. Zero times never happened.
type TaskStatus struct {
	StartTime     time.Time
	EndTime       time.Time
	LastErrorTime time.Time
	Status        string // Error, Executing, Idle, Paused or Waiting
	Error         string
	ExecCount     int
	ErrorCount    int
}

// call runs a function and checks it answered at least want results.
func (c *Client) call(ctx context.Context, fn string, want int, args ...Arg) ([]Arg, error) {
	resp, err := c.Call(ctx, fn, args...)
	if err != nil {
		return nil, err
	}
	if len(resp.Results) < want {
		return nil, &Error{Function: fn, Status: resp.Status,
			Message: fmt.Sprintf("answered %d results, expected %d", len(resp.Results), want)}
	}
	return resp.Results, nil
}

func (c *Client) exec(ctx context.Context, fn string, args ...string) error {
	_, err := c.call(ctx, fn, 0, texts(args)...)
	return err
}

func (c *Client) one(ctx context.Context, fn string, args ...string) ([]byte, error) {
	res, err := c.call(ctx, fn, 1, texts(args)...)
	if err != nil {
		return nil, err
	}
	return res[0].Value, nil
}

func (c *Client) oneString(ctx context.Context, fn string, args ...string) (string, error) {
	b, err := c.one(ctx, fn, args...)
	return string(b), err
}

func (c *Client) list(ctx context.Context, fn string) ([]string, error) {
	res, err := c.call(ctx, fn, 0)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(res))
	for i, r := range res {
		out[i] = string(r.Value)
	}
	return out, nil
}

func texts(ss []string) []Arg {
	out := make([]Arg, len(ss))
	for i, s := range ss {
		out[i] = Text(s)
	}
	return out
}

// AgentAlter enables or disables the agent ("Enable" or "Disable").
func (c *Client) AgentAlter(ctx context.Context, option string) error {
	return c.exec(ctx, "agentAlter", option)
}

// AgentGetLog returns the agent's master log, an XML document.
func (c *Client) AgentGetLog(ctx context.Context) (string, error) {
	return c.oneString(ctx, "agentGetLog")
}

// AgentGetStatus returns the agent's state and the active configuration.
func (c *Client) AgentGetStatus(ctx context.Context) (AgentStatus, error) {
	res, err := c.call(ctx, "agentGetStatus", 6)
	if err != nil {
		return AgentStatus{}, err
	}
	return AgentStatus{Agent: string(res[0].Value), AppName: string(res[1].Value), AppVersion: string(res[2].Value),
		Config: string(res[3].Value), ConfigStatus: string(res[4].Value), TaskStatus: string(res[5].Value)}, nil
}

// AgentPing pings the agent; it needs no session.
func (c *Client) AgentPing(ctx context.Context) error { return c.exec(ctx, "agentPing") }

// AgentRestart restarts the agent.
func (c *Client) AgentRestart(ctx context.Context) error { return c.exec(ctx, "agentRestart") }

// AgentShutdown stops the agent.
func (c *Client) AgentShutdown(ctx context.Context) error { return c.exec(ctx, "agentShutdown") }

// AgentStart starts a stopped agent.
func (c *Client) AgentStart(ctx context.Context) error { return c.exec(ctx, "agentStart") }

// ConfigActivate makes a configuration the one the agent runs.
func (c *Client) ConfigActivate(ctx context.Context, name string) error {
	return c.exec(ctx, "configActivate", name)
}

// ConfigCreate creates an empty configuration.
func (c *Client) ConfigCreate(ctx context.Context, name string) error {
	return c.exec(ctx, "configCreate", name)
}

// ConfigDelete deletes a configuration with its tasks, logs and status.
func (c *Client) ConfigDelete(ctx context.Context, name string) error {
	return c.exec(ctx, "configDelete", name)
}

// ConfigGetID returns the bytes of an ID of a configuration.
func (c *Client) ConfigGetID(ctx context.Context, config, id string) ([]byte, error) {
	return c.one(ctx, "configGetID", config, id)
}

// ConfigGetList returns the names of all configurations.
func (c *Client) ConfigGetList(ctx context.Context) ([]string, error) {
	return c.list(ctx, "configGetList")
}

// ConfigGetScript returns a script of a configuration.
func (c *Client) ConfigGetScript(ctx context.Context, config, name string) (string, error) {
	return c.oneString(ctx, "configGetScript", config, name)
}

// ConfigGetStatus returns a configuration's runtime status.
func (c *Client) ConfigGetStatus(ctx context.Context, config string) (ConfigStatus, error) {
	res, err := c.call(ctx, "configGetStatus", 2, Text(config))
	if err != nil {
		return ConfigStatus{}, err
	}
	return ConfigStatus{Config: string(res[0].Value), Tasks: string(res[1].Value)}, nil
}

// ConfigGetTasks returns a configuration's tasks document.
func (c *Client) ConfigGetTasks(ctx context.Context, config string) (string, error) {
	return c.oneString(ctx, "configGetTasks", config)
}

// ConfigNewID creates an ID in a configuration, bound to the given
// <Machine> fingerprints, or to the host itself when none are given.
func (c *Client) ConfigNewID(ctx context.Context, config, id string, fingerprints ...string) error {
	return c.exec(ctx, "configNewID", append([]string{config, id}, fingerprints...)...)
}

// ConfigSaveID stores an ID's bytes in a configuration.
func (c *Client) ConfigSaveID(ctx context.Context, config, id string, data []byte) error {
	_, err := c.call(ctx, "configSaveID", 0, Text(config), Text(id), Arg{Value: data})
	return err
}

// ConfigSaveScript stores a script in a configuration.
func (c *Client) ConfigSaveScript(ctx context.Context, config, name, text string) error {
	return c.exec(ctx, "configSaveScript", config, name, text)
}

// ConfigSaveTasks replaces a configuration's tasks document.
func (c *Client) ConfigSaveTasks(ctx context.Context, config, tasksXML string) error {
	return c.exec(ctx, "configSaveTasks", config, tasksXML)
}

// HostGetMachine returns the host's <Machine> fingerprint document.
func (c *Client) HostGetMachine(ctx context.Context) (string, error) {
	return c.oneString(ctx, "hostGetMachine")
}

// SharedGetID returns the bytes of a shared ID.
func (c *Client) SharedGetID(ctx context.Context, id string) ([]byte, error) {
	return c.one(ctx, "sharedGetID", id)
}

// SharedGetPreset returns a rule preset document.
func (c *Client) SharedGetPreset(ctx context.Context, name string) (string, error) {
	return c.oneString(ctx, "sharedGetPreset", name)
}

// SharedGetPresetList returns the names of the rule presets.
func (c *Client) SharedGetPresetList(ctx context.Context) ([]string, error) {
	return c.list(ctx, "sharedGetPresetList")
}

// SharedGetScript returns a shared script.
func (c *Client) SharedGetScript(ctx context.Context, name string) (string, error) {
	return c.oneString(ctx, "sharedGetScript", name)
}

// SharedNewID creates a shared ID bound to the given fingerprints.
func (c *Client) SharedNewID(ctx context.Context, id string, fingerprints ...string) error {
	return c.exec(ctx, "sharedNewID", append([]string{id}, fingerprints...)...)
}

// SharedSaveID stores a shared ID's bytes.
func (c *Client) SharedSaveID(ctx context.Context, id string, data []byte) error {
	_, err := c.call(ctx, "sharedSaveID", 0, Text(id), Arg{Value: data})
	return err
}

// SharedSaveScript stores a shared script.
func (c *Client) SharedSaveScript(ctx context.Context, name, text string) error {
	return c.exec(ctx, "sharedSaveScript", name, text)
}

// TaskGetLog returns a task's log document.
func (c *Client) TaskGetLog(ctx context.Context, config, task string) (string, error) {
	return c.oneString(ctx, "taskGetLog", config, task)
}

// TaskGetStatus returns a task's status record. Results are read by name
// where the host names them, else by the spec's order.
func (c *Client) TaskGetStatus(ctx context.Context, config, task string) (TaskStatus, error) {
	res, err := c.call(ctx, "taskGetStatus", 7, Text(config), Text(task))
	if err != nil {
		return TaskStatus{}, err
	}
	get := func(i int, name string) string {
		for _, r := range res {
			if r.Name == name {
				return string(r.Value)
			}
		}
		return string(res[i].Value)
	}
	var ts TaskStatus
	var perr error
	parseTime := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339, s)
		switch {
		case err != nil && perr == nil:
			perr = fmt.Errorf("time %q is not RFC 3339", s)
		case t.IsZero(): // 0001-01-01T00:00:00Z: a zero value sent for "never"
			return time.Time{}
		case t.Year() < 1970 && perr == nil:
			perr = fmt.Errorf("time %q is before 1970", s)
		}
		return t
	}
	parseInt := func(s string) int {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil && perr == nil:
			perr = fmt.Errorf("count %q is not a number", s)
		case n < 0 && perr == nil:
			perr = fmt.Errorf("count %q is negative", s)
		}
		return n
	}
	ts.StartTime = parseTime(get(0, "StartTime"))
	ts.EndTime = parseTime(get(1, "EndTime"))
	ts.LastErrorTime = parseTime(get(2, "LastErrorTime"))
	ts.Status = get(3, "Status")
	ts.Error = get(4, "Error")
	ts.ExecCount = parseInt(get(5, "ExecCnt"))
	ts.ErrorCount = parseInt(get(6, "ErrorCnt"))
	if perr != nil {
		return ts, &Error{Function: "taskGetStatus", Status: StatusOK, Message: perr.Error()}
	}
	return ts, nil
}

// TaskPause pauses a task, or every task with "*".
func (c *Client) TaskPause(ctx context.Context, config, task string) error {
	return c.exec(ctx, "taskPause", config, task)
}

// TaskReset clears a task's statistics and log, or every task's with "*".
func (c *Client) TaskReset(ctx context.Context, config, task string) error {
	return c.exec(ctx, "taskReset", config, task)
}

// TaskResume resumes a paused task, or every task with "*".
func (c *Client) TaskResume(ctx context.Context, config, task string) error {
	return c.exec(ctx, "taskResume", config, task)
}

// TemplateGetList returns the names of the task templates.
func (c *Client) TemplateGetList(ctx context.Context) ([]string, error) {
	return c.list(ctx, "templateGetList")
}

// TemplateGetTask returns a template's <Task> element.
func (c *Client) TemplateGetTask(ctx context.Context, name string) (string, error) {
	return c.oneString(ctx, "templateGetTask", name)
}

// TemplateSaveTask saves a <Task> element as a template named by its name.
func (c *Client) TemplateSaveTask(ctx context.Context, taskXML string) error {
	return c.exec(ctx, "templateSaveTask", taskXML)
}
