package mockhost

import (
	"fmt"
	"strconv"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost/engine"
)

// Backend is the host's state: one method per function of the protocol
// except hostOpenSession and hostCloseSession, which the handler answers
// itself. *engine.Host implements it. Failures are *gateway.Error carrying
// the status of docs/protocol.md §7.
type Backend interface {
	AgentAlter(option string) error
	AgentGetLogBase64() ([][]byte, error)
	AgentGetStatus() (engine.AgentStatus, error)
	AgentPing() error
	AgentRestart() error
	AgentShutdown() error
	AgentStart() error
	ConfigActivate(name string) error
	ConfigCreate(name string) error
	ConfigDelete(name string) error
	ConfigGetID(cfg, id string) ([]byte, error)
	ConfigGetList() ([]string, error)
	ConfigGetScript(cfg, name string) (string, error)
	ConfigGetStatus(cfg string) (configStatus, taskStatus string, err error)
	ConfigGetTasks(cfg string) (string, error)
	ConfigNewID(cfg, id string, fingerprints []string) error
	ConfigSaveID(cfg, id string, data []byte) error
	ConfigSaveScript(cfg, name, text string) error
	ConfigSaveTasks(cfg, xml string) error
	HostGetMachine() (string, error)
	SharedGetID(id string) ([]byte, error)
	SharedGetPreset(name string) (string, error)
	SharedGetPresetList() ([]string, error)
	SharedGetScript(name string) (string, error)
	SharedNewID(id string, fingerprints []string) error
	SharedSaveID(id string, data []byte) error
	SharedSaveScript(name, text string) error
	TaskGetLogBase64(cfg, task string) ([][]byte, error)
	TaskGetStatus(cfg, task string) (engine.TaskStatus, error)
	TaskPause(cfg, task string) error
	TaskReset(cfg, task string) error
	TaskResume(cfg, task string) error
	TemplateGetList() ([]string, error)
	TemplateGetTask(name string) (string, error)
	TemplateSaveTask(xml string) error
}

var _ Backend = (*engine.Host)(nil)

// call is one checked request on its way to an adapter. The argument count
// is already right, so adapters index args freely.
type call struct {
	fn      string
	args    []gateway.Arg
	session string
	auth    *Auth
	status  gateway.Status // set by an adapter answering other than 1
	message string
}

func (c *call) s(i int) string { return string(c.args[i].Value) }

func (c *call) rest(i int) []string {
	out := make([]string, 0, len(c.args)-i)
	for _, a := range c.args[i:] {
		out = append(out, string(a.Value))
	}
	return out
}

// adapter runs one function on the backend and encodes its results.
type adapter func(b Backend, c *call) ([]gateway.Arg, error)

func none(err error) ([]gateway.Arg, error) { return nil, err }

func one(s string, err error) ([]gateway.Arg, error) {
	if err != nil {
		return nil, err
	}
	return []gateway.Arg{gateway.Text(s)}, nil
}

func oneBytes(b []byte, err error) ([]gateway.Arg, error) {
	if err != nil {
		return nil, err
	}
	return []gateway.Arg{{Value: b}}, nil
}

// oneEncoded answers a log as the engine keeps it, in base64 already.
func oneEncoded(pieces [][]byte, err error) ([]gateway.Arg, error) {
	if err != nil {
		return nil, err
	}
	return []gateway.Arg{{Encoded: pieces}}, nil
}

func list(ss []string, err error) ([]gateway.Arg, error) {
	if err != nil {
		return nil, err
	}
	out := make([]gateway.Arg, len(ss))
	for i, s := range ss {
		out[i] = gateway.Text(s)
	}
	return out, nil
}

