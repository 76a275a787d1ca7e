package mockhost

import (
	"bytes"
	"context"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"dpconsole/gateway"
)

// The conformance suite drives every function of the registry through the
// project's client over loopback HTTP, with every status docs/protocol.md §7 gives
// it. Each subtest builds on the state the previous ones left.

const fixtureTasks = `<Tasks>
  <Task name="t1" enabled="true">
    <Description>conformance task</Description>
    <Schedule every="10s"/>
    <Script>s.xml</Script>
    <Action type="protect" source="/data/in" target="/data/out"/>
  </Task>
  <Task name="t2" enabled="true">
    <Schedule cron="*/5 * * * *"/>
  </Task>
</Tasks>`

const fixtureTemplate = `<Task name="tpl" enabled="true"><Description>a template</Description><Schedule every="1m"/></Task>`

// badNames are refused by docs/protocol.md §6 wherever a name goes.
var badNames = []string{"../x", "a/b", ".hidden", "a\x00b", strings.Repeat("n", 129), "", " lead", `a\b`, "tab\there"}

// taskNames lists the task names of a tasks document.
func taskNames(t *testing.T, doc string) []string {
	t.Helper()
	var ts struct {
		Tasks []struct {
			Name string `xml:"name,attr"`
		} `xml:"Task"`
	}
	if err := xml.Unmarshal([]byte(doc), &ts); err != nil {
		t.Fatalf("tasks document does not parse: %v\n%s", err, doc)
	}
	var out []string
	for _, x := range ts.Tasks {
		out = append(out, x.Name)
	}
	return out
}

