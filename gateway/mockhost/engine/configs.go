package engine

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"dpconsole/atomicfile"
	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// ConfigActivate makes a configuration the one the agent runs. Running
// executions of the previous one end.
func (h *Host) ConfigActivate(name string) error {
	const fn = "configActivate"
	if err := checkName(fn, "configuration", name); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.needAgent(fn); err != nil {
		return err
	}
	if _, err := h.config(fn, name); err != nil {
		return err
	}
	if name == h.active {
		return nil
	}
	prev := h.active
	h.active = name
	if err := h.writeState(); err != nil {
		h.active = prev
		return h.storageFail(fn, err)
	}
	h.stopAll(fmt.Sprintf("configuration %q was activated", name))
	h.agentNote(hostdoc.LevelInfo, fmt.Sprintf("Configuration %q activated", name))
	h.armAll()
	return nil
}

// ConfigCreate makes an empty configuration. It is built in a hidden
// directory and renamed into place, so it never appears half made.
func (h *Host) ConfigCreate(name string) error {
	const fn = "configCreate"
	if err := checkName(fn, "configuration", name); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.configs[name]; ok {
		return fail(fn, gateway.StatusExists, "configuration %q already exists", name)
	}
	if err := h.makeConfigDir(name); err != nil {
		return h.storageFail(fn, err)
	}
	c, err := newConfig(name, []byte(emptyTasks))
	if err != nil {
		return h.storageFail(fn, err)
	}
	h.configs[name] = c
	h.agentNote(hostdoc.LevelInfo, fmt.Sprintf("Configuration %q created", name))
	return nil
}

