package engine

import (
	"fmt"
	"os"

	"dpconsole/atomicfile"
	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// SharedGetID returns a shared ID file.
func (h *Host) SharedGetID(id string) ([]byte, error) {
	return h.getShared("sharedGetID", "ID", "ids", id)
}

// SharedGetScript returns a shared script.
func (h *Host) SharedGetScript(name string) (string, error) {
	b, err := h.getShared("sharedGetScript", "script", "scripts", name)
	return string(b), err
}

func (h *Host) getShared(fn, kind, sub, name string) ([]byte, error) {
	if err := checkName(fn, kind, name); err != nil {
		return nil, err
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.readFile(fn, fmt.Sprintf("shared %s %q", kind, name), h.path("shared", sub, name))
}

// SharedNewID creates a shared ID bound to the given <Machine> documents
// (the host itself when none); 232 when the name exists.
func (h *Host) SharedNewID(id string, fingerprints []string) error {
	return h.newID("sharedNewID", "", true, id, fingerprints)
}

// SharedSaveID stores a shared ID's bytes as given, overwriting.
func (h *Host) SharedSaveID(id string, data []byte) error {
	return h.saveShared("sharedSaveID", "ID", "ids", id, data, permID)
}

// SharedSaveScript stores a shared script as given, overwriting.
func (h *Host) SharedSaveScript(name, text string) error {
	return h.saveShared("sharedSaveScript", "script", "scripts", name, []byte(text), permDoc)
}

func (h *Host) saveShared(fn, kind, sub, name string, data []byte, perm os.FileMode) error {
	if err := checkName(fn, kind, name); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := atomicfile.WriteFile(h.path("shared", sub, name), data, perm); err != nil {
		return h.storageFail(fn, err)
	}
	return nil
}

// newID creates an ID in a configuration, or in the shared area.
func (h *Host) newID(fn, cfg string, shared bool, id string, fingerprints []string) error {
	if !shared {
		if err := checkName(fn, "configuration", cfg); err != nil {
			return err
		}
	}
	if err := checkName(fn, "ID", id); err != nil {
		return err
	}
	machines := make([]*hostdoc.Machine, 0, len(fingerprints))
	for i, doc := range fingerprints {
		m, err := hostdoc.ParseMachine([]byte(doc))
		if err != nil {
			return fail(fn, gateway.StatusInvalid, "machine-fingerprint %d: %v", i+1, err)
		}
		machines = append(machines, m)
	}
	if len(machines) == 0 {
		machines = append(machines, &h.machine)
	}
	data, err := NewIDFile(machines)
	if err != nil {
		return fail(fn, gateway.StatusInvalid, "%v", err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	path, where := h.path("shared", "ids", id), "the shared area"
	if !shared {
		if _, err := h.config(fn, cfg); err != nil {
			return err
		}
		path, where = h.configDir(cfg, "ids", id), fmt.Sprintf("configuration %q", cfg)
	}
	if _, err := os.Stat(path); err == nil {
		return fail(fn, gateway.StatusExists, "ID %q already exists in %s; save over it with the Save function instead", id, where)
	}
	if err := atomicfile.WriteFile(path, data, permID); err != nil {
		return h.storageFail(fn, err)
	}
	return nil
}

// SharedGetPreset returns a rule preset shipped with the host.
func (h *Host) SharedGetPreset(name string) (string, error) {
	const fn = "sharedGetPreset"
	if err := checkName(fn, "preset", name); err != nil {
		return "", err
	}
	b, err := presetFS.ReadFile("presets/" + name + ".xml")
	if err != nil {
		return "", fail(fn, gateway.StatusNotFound, "preset %q does not exist; sharedGetPresetList lists them", name)
	}
	return string(b), nil
}

// SharedGetPresetList returns the preset names, sorted.
func (h *Host) SharedGetPresetList() ([]string, error) {
	return presetNames(), nil
}

// TemplateGetList returns the template names, sorted.
func (h *Host) TemplateGetList() ([]string, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	names, err := listNames(h.path("templates"), ".xml", false)
	if err != nil {
		return nil, h.storageFail("templateGetList", err)
	}
	return names, nil
}

// TemplateGetTask returns a template's <Task> element as saved.
func (h *Host) TemplateGetTask(name string) (string, error) {
	const fn = "templateGetTask"
	if err := checkName(fn, "template", name); err != nil {
		return "", err
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	b, err := h.readFile(fn, fmt.Sprintf("template %q", name), h.path("templates", name+".xml"))
	return string(b), err
}

// TemplateSaveTask validates a <Task> element and stores it under its
// name, overwriting.
func (h *Host) TemplateSaveTask(doc string) error {
	const fn = "templateSaveTask"
	t, err := hostdoc.ParseTemplate([]byte(doc))
	if err != nil {
		return fail(fn, gateway.StatusInvalid, "%v", err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := atomicfile.WriteFile(h.path("templates", t.Name+".xml"), []byte(doc), permDoc); err != nil {
		return h.storageFail(fn, err)
	}
	return nil
}

// HostGetMachine returns the host's <Machine> document.
func (h *Host) HostGetMachine() (string, error) {
	b, err := hostdoc.MarshalMachine(&h.machine)
	if err != nil {
		return "", h.storageFail("hostGetMachine", err)
	}
	return string(b), nil
}
