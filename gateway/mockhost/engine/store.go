package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"dpconsole/atomicfile"
	"dpconsole/gateway/hostdoc"
)

// File permissions: documents are readable, ID files hold key material.
const (
	permDoc = 0o644
	permID  = 0o600
	permDir = 0o755
)

const emptyTasks = "<Tasks>\n</Tasks>\n"

func (h *Host) path(parts ...string) string {
	return filepath.Join(append([]string{h.dir}, parts...)...)
}

func (h *Host) configDir(name string, parts ...string) string {
	return h.path(append([]string{"configs", name}, parts...)...)
}

func (h *Host) runtimePath(cfg, task, ext string) string {
	return h.configDir(cfg, "runtime", task+ext)
}

// load reads the whole data directory into memory, removing what a crash
// left half done.
func (h *Host) load() error {
	for _, d := range []string{"configs", "shared/ids", "shared/scripts", "templates", "logs"} {
		if err := os.MkdirAll(h.path(d), permDir); err != nil {
			return err
		}
	}
	for _, d := range []string{"", "shared/ids", "shared/scripts", "templates", "logs"} {
		if err := atomicfile.RemoveTemps(h.path(d)); err != nil {
			return err
		}
	}
	if err := h.loadAgent(); err != nil {
		return err
	}
	ents, err := os.ReadDir(h.path("configs"))
	if err != nil {
		return err
	}
	for _, e := range ents {
		if hidden(e.Name()) {
			// A configuration being created or deleted when the host died.
			if err := os.RemoveAll(h.path("configs", e.Name())); err != nil {
				return err
			}
			continue
		}
		if !e.IsDir() {
			continue
		}
		if err := hostdoc.ValidName("configuration", e.Name()); err != nil {
			return fmt.Errorf("configs/%s: %w; rename or remove it", e.Name(), err)
		}
		if err := h.loadConfig(e.Name()); err != nil {
			return err
		}
	}
	if _, ok := h.configs[h.active]; !ok && h.active != "" {
		h.logf("the active configuration %q does not exist; no configuration is active", h.active)
		h.active = ""
	}
	return h.loadLatestAgentLog()
}