func (h *Host) makeConfigDir(name string) error {
	tmp := h.path("configs", ".new-"+name+"-"+randHex(4))
	for _, d := range []string{"ids", "scripts", "runtime"} {
		if err := os.MkdirAll(filepath.Join(tmp, d), permDir); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	// WriteFile fsyncs tmp, which also makes the subdirectories durable.
	if err := atomicfile.WriteFile(filepath.Join(tmp, "tasks.xml"), []byte(emptyTasks), permDoc); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Rename(tmp, h.configDir(name)); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return atomicfile.SyncDir(h.path("configs"))
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ConfigDelete removes a configuration that is not the active one.
func (h *Host) ConfigDelete(name string) error {
	const fn = "configDelete"
	if err := checkName(fn, "configuration", name); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	c, err := h.config(fn, name)
	if err != nil {
		return err
	}
	if name == h.active {
		return fail(fn, gateway.StatusGeneral, "configuration %q is active and cannot be deleted; activate another configuration first", name)
	}
	gone := h.path("configs", ".del-"+name+"-"+randHex(4))
	if err := os.Rename(h.configDir(name), gone); err != nil {
		return h.storageFail(fn, err)
	}
	if err := atomicfile.SyncDir(h.path("configs")); err != nil {
		h.logf("%s: %v", fn, err)
	}
	for _, rt := range c.rt {
		stopNext(rt)
		h.forget(rt)
	}
	delete(h.configs, name)
	if err := os.RemoveAll(gone); err != nil {
		// Open removes hidden leftovers, so this only costs disk until then.
		h.logf("%s: removing %s: %v", fn, gone, err)
	}
	h.agentNote(hostdoc.LevelInfo, fmt.Sprintf("Configuration %q deleted", name))
	return nil
}

// ConfigGetList returns the configuration names, sorted.
func (h *Host) ConfigGetList() ([]string, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]string, 0, len(h.configs))
	for n := range h.configs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

// ConfigGetStatus returns a configuration's config-status and task-status.
func (h *Host) ConfigGetStatus(cfg string) (configStatus, taskStatus string, err error) {
	const fn = "configGetStatus"
	if err := checkName(fn, "configuration", cfg); err != nil {
		return "", "", err
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	c, err := h.config(fn, cfg)
	if err != nil {
		return "", "", err
	}
	configStatus, taskStatus = h.statuses(c)
	return configStatus, taskStatus, nil
}

// ConfigGetTasks returns the tasks document as it was saved.
func (h *Host) ConfigGetTasks(cfg string) (string, error) {
	const fn = "configGetTasks"
	if err := checkName(fn, "configuration", cfg); err != nil {
		return "", err
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	c, err := h.config(fn, cfg)
	if err != nil {
		return "", err
	}
	return c.raw, nil
}

// ConfigSaveTasks validates and stores a tasks document. Tasks that are
// gone lose their runtime; the others keep theirs and are scheduled anew.
func (h *Host) ConfigSaveTasks(cfg, doc string) error {
	const fn = "configSaveTasks"
	if err := checkName(fn, "configuration", cfg); err != nil {
		return err
	}
	next, err := newConfig(cfg, []byte(doc))
	if err != nil {
		return fail(fn, gateway.StatusInvalid, "%v", err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	c, err := h.config(fn, cfg)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(h.configDir(cfg, "tasks.xml"), []byte(doc), permDoc); err != nil {
		return h.storageFail(fn, err)
	}
	for name, rt := range c.rt {
		if next.tasks.Find(name) != nil {
			next.rt[name] = rt
			continue
		}
		stopNext(rt)
		h.abort(rt, "the task was removed")
		if err := h.removeRuntime(rt); err != nil {
			h.logf("%s: %v", fn, err)
		}
	}
	for _, t := range next.tasks.Tasks {
		if next.rt[t.Name] == nil {
			next.rt[t.Name] = &taskRT{cfg: cfg, name: t.Name, log: &logStream{path: h.runtimePath(cfg, t.Name, ".log")}}
		}
	}
	// Update in place: scheduled closures hold c.
	c.raw, c.tasks, c.sched, c.rt = next.raw, next.tasks, next.sched, next.rt
	for _, rt := range c.rt {
		h.arm(c, rt)
	}
	h.agentNote(hostdoc.LevelInfo, fmt.Sprintf("Tasks of configuration %q saved: %d tasks", cfg, len(c.tasks.Tasks)))
	return nil
}

// ConfigGetID returns an ID file of a configuration.
func (h *Host) ConfigGetID(cfg, id string) ([]byte, error) {
	return h.getConfigFile("configGetID", cfg, "ID", "ids", id)
}

// ConfigGetScript returns a script of a configuration.
func (h *Host) ConfigGetScript(cfg, name string) (string, error) {
	b, err := h.getConfigFile("configGetScript", cfg, "script", "scripts", name)
	return string(b), err
}

func (h *Host) getConfigFile(fn, cfg, kind, sub, name string) ([]byte, error) {
	if err := checkName(fn, "configuration", cfg); err != nil {
		return nil, err
	}
	if err := checkName(fn, kind, name); err != nil {
		return nil, err
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	if _, err := h.config(fn, cfg); err != nil {
		return nil, err
	}
	return h.readFile(fn, fmt.Sprintf("%s %q in configuration %q", kind, name, cfg), h.configDir(cfg, sub, name))
}

// ConfigNewID creates an ID bound to the given <Machine> documents (the
// host itself when none); 232 when the name exists.
func (h *Host) ConfigNewID(cfg, id string, fingerprints []string) error {
	return h.newID("configNewID", cfg, false, id, fingerprints)
}

// ConfigSaveID stores an ID's bytes as given, overwriting.
func (h *Host) ConfigSaveID(cfg, id string, data []byte) error {
	return h.saveConfigFile("configSaveID", cfg, "ID", "ids", id, data, permID)
}

// ConfigSaveScript stores a script as given, overwriting.
func (h *Host) ConfigSaveScript(cfg, name, text string) error {
	return h.saveConfigFile("configSaveScript", cfg, "script", "scripts", name, []byte(text), permDoc)
}

func (h *Host) saveConfigFile(fn, cfg, kind, sub, name string, data []byte, perm os.FileMode) error {
	if err := checkName(fn, "configuration", cfg); err != nil {
		return err
	}
	if err := checkName(fn, kind, name); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, err := h.config(fn, cfg); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(h.configDir(cfg, sub, name), data, perm); err != nil {
		return h.storageFail(fn, err)
	}
	return nil
}