// rfc3339 renders a result time per docs/protocol.md §2: UTC, "" when it never happened.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// adapters maps each canonical function name (gateway's registry) to its
// adapter. The list of functions lives in the registry; a test checks that
// every registry function has an entry here and nothing else does.
var adapters = map[string]adapter{
	"agentAlter":  func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.AgentAlter(c.s(1))) },
	"agentGetLog": func(b Backend, c *call) ([]gateway.Arg, error) { return oneEncoded(b.AgentGetLogBase64()) },
	"agentGetStatus": func(b Backend, c *call) ([]gateway.Arg, error) {
		st, err := b.AgentGetStatus()
		if err != nil {
			return nil, err
		}
		return list([]string{st.Agent, st.AppName, st.AppVersion, st.Config, st.ConfigStatus, st.TaskStatus}, nil)
	},
	"agentPing":      func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.AgentPing()) },
	"agentRestart":   func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.AgentRestart()) },
	"agentShutdown":  func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.AgentShutdown()) },
	"agentStart":     func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.AgentStart()) },
	"configActivate": func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.ConfigActivate(c.s(0))) },
	"configCreate":   func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.ConfigCreate(c.s(0))) },
	"configDelete":   func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.ConfigDelete(c.s(0))) },
	"configGetID":    func(b Backend, c *call) ([]gateway.Arg, error) { return oneBytes(b.ConfigGetID(c.s(0), c.s(1))) },
	"configGetList":  func(b Backend, c *call) ([]gateway.Arg, error) { return list(b.ConfigGetList()) },
	"configGetScript": func(b Backend, c *call) ([]gateway.Arg, error) {
		return one(b.ConfigGetScript(c.s(0), c.s(1)))
	},
	"configGetStatus": func(b Backend, c *call) ([]gateway.Arg, error) {
		cs, ts, err := b.ConfigGetStatus(c.s(0))
		return list([]string{cs, ts}, err)
	},
	"configGetTasks": func(b Backend, c *call) ([]gateway.Arg, error) { return one(b.ConfigGetTasks(c.s(0))) },
	"configNewID": func(b Backend, c *call) ([]gateway.Arg, error) {
		return none(b.ConfigNewID(c.s(0), c.s(1), c.rest(2)))
	},
	"configSaveID": func(b Backend, c *call) ([]gateway.Arg, error) {
		return none(b.ConfigSaveID(c.s(0), c.s(1), c.args[2].Value))
	},
	"configSaveScript": func(b Backend, c *call) ([]gateway.Arg, error) {
		return none(b.ConfigSaveScript(c.s(0), c.s(1), c.s(2)))
	},
	"configSaveTasks": func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.ConfigSaveTasks(c.s(0), c.s(1))) },
	"hostCloseSession": func(b Backend, c *call) ([]gateway.Arg, error) {
		return none(c.auth.Sessions.Close(c.fn, c.session))
	},
	"hostGetMachine":  func(b Backend, c *call) ([]gateway.Arg, error) { return one(b.HostGetMachine()) },
	"hostOpenSession": openSession,
	"sharedGetID":     func(b Backend, c *call) ([]gateway.Arg, error) { return oneBytes(b.SharedGetID(c.s(0))) },
	"sharedGetPreset": func(b Backend, c *call) ([]gateway.Arg, error) { return one(b.SharedGetPreset(c.s(0))) },
	"sharedGetPresetList": func(b Backend, c *call) ([]gateway.Arg, error) {
		return list(b.SharedGetPresetList())
	},
	"sharedGetScript": func(b Backend, c *call) ([]gateway.Arg, error) { return one(b.SharedGetScript(c.s(0))) },
	"sharedNewID":     func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.SharedNewID(c.s(0), c.rest(1))) },
	"sharedSaveID": func(b Backend, c *call) ([]gateway.Arg, error) {
		return none(b.SharedSaveID(c.s(0), c.args[1].Value))
	},
	"sharedSaveScript": func(b Backend, c *call) ([]gateway.Arg, error) {
		return none(b.SharedSaveScript(c.s(0), c.s(1)))
	},
	"taskGetLog":    func(b Backend, c *call) ([]gateway.Arg, error) { return oneEncoded(b.TaskGetLogBase64(c.s(0), c.s(1))) },
	"taskGetStatus": taskGetStatus,
	"taskPause":     func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.TaskPause(c.s(0), c.s(1))) },
	"taskReset":     func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.TaskReset(c.s(0), c.s(1))) },
	"taskResume":    func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.TaskResume(c.s(0), c.s(1))) },
	"templateGetList": func(b Backend, c *call) ([]gateway.Arg, error) {
		return list(b.TemplateGetList())
	},
	"templateGetTask":  func(b Backend, c *call) ([]gateway.Arg, error) { return one(b.TemplateGetTask(c.s(0))) },
	"templateSaveTask": func(b Backend, c *call) ([]gateway.Arg, error) { return none(b.TemplateSaveTask(c.s(0))) },
}

// taskGetStatus names its results as the spec shows them (docs/protocol.md §2).
func taskGetStatus(b Backend, c *call) ([]gateway.Arg, error) {
	st, err := b.TaskGetStatus(c.s(0), c.s(1))
	if err != nil {
		return nil, err
	}
	return []gateway.Arg{
		gateway.Named("StartTime", rfc3339(st.StartTime)),
		gateway.Named("EndTime", rfc3339(st.EndTime)),
		gateway.Named("LastErrorTime", rfc3339(st.LastErrorTime)),
		gateway.Named("Status", st.Status),
		gateway.Named("Error", st.Error),
		gateway.Named("ExecCnt", strconv.Itoa(st.ExecCount)),
		gateway.Named("ErrorCnt", strconv.Itoa(st.ErrorCount)),
	}, nil
}

// openSession runs one login round (docs/protocol.md §5): status 2 with prompts
// named prompt-N, 3 when denied, 1 with the session id.
func openSession(_ Backend, c *call) ([]gateway.Arg, error) {
	id, prompts, first, err := c.auth.Open(c.s(0), c.rest(1))
	if err != nil {
		return nil, err
	}
	if prompts != nil {
		out := make([]gateway.Arg, len(prompts))
		for i, p := range prompts {
			out[i] = gateway.Named(fmt.Sprintf("prompt-%d", first+i), p)
		}
		c.status, c.message = gateway.StatusChallenged, "Challenged"
		return out, nil
	}
	return []gateway.Arg{gateway.Text(id)}, nil
}