func TestConformance(t *testing.T) {
	h := startHost(t, Config{})
	ctx := context.Background()
	anon := h.client(t)
	c := h.login(t)
	bin := make([]byte, 256)
	for i := range bin {
		bin[i] = byte(i)
	}

	t.Run("agentPing needs no session", func(t *testing.T) {
		ok(t, "agentPing", anon.AgentPing(ctx))
	})
	t.Run("agentGetStatus", func(t *testing.T) {
		st, err := c.AgentGetStatus(ctx)
		ok(t, "agentGetStatus", err)
		if st.Agent != "Active" || st.Config != "production" || st.ConfigStatus != "Active" || st.AppName == "" || st.AppVersion == "" {
			t.Errorf("status %+v", st)
		}
		if st.TaskStatus != "Normal" && st.TaskStatus != "Errors" {
			t.Errorf("task-status %q", st.TaskStatus)
		}
	})
	t.Run("agentGetLog", func(t *testing.T) {
		log, err := c.AgentGetLog(ctx)
		ok(t, "agentGetLog", err)
		if !strings.Contains(log, "<AgentLog") {
			t.Errorf("agent log %q", log)
		}
	})
	t.Run("configGetList", func(t *testing.T) {
		names, err := c.ConfigGetList(ctx)
		ok(t, "configGetList", err)
		if !slices.Contains(names, "production") || !slices.Contains(names, "staging") {
			t.Errorf("configurations %v", names)
		}
	})
	t.Run("configCreate", func(t *testing.T) {
		ok(t, "configCreate", c.ConfigCreate(ctx, "conf"))
		wantStatus(t, "configCreate again", c.ConfigCreate(ctx, "conf"), gateway.StatusExists)
		names, _ := c.ConfigGetList(ctx)
		if !slices.Contains(names, "conf") {
			t.Errorf("conf not listed: %v", names)
		}
	})
	t.Run("configSaveTasks and configGetTasks", func(t *testing.T) {
		ok(t, "configSaveTasks", c.ConfigSaveTasks(ctx, "conf", fixtureTasks))
		doc, err := c.ConfigGetTasks(ctx, "conf")
		ok(t, "configGetTasks", err)
		if got := taskNames(t, doc); !slices.Equal(got, []string{"t1", "t2"}) {
			t.Errorf("tasks %v", got)
		}
		for _, bad := range []string{"<Tasks>", "not xml", `<Tasks><Task name="x"><Schedule every="soon"/></Task></Tasks>`,
			`<Tasks><Task name="../x"><Schedule every="1m"/></Task></Tasks>`, `<Other/>`} {
			wantStatus(t, "configSaveTasks "+bad, c.ConfigSaveTasks(ctx, "conf", bad), gateway.StatusInvalid)
		}
		wantStatus(t, "configSaveTasks missing", c.ConfigSaveTasks(ctx, "nope", fixtureTasks), gateway.StatusNotFound)
		_, err = c.ConfigGetTasks(ctx, "nope")
		wantStatus(t, "configGetTasks missing", err, gateway.StatusNotFound)
	})
	t.Run("configSaveScript and configGetScript", func(t *testing.T) {
		ok(t, "configSaveScript", c.ConfigSaveScript(ctx, "conf", "s.xml", "<Script>conf</Script>"))
		s, err := c.ConfigGetScript(ctx, "conf", "s.xml")
		ok(t, "configGetScript", err)
		if s != "<Script>conf</Script>" {
			t.Errorf("script %q", s)
		}
		ok(t, "overwrite", c.ConfigSaveScript(ctx, "conf", "s.xml", "<Script>v2</Script>"))
		s, _ = c.ConfigGetScript(ctx, "conf", "s.xml")
		if s != "<Script>v2</Script>" {
			t.Errorf("overwritten script %q", s)
		}
		_, err = c.ConfigGetScript(ctx, "conf", "none.xml")
		wantStatus(t, "missing script", err, gateway.StatusNotFound)
		_, err = c.ConfigGetScript(ctx, "nope", "s.xml")
		wantStatus(t, "missing config", err, gateway.StatusNotFound)
		wantStatus(t, "save to missing config", c.ConfigSaveScript(ctx, "nope", "s.xml", "<S/>"), gateway.StatusNotFound)
	})
	t.Run("configSaveID and configGetID", func(t *testing.T) {
		ok(t, "configSaveID", c.ConfigSaveID(ctx, "conf", "i.iic", bin))
		got, err := c.ConfigGetID(ctx, "conf", "i.iic")
		ok(t, "configGetID", err)
		if !bytes.Equal(got, bin) {
			t.Errorf("ID bytes differ")
		}
		_, err = c.ConfigGetID(ctx, "conf", "none.iic")
		wantStatus(t, "missing ID", err, gateway.StatusNotFound)
		_, err = c.ConfigGetID(ctx, "nope", "i.iic")
		wantStatus(t, "missing config", err, gateway.StatusNotFound)
		wantStatus(t, "save to missing config", c.ConfigSaveID(ctx, "nope", "i.iic", bin), gateway.StatusNotFound)
	})
	var machine string
	t.Run("hostGetMachine", func(t *testing.T) {
		var err error
		machine, err = c.HostGetMachine(ctx)
		ok(t, "hostGetMachine", err)
		if !strings.Contains(machine, "<Machine>") || !strings.Contains(machine, "<Fingerprint>") {
			t.Errorf("machine %q", machine)
		}
	})
	t.Run("configNewID", func(t *testing.T) {
		ok(t, "configNewID bound to the host", c.ConfigNewID(ctx, "conf", "new.iic"))
		ok(t, "configNewID with a fingerprint", c.ConfigNewID(ctx, "conf", "bound.iic", machine, machine))
		wantStatus(t, "configNewID again", c.ConfigNewID(ctx, "conf", "new.iic"), gateway.StatusExists)
		wantStatus(t, "configNewID over a saved ID", c.ConfigNewID(ctx, "conf", "i.iic"), gateway.StatusExists)
		wantStatus(t, "bad fingerprint", c.ConfigNewID(ctx, "conf", "x.iic", "<Machine>nope"), gateway.StatusInvalid)
		wantStatus(t, "missing config", c.ConfigNewID(ctx, "nope", "x.iic"), gateway.StatusNotFound)
		id, err := c.ConfigGetID(ctx, "conf", "new.iic")
		ok(t, "read the new ID", err)
		if len(id) == 0 {
			t.Error("the new ID is empty")
		}
	})
	t.Run("shared scripts and IDs", func(t *testing.T) {
		ok(t, "sharedSaveScript", c.SharedSaveScript(ctx, "s.xml", "<Script>shared</Script>"))
		s, err := c.SharedGetScript(ctx, "s.xml")
		ok(t, "sharedGetScript", err)
		if s != "<Script>shared</Script>" {
			t.Errorf("shared script %q", s)
		}
		_, err = c.SharedGetScript(ctx, "none.xml")
		wantStatus(t, "missing shared script", err, gateway.StatusNotFound)
		ok(t, "sharedSaveID", c.SharedSaveID(ctx, "i.iic", bin))
		got, err := c.SharedGetID(ctx, "i.iic")
		ok(t, "sharedGetID", err)
		if !bytes.Equal(got, bin) {
			t.Error("shared ID bytes differ")
		}
		_, err = c.SharedGetID(ctx, "none.iic")
		wantStatus(t, "missing shared ID", err, gateway.StatusNotFound)
		ok(t, "sharedNewID", c.SharedNewID(ctx, "snew.iic", machine))
		wantStatus(t, "sharedNewID again", c.SharedNewID(ctx, "snew.iic"), gateway.StatusExists)
		wantStatus(t, "sharedNewID bad fingerprint", c.SharedNewID(ctx, "y.iic", "garbage"), gateway.StatusInvalid)
	})
	t.Run("presets", func(t *testing.T) {
		names, err := c.SharedGetPresetList(ctx)
		ok(t, "sharedGetPresetList", err)
		if len(names) < 4 {
			t.Fatalf("%d presets, want at least 4: %v", len(names), names)
		}
		p, err := c.SharedGetPreset(ctx, names[0])
		ok(t, "sharedGetPreset", err)
		if !strings.HasPrefix(strings.TrimSpace(p), "<") {
			t.Errorf("preset %q is not XML", p)
		}
		_, err = c.SharedGetPreset(ctx, "NoSuchPreset")
		wantStatus(t, "missing preset", err, gateway.StatusNotFound)
	})
	t.Run("templates", func(t *testing.T) {
		before, err := c.TemplateGetList(ctx)
		ok(t, "templateGetList", err)
		if len(before) < 2 {
			t.Errorf("seeded templates %v, want two", before)
		}
		ok(t, "templateSaveTask", c.TemplateSaveTask(ctx, fixtureTemplate))
		after, _ := c.TemplateGetList(ctx)
		if !slices.Contains(after, "tpl") {
			t.Errorf("tpl not listed: %v", after)
		}
		doc, err := c.TemplateGetTask(ctx, "tpl")
		ok(t, "templateGetTask", err)
		if !strings.Contains(doc, `name="tpl"`) {
			t.Errorf("template %q", doc)
		}
		_, err = c.Call(ctx, "tempateGetTask", gateway.Text("tpl"))
		ok(t, "the spec's misspelt alias", err)
		_, err = c.TemplateGetTask(ctx, "none")
		wantStatus(t, "missing template", err, gateway.StatusNotFound)
		for _, bad := range []string{"<Task", "<Tasks/>", `<Task name="../x"><Schedule every="1m"/></Task>`} {
			wantStatus(t, "templateSaveTask "+bad, c.TemplateSaveTask(ctx, bad), gateway.StatusInvalid)
		}
	})
	t.Run("configGetStatus", func(t *testing.T) {
		st, err := c.ConfigGetStatus(ctx, "production")
		ok(t, "production", err)
		if st.Config != "Active" {
			t.Errorf("production %+v", st)
		}
		st, err = c.ConfigGetStatus(ctx, "conf")
		ok(t, "conf", err)
		if st.Config != "Idle" || st.Tasks != "Normal" {
			t.Errorf("conf %+v", st)
		}
		_, err = c.ConfigGetStatus(ctx, "nope")
		wantStatus(t, "missing", err, gateway.StatusNotFound)
	})
	t.Run("configActivate", func(t *testing.T) {
		ok(t, "configActivate", c.ConfigActivate(ctx, "conf"))
		st, _ := c.AgentGetStatus(ctx)
		if st.Config != "conf" || st.ConfigStatus != "Active" {
			t.Errorf("after activate %+v", st)
		}
		wantStatus(t, "activate missing", c.ConfigActivate(ctx, "nope"), gateway.StatusNotFound)
	})
	t.Run("tasks", func(t *testing.T) {
		h.clock.Advance(35 * time.Second) // t1 runs every 10s
		ts, err := c.TaskGetStatus(ctx, "conf", "t1")
		ok(t, "taskGetStatus", err)
		if ts.ExecCount < 1 || ts.StartTime.IsZero() {
			t.Errorf("t1 after 35s: %+v", ts)
		}
		// The results are named, in the spec's order, times in RFC 3339 UTC.
		resp, err := c.Call(ctx, "taskGetStatus", gateway.Text("conf"), gateway.Text("t2"))
		ok(t, "raw taskGetStatus", err)
		var names []string
		for _, r := range resp.Results {
			names = append(names, r.Name)
		}
		if want := []string{"StartTime", "EndTime", "LastErrorTime", "Status", "Error", "ExecCnt", "ErrorCnt"}; !slices.Equal(names, want) {
			t.Errorf("result names %v, want %v", names, want)
		}
		if v, _ := resp.Result("StartTime"); len(v) != 0 {
			t.Errorf("t2 never ran but StartTime is %q", v)
		}
		resp, _ = c.Call(ctx, "taskGetStatus", gateway.Text("conf"), gateway.Text("t1"))
		if v, _ := resp.Result("StartTime"); !strings.HasSuffix(string(v), "Z") {
			t.Errorf("StartTime %q is not RFC 3339 UTC", v)
		} else if _, err := time.Parse(time.RFC3339, string(v)); err != nil {
			t.Error(err)
		}
		log, err := c.TaskGetLog(ctx, "conf", "t1")
		ok(t, "taskGetLog", err)
		if !strings.Contains(log, "<TaskLog") || !strings.Contains(log, "<Entry") {
			t.Errorf("task log %q", log)
		}
		ok(t, "taskPause", c.TaskPause(ctx, "conf", "t1"))
		ts, _ = c.TaskGetStatus(ctx, "conf", "t1")
		if ts.Status != "Paused" {
			t.Errorf("paused task is %q", ts.Status)
		}
		ok(t, "taskResume", c.TaskResume(ctx, "conf", "t1"))
		ok(t, "taskPause *", c.TaskPause(ctx, "conf", "*"))
		ts, _ = c.TaskGetStatus(ctx, "conf", "t2")
		if ts.Status != "Paused" {
			t.Errorf("t2 after pause * is %q", ts.Status)
		}
		ok(t, "taskResume *", c.TaskResume(ctx, "conf", "*"))
		ok(t, "taskReset", c.TaskReset(ctx, "conf", "t1"))
		ts, _ = c.TaskGetStatus(ctx, "conf", "t1")
		if ts.ExecCount != 0 {
			t.Errorf("after reset ExecCnt %d", ts.ExecCount)
		}
		ok(t, "taskReset *", c.TaskReset(ctx, "conf", "*"))
		for name, call := range map[string]func(cfg, task string) error{
			"taskPause":     func(a, b string) error { return c.TaskPause(ctx, a, b) },
			"taskResume":    func(a, b string) error { return c.TaskResume(ctx, a, b) },
			"taskReset":     func(a, b string) error { return c.TaskReset(ctx, a, b) },
			"taskGetStatus": func(a, b string) error { _, err := c.TaskGetStatus(ctx, a, b); return err },
			"taskGetLog":    func(a, b string) error { _, err := c.TaskGetLog(ctx, a, b); return err },
		} {
			wantStatus(t, name+" missing task", call("conf", "none"), gateway.StatusNotFound)
			wantStatus(t, name+" missing config", call("nope", "t1"), gateway.StatusNotFound)
		}
		_, err = c.TaskGetStatus(ctx, "conf", "*")
		wantStatus(t, "taskGetStatus *", err, gateway.StatusInvalid)
		_, err = c.TaskGetLog(ctx, "conf", "*")
		wantStatus(t, "taskGetLog *", err, gateway.StatusInvalid)
	})
	t.Run("configDelete", func(t *testing.T) {
		wantStatus(t, "delete the active configuration", c.ConfigDelete(ctx, "conf"), gateway.StatusGeneral, "active")
		ok(t, "reactivate production", c.ConfigActivate(ctx, "production"))
		ok(t, "configDelete", c.ConfigDelete(ctx, "conf"))
		wantStatus(t, "delete again", c.ConfigDelete(ctx, "conf"), gateway.StatusNotFound)
		names, _ := c.ConfigGetList(ctx)
		if slices.Contains(names, "conf") {
			t.Errorf("conf still listed: %v", names)
		}
	})
	t.Run("agentAlter", func(t *testing.T) {
		ok(t, "Disable", c.AgentAlter(ctx, "Disable"))
		st, _ := c.AgentGetStatus(ctx)
		if st.Agent != "Disabled" || st.ConfigStatus != "Disabled" {
			t.Errorf("disabled %+v", st)
		}
		ok(t, "enable (any case)", c.AgentAlter(ctx, "enable"))
		wantStatus(t, "bad option", c.AgentAlter(ctx, "Sometimes"), gateway.StatusInvalid)
		st, _ = c.AgentGetStatus(ctx)
		if st.Agent != "Active" {
			t.Errorf("enabled %+v", st)
		}
	})
	t.Run("agentRestart", func(t *testing.T) {
		ok(t, "agentRestart", c.AgentRestart(ctx))
	})
	t.Run("agentShutdown and agentStart", func(t *testing.T) {
		ok(t, "agentShutdown", c.AgentShutdown(ctx))
		st, err := c.AgentGetStatus(ctx)
		ok(t, "agentGetStatus offline", err)
		if st.Agent != "Offline" || st.ConfigStatus != "Idle" {
			t.Errorf("offline status %+v", st)
		}
		offline := map[string]error{
			"agentPing":      anon.AgentPing(ctx),
			"agentAlter":     c.AgentAlter(ctx, "Enable"),
			"agentRestart":   c.AgentRestart(ctx),
			"agentShutdown":  c.AgentShutdown(ctx),
			"configActivate": c.ConfigActivate(ctx, "staging"),
			"taskPause":      c.TaskPause(ctx, "production", "*"),
			"taskResume":     c.TaskResume(ctx, "production", "*"),
			"taskReset":      c.TaskReset(ctx, "production", "*"),
		}
		_, offline["taskGetStatus"] = c.TaskGetStatus(ctx, "production", "x")
		_, offline["taskGetLog"] = c.TaskGetLog(ctx, "production", "x")
		for name, err := range offline {
			wantStatus(t, name+" while offline", err, gateway.StatusGeneral, "offline")
		}
		// Stored data can still be read and saved.
		_, err = c.ConfigGetList(ctx)
		ok(t, "configGetList offline", err)
		ok(t, "sharedSaveScript offline", c.SharedSaveScript(ctx, "off.xml", "<S/>"))
		ok(t, "agentStart", c.AgentStart(ctx))
		ok(t, "agentPing after start", anon.AgentPing(ctx))
	})
	t.Run("hostCloseSession", func(t *testing.T) {
		ok(t, "hostCloseSession", c.HostCloseSession(ctx))
		_, err := c.ConfigGetList(ctx)
		wantStatus(t, "after closing", err, gateway.StatusDenied, "no session")
	})
}