func (h *Host) loadAgent() error {
	if b, err := os.ReadFile(h.path("active")); err == nil {
		h.active = strings.TrimSpace(string(b))
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	h.agent = AgentActive
	b, err := os.ReadFile(h.path("agent"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	switch s := strings.TrimSpace(string(b)); s {
	case AgentActive, AgentDisabled, AgentOffline:
		h.agent = s
	default:
		return fmt.Errorf("agent: state %q is not Active, Disabled or Offline; fix or remove the file", s)
	}
	return nil
}

func (h *Host) loadConfig(name string) error {
	for _, d := range []string{"", "ids", "scripts", "runtime"} {
		if err := os.MkdirAll(h.configDir(name, d), permDir); err != nil {
			return err
		}
		if err := atomicfile.RemoveTemps(h.configDir(name, d)); err != nil {
			return err
		}
	}
	raw, err := os.ReadFile(h.configDir(name, "tasks.xml"))
	if errors.Is(err, fs.ErrNotExist) {
		raw = []byte(emptyTasks)
	} else if err != nil {
		return err
	}
	c, err := newConfig(name, raw)
	if err != nil {
		return fmt.Errorf("configs/%s/tasks.xml: %w; fix or remove it", name, err)
	}
	for _, t := range c.tasks.Tasks {
		rt, err := h.loadRuntime(name, t.Name)
		if err != nil {
			return err
		}
		c.rt[t.Name] = rt
	}
	h.configs[name] = c
	return nil
}

// newConfig parses a tasks document into a configuration without runtimes.
func newConfig(name string, raw []byte) (*config, error) {
	ts, err := hostdoc.ParseTasks(raw)
	if err != nil {
		return nil, err
	}
	c := &config{name: name, raw: string(raw), tasks: ts, sched: map[string]hostdoc.Next{}, rt: map[string]*taskRT{}}
	for _, t := range ts.Tasks {
		n, err := t.Schedule.Compile()
		if err != nil { // ParseTasks validated it; kept for safety
			return nil, err
		}
		c.sched[t.Name] = n
	}
	return c, nil
}

func (h *Host) loadRuntime(cfg, task string) (*taskRT, error) {
	rt := &taskRT{cfg: cfg, name: task}
	p := h.runtimePath(cfg, task, ".json")
	b, err := os.ReadFile(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		var f runtimeFile
		if err := json.Unmarshal(b, &f); err != nil {
			return nil, fmt.Errorf("configs/%s/runtime/%s.json: %w; fix or remove it", cfg, task, err)
		}
		rt.paused, rt.start, rt.end, rt.lastErrTime = f.Paused, f.StartTime, f.EndTime, f.LastErrorTime
		rt.lastError, rt.lastFailed, rt.execCount, rt.errorCount = f.LastError, f.LastFailed, f.ExecCount, f.ErrorCount
	}
	rt.log, err = loadLog(h.runtimePath(cfg, task, ".log"), h.keep)
	if err != nil {
		return nil, err
	}
	return rt, nil
}

// Agent logs are named by their start time; the layout sorts by time.
const agentLogLayout = "20060102T150405.000Z"

// keptAgentLogs is how many agent logs stay on disk.
const keptAgentLogs = 20

func (h *Host) loadLatestAgentLog() error {
	names, err := listNames(h.path("logs"), ".log", false)
	if err != nil {
		return err
	}
	sort.Strings(names)
	for i := len(names) - 1; i >= 0; i-- {
		started, err := time.Parse(agentLogLayout, strings.TrimPrefix(names[i], "agent-"))
		if err != nil {
			continue
		}
		l, err := loadLog(h.path("logs", names[i]+".log"), h.keep)
		if err != nil {
			return err
		}
		l.started = started
		h.agentLog = l
		return nil
	}
	return nil
}

// newAgentLog begins the log of a new agent start and prunes old ones.
func (h *Host) newAgentLog(first string) error {
	now := h.clock.Now().UTC()
	name := "agent-" + now.Format(agentLogLayout)
	p := h.path("logs", name+".log")
	for i := 2; ; i++ { // two starts within a millisecond get distinct files
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			break
		}
		p = h.path("logs", fmt.Sprintf("%s-%d.log", name, i))
	}
	if err := atomicfile.WriteFile(p, nil, permDoc); err != nil {
		return err
	}
	h.agentLog = &logStream{path: p, started: now}
	h.agentNote(hostdoc.LevelInfo, fmt.Sprintf("%s: %s %s, agent %s, active configuration %q",
		first, h.app[0], h.app[1], h.agent, h.active))
	names, err := listNames(h.path("logs"), ".log", false)
	if err != nil {
		return err
	}
	sort.Strings(names)
	for len(names) > keptAgentLogs {
		if err := os.Remove(h.path("logs", names[0]+".log")); err != nil {
			return err
		}
		names = names[1:]
	}
	return nil
}

// agentNote adds an entry to the current agent log; a failed append is
// logged, not returned, because the state change it records already happened.
func (h *Host) agentNote(level, text string) {
	if h.agentLog == nil {
		return
	}
	if err := h.agentLog.add(hostdoc.Entry{Time: h.clock.Now(), Level: level, Text: text}, h.keep); err != nil {
		h.logf("agent log: %v", err)
	}
}

// writeState persists the agent's state and the active configuration.
func (h *Host) writeState() error {
	if err := atomicfile.WriteFile(h.path("agent"), []byte(h.agent+"\n"), permDoc); err != nil {
		return err
	}
	return atomicfile.WriteFile(h.path("active"), []byte(h.active+"\n"), permDoc)
}
