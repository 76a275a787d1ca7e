package engine

import (
	"bytes"
	"strings"
	"testing"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

func TestDocumentsRoundTrip(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	h := f.h
	f.ok(h.ConfigCreate("prod"))
	wantStatus(t, h.ConfigCreate("prod"), gateway.StatusExists, "already exists")
	if l, _ := h.ConfigGetList(); strings.Join(l, ",") != "prod" {
		t.Fatalf("list = %v", l)
	}
	if doc, _ := h.ConfigGetTasks("prod"); doc != emptyTasks {
		t.Fatalf("new configuration tasks = %q", doc)
	}
	bin := []byte{0, 1, 2, 255, 'x'}
	f.ok(h.ConfigSaveID("prod", "a.iic", bin))
	f.ok(h.ConfigSaveID("prod", "a.iic", append(bin, 7))) // overwrites
	if got, err := h.ConfigGetID("prod", "a.iic"); err != nil || !bytes.Equal(got, append(bin, 7)) {
		t.Fatalf("ConfigGetID = %v, %v", got, err)
	}
	f.ok(h.ConfigSaveScript("prod", "p.xml", "<Script/>"))
	if got, _ := h.ConfigGetScript("prod", "p.xml"); got != "<Script/>" {
		t.Fatalf("script = %q", got)
	}
	f.ok(h.SharedSaveID("s.iic", bin))
	if got, _ := h.SharedGetID("s.iic"); !bytes.Equal(got, bin) {
		t.Fatalf("shared ID = %v", got)
	}
	f.ok(h.SharedSaveScript("v.xml", "<V/>"))
	if got, _ := h.SharedGetScript("v.xml"); got != "<V/>" {
		t.Fatalf("shared script = %q", got)
	}
	tpl := `<Task name="My template"><Schedule every="1m"/></Task>`
	f.ok(h.TemplateSaveTask(tpl))
	if got, _ := h.TemplateGetTask("My template"); got != tpl {
		t.Fatalf("template = %q", got)
	}
	if l, _ := h.TemplateGetList(); strings.Join(l, ",") != "My template" {
		t.Fatalf("templates = %v", l)
	}
	presets, _ := h.SharedGetPresetList()
	if strings.Join(presets, ",") != "Geo-Fence,Office-Hours,Standard,Strict" {
		t.Fatalf("presets = %v", presets)
	}
	for _, p := range presets {
		doc, err := h.SharedGetPreset(p)
		if err != nil || !strings.Contains(doc, `name="`+p+`"`) {
			t.Fatalf("preset %s = %q, %v", p, doc, err)
		}
	}
	machineDoc, err := h.HostGetMachine()
	f.ok(err)
	m, err := hostdoc.ParseMachine([]byte(machineDoc))
	f.ok(err)
	if again := hostMachine(); again.Fingerprint != m.Fingerprint || m.Hostname == "" {
		t.Fatalf("machine %+v is not stable", m)
	}
}

func TestNewID(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	f.ok(f.h.ConfigCreate("c"))
	other := `<Machine><Hostname>o</Hostname><OS>linux</OS><Arch>arm64</Arch><Fingerprint>` + strings.Repeat("0f", 32) + `</Fingerprint></Machine>`
	f.ok(f.h.ConfigNewID("c", "two.iic", []string{other, other}))
	data, _ := f.h.ConfigGetID("c", "two.iic")
	id, err := ParseIDFile(data)
	f.ok(err)
	if len(id.Fingerprints) != 2 || id.Fingerprints[0] != strings.Repeat("0f", 32) || len(id.Key) != idKeyLen {
		t.Fatalf("id = %+v", id)
	}
	f.ok(f.h.SharedNewID("self.iic", nil))
	data, _ = f.h.SharedGetID("self.iic")
	id, err = ParseIDFile(data)
	f.ok(err)
	if len(id.Fingerprints) != 1 || id.Fingerprints[0] != hostMachine().Fingerprint {
		t.Fatalf("an ID without fingerprints must bind the host: %+v", id)
	}
	again, _ := f.h.SharedGetID("self.iic")
	f.ok(f.h.SharedNewID("self2.iic", nil))
	third, _ := f.h.SharedGetID("self2.iic")
	if bytes.Equal(again, third) {
		t.Fatal("two new IDs share key material")
	}
	wantStatus(t, f.h.ConfigNewID("c", "two.iic", nil), gateway.StatusExists, "already exists")
	wantStatus(t, f.h.SharedNewID("self.iic", nil), gateway.StatusExists, "already exists")
	wantStatus(t, f.h.SharedNewID("x.iic", []string{"<Machine/>"}), gateway.StatusInvalid, "machine-fingerprint 1")
	wantStatus(t, f.h.ConfigNewID("c", "x.iic", []string{other, "junk"}), gateway.StatusInvalid, "machine-fingerprint 2")
	wantStatus(t, f.h.ConfigNewID("nope", "x.iic", nil), gateway.StatusNotFound, `configuration "nope"`)
	if _, err := ParseIDFile([]byte("plain bytes")); err == nil {
		t.Fatal("ParseIDFile accepted bytes without the magic")
	}
}

// TestStatusCodes drives the 408, 213 and 502 answers of every function
// that takes a name or a document.
func TestStatusCodes(t *testing.T) {
	f := open(t, t.TempDir(), false, 0)
	h := f.h
	f.ok(h.ConfigCreate("c"))
	badNames := []string{"../x", "a/b", ".hidden", "nul\x00", strings.Repeat("n", 129), "", " x", "a..b"}
	for _, bad := range badNames {
		calls := map[string]error{
			"configActivate":   h.ConfigActivate(bad),
			"configCreate":     h.ConfigCreate(bad),
			"configDelete":     h.ConfigDelete(bad),
			"configNewID":      h.ConfigNewID("c", bad, nil),
			"configSaveID":     h.ConfigSaveID(bad, "x", nil),
			"configSaveScript": h.ConfigSaveScript("c", bad, ""),
			"configSaveTasks":  h.ConfigSaveTasks(bad, emptyTasks),
			"sharedNewID":      h.SharedNewID(bad, nil),
			"sharedSaveID":     h.SharedSaveID(bad, nil),
			"sharedSaveScript": h.SharedSaveScript(bad, ""),
			"taskPause":        h.TaskPause("c", bad),
			"taskResume":       h.TaskResume(bad, "*"),
			"taskReset":        h.TaskReset("c", bad),
		}
		calls["configNewID cfg"] = h.ConfigNewID(bad, "x.iic", nil)
		_, calls["configGetID"] = h.ConfigGetID("c", bad)
		_, calls["configGetScript"] = h.ConfigGetScript(bad, "x")
		_, _, calls["configGetStatus"] = h.ConfigGetStatus(bad)
		_, calls["configGetTasks"] = h.ConfigGetTasks(bad)
		_, calls["sharedGetID"] = h.SharedGetID(bad)
		_, calls["sharedGetScript"] = h.SharedGetScript(bad)
		_, calls["sharedGetPreset"] = h.SharedGetPreset(bad)
		_, calls["taskGetLog"] = h.TaskGetLog("c", bad)
		_, calls["taskGetStatus"] = h.TaskGetStatus(bad, "t")
		_, calls["templateGetTask"] = h.TemplateGetTask(bad)
		calls["templateSaveTask"] = h.TemplateSaveTask(`<Task name="` + strings.ReplaceAll(bad, "\x00", "&#0;") + `"><Schedule every="1s"/></Task>`)
		for fn, err := range calls {
			if err == nil {
				t.Errorf("%s accepted the name %q", fn, bad)
				continue
			}
			wantStatus(t, err, gateway.StatusInvalid, "")
			if got := err.(*gateway.Error).Function; got != strings.Fields(fn)[0] {
				t.Errorf("%s: error names function %q", fn, got)
			}
		}
	}
	notFound := map[string]error{
		"configActivate":   h.ConfigActivate("nope"),
		"configDelete":     h.ConfigDelete("nope"),
		"configSaveID":     h.ConfigSaveID("nope", "x", nil),
		"configSaveScript": h.ConfigSaveScript("nope", "x", ""),
		"configSaveTasks":  h.ConfigSaveTasks("nope", emptyTasks),
		"taskPause":        h.TaskPause("c", "nope"),
	}
	_, notFound["configGetID"] = h.ConfigGetID("c", "nope")
	_, notFound["configGetScript"] = h.ConfigGetScript("c", "nope")
	_, _, notFound["configGetStatus"] = h.ConfigGetStatus("nope")
	_, notFound["configGetTasks"] = h.ConfigGetTasks("nope")
	_, notFound["sharedGetID"] = h.SharedGetID("nope")
	_, notFound["sharedGetScript"] = h.SharedGetScript("nope")
	_, notFound["sharedGetPreset"] = h.SharedGetPreset("nope")
	_, notFound["taskGetLog"] = h.TaskGetLog("c", "nope")
	_, notFound["taskGetStatus"] = h.TaskGetStatus("nope", "t")
	_, notFound["templateGetTask"] = h.TemplateGetTask("nope")
	for fn, err := range notFound {
		wantStatus(t, err, gateway.StatusNotFound, "nope")
		if got := err.(*gateway.Error).Function; got != fn {
			t.Errorf("%s: error names function %q", fn, got)
		}
	}
	for _, doc := range []string{"", "<Tasks", `<!DOCTYPE x><Tasks/>`, `<Tasks><Task name="t"/></Tasks>`} {
		wantStatus(t, h.ConfigSaveTasks("c", doc), gateway.StatusInvalid, "invalid tasks document")
		wantStatus(t, h.TemplateSaveTask(doc), gateway.StatusInvalid, "invalid template document")
	}
	if doc, _ := h.ConfigGetTasks("c"); doc != emptyTasks {
		t.Fatalf("a refused save changed the tasks: %q", doc)
	}
	f.ok(h.ConfigActivate("c"))
	wantStatus(t, h.ConfigDelete("c"), gateway.StatusGeneral, "activate another configuration first")
}