// TestBadNamesAre408 puts each bad name of docs/protocol.md §6 into every name
// argument of every function, the other arguments being valid.
func TestBadNamesAre408(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	ctx := context.Background()
	c := h.login(t)
	ok(t, "config", c.ConfigCreate(ctx, "conf"))
	ok(t, "script", c.ConfigSaveScript(ctx, "conf", "s.xml", "<S/>"))
	ok(t, "tasks", c.ConfigSaveTasks(ctx, "conf", fixtureTasks))
	good := map[string]string{"config-name": "conf", "id-name": "i.iic", "script-name": "s.xml", "task-name": "t1",
		"preset-name": "Standard", "id-contents": "x", "script-contents": "<S/>", "tasks-contents": fixtureTasks}
	tried := 0
	for _, f := range gateway.Functions() {
		for i, a := range f.Args {
			if !strings.HasSuffix(a.Name, "-name") || a.Kind != gateway.KindText {
				continue
			}
			for _, bad := range badNames {
				args := make([]gateway.Arg, 0, len(f.Args))
				for j, b := range f.Args {
					switch {
					case b.Repeated:
					case j == i:
						args = append(args, gateway.Text(bad))
					default:
						args = append(args, gateway.Text(good[b.Name]))
					}
				}
				r := do(t, c, &gateway.Request{Session: c.Session(), Function: f.Name, Args: args})
				wantResp(t, f.Name+" "+a.Name+"="+strings.ToValidUTF8(bad[:min(len(bad), 12)], "?"), r, gateway.StatusInvalid)
				tried++
			}
		}
	}
	if tried < 20*len(badNames) {
		t.Errorf("only %d bad-name calls: the registry's name arguments were not found", tried)
	}
}
