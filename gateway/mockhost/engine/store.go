package engine

import (
	"cmp"
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
// left half done. An item it cannot read (a name over the limits, a
// document that does not parse, a directory where a file belongs) is
// skipped with a note, so one bad item never keeps the host from starting
// (docs/protocol.md §6); only a data directory that cannot be used at all
// is an error.
func (h *Host) load() error {
	for _, d := range []string{"configs", "shared/ids", "shared/scripts", "templates", "logs"} {
		if err := os.MkdirAll(h.path(d), permDir); err != nil {
			return fmt.Errorf("%s: %w", d, h.rel(err))
		}
	}
	for _, d := range []string{"", "shared/ids", "shared/scripts", "templates", "logs"} {
		h.removeTemps(d)
	}
	h.loadAgent()
	ents, err := os.ReadDir(h.path("configs"))
	if err != nil {
		return fmt.Errorf("configs: %w", h.rel(err))
	}
	for _, e := range ents {
		name := e.Name()
		if hidden(name) {
			// A configuration being created or deleted when the host died.
			if err := os.RemoveAll(h.path("configs", name)); err != nil {
				h.logf("configs/%s: removing a leftover: %v", name, h.rel(err))
			}
			continue
		}
		if !e.IsDir() {
			continue
		}
		if err := hostdoc.ValidName("configuration", name); err != nil {
			h.logf("skipping configs/%s: %v; rename or remove it", name, err)
			continue
		}
		if err := h.loadConfig(name); err != nil {
			h.logf("skipping configs/%s: %v; fix or remove it", name, h.rel(err))
		}
	}
	if _, ok := h.configs[h.active]; !ok && h.active != "" {
		h.logf("the active configuration %q does not exist; no configuration is active", h.active)
		h.active = ""
	}
	for _, d := range []string{"shared/ids", "shared/scripts"} {
		h.noteBadNames(d, "")
	}
	h.noteBadNames("templates", ".xml")
	h.loadLatestAgentLog()
	return nil
}

// removeTemps deletes temporary files a crash left in the directory rel.
func (h *Host) removeTemps(rel string) {
	if err := atomicfile.RemoveTemps(h.path(rel)); err != nil {
		h.logf("%s: removing temporary files: %v", cmp.Or(rel, "."), h.rel(err))
	}
}

// noteBadNames says which items of the directory rel no function can reach:
// lists leave them out, so without a note they would vanish silently.
func (h *Host) noteBadNames(rel, suffix string) {
	ents, err := os.ReadDir(h.path(rel))
	if err != nil {
		h.logf("%s: %v", rel, h.rel(err))
		return
	}
	for _, e := range ents {
		n := e.Name()
		if hidden(n) || e.IsDir() || !strings.HasSuffix(n, suffix) {
			continue
		}
		if err := hostdoc.ValidName("item", strings.TrimSuffix(n, suffix)); err != nil {
			h.logf("skipping %s/%s: %v; rename or remove it", rel, n, err)
		}
	}
}

// loadAgent reads the agent's state and the active configuration; an
// unreadable file is noted and the defaults (Active, none) are kept.
func (h *Host) loadAgent() {
	h.agent = AgentActive
	if b, err := os.ReadFile(h.path("active")); err == nil {
		h.active = strings.TrimSpace(string(b))
	} else if !errors.Is(err, fs.ErrNotExist) {
		h.logf("active: %v; no configuration is active", h.rel(err))
	}
	b, err := os.ReadFile(h.path("agent"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		h.logf("agent: %v; the agent starts Active", h.rel(err))
	default:
		switch s := strings.TrimSpace(string(b)); s {
		case AgentActive, AgentDisabled, AgentOffline:
			h.agent = s
		default:
			h.logf("agent: state %q is not Active, Disabled or Offline; the agent starts Active", clipNote(s))
		}
	}
}

// clipNote shortens file contents quoted in a note.
func clipNote(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// loadConfig reads one configuration. An error skips the configuration; a
// bad runtime or log of one task only loses that task's history.
func (h *Host) loadConfig(name string) error {
	for _, d := range []string{"", "ids", "scripts", "runtime"} {
		if err := os.MkdirAll(h.configDir(name, d), permDir); err != nil {
			return err
		}
		h.removeTemps(filepath.Join("configs", name, d))
	}
	raw, err := os.ReadFile(h.configDir(name, "tasks.xml"))
	if errors.Is(err, fs.ErrNotExist) {
		raw = []byte(emptyTasks)
	} else if err != nil {
		return err
	}
	c, err := newConfig(name, raw)
	if err != nil {
		return fmt.Errorf("tasks.xml: %w", err)
	}
	for _, t := range c.tasks.Tasks {
		c.rt[t.Name] = h.loadRuntime(name, t.Name)
	}
	h.noteBadNames(filepath.Join("configs", name, "ids"), "")
	h.noteBadNames(filepath.Join("configs", name, "scripts"), "")
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

// loadRuntime reads a task's runtime and log. What cannot be read is
// noted and starts fresh; the next save replaces it.
func (h *Host) loadRuntime(cfg, task string) *taskRT {
	rt := &taskRT{cfg: cfg, name: task}
	rel := filepath.Join("configs", cfg, "runtime", task)
	b, err := os.ReadFile(h.runtimePath(cfg, task, ".json"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		h.logf("%s.json: %v; the task's statistics start afresh", rel, h.rel(err))
	default:
		var f runtimeFile
		if err := json.Unmarshal(b, &f); err != nil {
			h.logf("%s.json: %v; the task's statistics start afresh", rel, err)
			break
		}
		rt.paused, rt.start, rt.end, rt.lastErrTime = f.Paused, f.StartTime, f.EndTime, f.LastErrorTime
		rt.lastError, rt.lastFailed, rt.execCount, rt.errorCount = f.LastError, f.LastFailed, f.ExecCount, f.ErrorCount
	}
	p := h.runtimePath(cfg, task, ".log")
	if rt.log, err = loadLog(p, h.keep); err != nil {
		h.logf("%s.log: %v; the task's log starts empty", rel, h.rel(err))
		rt.log = &logStream{path: p}
	}
	return rt
}

// Agent logs are named by their start time; the layout sorts by time.
const agentLogLayout = "20060102T150405.000Z"

// keptAgentLogs is how many agent logs stay on disk.
const keptAgentLogs = 20

// loadLatestAgentLog reads the newest agent log that can be read.
func (h *Host) loadLatestAgentLog() {
	names, err := listNames(h.path("logs"), ".log", false)
	if err != nil {
		h.logf("logs: %v", h.rel(err))
		return
	}
	sort.Strings(names)
	for i := len(names) - 1; i >= 0; i-- {
		started, err := time.Parse(agentLogLayout, strings.TrimPrefix(names[i], "agent-"))
		if err != nil {
			continue
		}
		l, err := loadLog(h.path("logs", names[i]+".log"), h.keep)
		if err != nil {
			h.logf("skipping logs/%s.log: %v", names[i], h.rel(err))
			continue
		}
		l.started = started
		h.agentLog = l
		return
	}
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
