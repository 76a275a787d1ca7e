package gateway_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"dpconsole/gateway"
)

// TestTypedMethodsCoverTheRegistry calls every typed method and checks the
// function name and arguments that reach the host; a function added to the
// registry without a method here fails the test.
func TestTypedMethodsCoverTheRegistry(t *testing.T) {
	h := newClientHost(t, func(req *gateway.Request) *gateway.Response {
		// Enough results for any method; each names its function.
		res := make([]gateway.Arg, 7)
		for i := range res {
			res[i] = gateway.Text(req.Function)
		}
		if req.Function == "taskGetStatus" {
			res = []gateway.Arg{gateway.Text(""), gateway.Text(""), gateway.Text(""), gateway.Text("Idle"),
				gateway.Text(""), gateway.Text("0"), gateway.Text("0")}
		}
		return ok(res...)
	})
	c := newTestClient(t, h.srv.URL)
	c.SetSession("S")
	ctx := context.Background()
	fp := "<Machine/>"
	cases := []struct {
		fn   string
		call func() error
		args []string // user arguments as the host should see them (after any session argument)
	}{
		{"agentAlter", func() error { return c.AgentAlter(ctx, "Disable") }, []string{"Disable"}},
		{"agentGetLog", func() error { _, err := c.AgentGetLog(ctx); return err }, nil},
		{"agentGetStatus", func() error { _, err := c.AgentGetStatus(ctx); return err }, nil},
		{"agentPing", func() error { return c.AgentPing(ctx) }, nil},
		{"agentRestart", func() error { return c.AgentRestart(ctx) }, nil},
		{"agentShutdown", func() error { return c.AgentShutdown(ctx) }, nil},
		{"agentStart", func() error { return c.AgentStart(ctx) }, nil},
		{"configActivate", func() error { return c.ConfigActivate(ctx, "prod") }, []string{"prod"}},
		{"configCreate", func() error { return c.ConfigCreate(ctx, "prod") }, []string{"prod"}},
		{"configDelete", func() error { return c.ConfigDelete(ctx, "prod") }, []string{"prod"}},
		{"configGetID", func() error { _, err := c.ConfigGetID(ctx, "prod", "a.iic"); return err }, []string{"prod", "a.iic"}},
		{"configGetList", func() error { _, err := c.ConfigGetList(ctx); return err }, nil},
		{"configGetScript", func() error { _, err := c.ConfigGetScript(ctx, "prod", "s.xml"); return err }, []string{"prod", "s.xml"}},
		{"configGetStatus", func() error { _, err := c.ConfigGetStatus(ctx, "prod"); return err }, []string{"prod"}},
		{"configGetTasks", func() error { _, err := c.ConfigGetTasks(ctx, "prod"); return err }, []string{"prod"}},
		{"configNewID", func() error { return c.ConfigNewID(ctx, "prod", "a.iic", fp, fp) }, []string{"prod", "a.iic", fp, fp}},
		{"configSaveID", func() error { return c.ConfigSaveID(ctx, "prod", "a.iic", []byte{0, 1, 2}) }, []string{"prod", "a.iic", "\x00\x01\x02"}},
		{"configSaveScript", func() error { return c.ConfigSaveScript(ctx, "prod", "s.xml", "<s/>") }, []string{"prod", "s.xml", "<s/>"}},
		{"configSaveTasks", func() error { return c.ConfigSaveTasks(ctx, "prod", "<Tasks/>") }, []string{"prod", "<Tasks/>"}},
		{"hostCloseSession", func() error { err := c.HostCloseSession(ctx); c.SetSession("S"); return err }, nil},
		{"hostGetMachine", func() error { _, err := c.HostGetMachine(ctx); return err }, nil},
		{"hostOpenSession", func() error { _, err := c.HostOpenSession(ctx, "admin", "demo"); return err }, []string{"admin", "demo"}},
		{"sharedGetID", func() error { _, err := c.SharedGetID(ctx, "a.iic"); return err }, []string{"a.iic"}},
		{"sharedGetPreset", func() error { _, err := c.SharedGetPreset(ctx, "Strict"); return err }, []string{"Strict"}},
		{"sharedGetPresetList", func() error { _, err := c.SharedGetPresetList(ctx); return err }, nil},
		{"sharedGetScript", func() error { _, err := c.SharedGetScript(ctx, "s.xml"); return err }, []string{"s.xml"}},
		{"sharedNewID", func() error { return c.SharedNewID(ctx, "a.iic") }, []string{"a.iic"}},
		{"sharedSaveID", func() error { return c.SharedSaveID(ctx, "a.iic", []byte("id")) }, []string{"a.iic", "id"}},
		{"sharedSaveScript", func() error { return c.SharedSaveScript(ctx, "s.xml", "<s/>") }, []string{"s.xml", "<s/>"}},
		{"taskGetLog", func() error { _, err := c.TaskGetLog(ctx, "prod", "t"); return err }, []string{"prod", "t"}},
		{"taskGetStatus", func() error { _, err := c.TaskGetStatus(ctx, "prod", "t"); return err }, []string{"prod", "t"}},
		{"taskPause", func() error { return c.TaskPause(ctx, "prod", "*") }, []string{"prod", "*"}},
		{"taskReset", func() error { return c.TaskReset(ctx, "prod", "t") }, []string{"prod", "t"}},
		{"taskResume", func() error { return c.TaskResume(ctx, "prod", "t") }, []string{"prod", "t"}},
		{"templateGetList", func() error { _, err := c.TemplateGetList(ctx); return err }, nil},
		{"templateGetTask", func() error { _, err := c.TemplateGetTask(ctx, "tpl"); return err }, []string{"tpl"}},
		{"templateSaveTask", func() error { return c.TemplateSaveTask(ctx, "<Task/>") }, []string{"<Task/>"}},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		if err := tc.call(); err != nil {
			t.Errorf("%s: %v", tc.fn, err)
			continue
		}
		covered[tc.fn] = true
		req := h.last(t)
		if req.Function != tc.fn {
			t.Errorf("method for %s sent %s", tc.fn, req.Function)
			continue
		}
		f := mustLookup(t, tc.fn)
		args := req.Args
		if f.Session == gateway.SessionFirstArg {
			if len(args) == 0 || string(args[0].Value) != "S" {
				t.Errorf("%s: first argument is not the session: %q", tc.fn, args)
				continue
			}
			args = args[1:]
		}
		var got []string
		for _, a := range args {
			got = append(got, string(a.Value))
		}
		if !reflect.DeepEqual(got, tc.args) {
			t.Errorf("%s sent args %q, want %q", tc.fn, got, tc.args)
		}
		min, max := f.ArgCount()
		if n := len(req.Args); n < min || (max >= 0 && n > max) {
			t.Errorf("%s sent %d arguments; the registry allows %d..%d", tc.fn, n, min, max)
		}
	}
	for _, f := range gateway.Functions() {
		if !covered[f.Name] {
			t.Errorf("no typed method tested for %s", f.Name)
		}
	}
	if len(covered) != 37 {
		t.Errorf("covered %d functions, want 37", len(covered))
	}
}

func TestTypedResults(t *testing.T) {
	h := newClientHost(t, func(req *gateway.Request) *gateway.Response {
		switch req.Function {
		case "agentGetStatus":
			return ok(gateway.Text("Active"), gateway.Text("Data Protector"), gateway.Text("3.4.0"),
				gateway.Text("production"), gateway.Text("Active"), gateway.Text("Errors"))
		case "configGetStatus":
			return ok(gateway.Text("Idle"), gateway.Text("Normal"))
		case "configGetList":
			return ok(gateway.Text("production"), gateway.Text("staging"))
		case "sharedGetPresetList":
			return ok() // an empty list has no ResultList at all
		case "sharedGetID":
			return ok(gateway.Arg{Value: []byte{0, 0xff, 0x10}})
		case "configGetTasks":
			return ok() // one result expected, none sent
		}
		return ok()
	})
	c := newTestClient(t, h.srv.URL)
	ctx := context.Background()
	as, err := c.AgentGetStatus(ctx)
	want := gateway.AgentStatus{Agent: "Active", AppName: "Data Protector", AppVersion: "3.4.0", Config: "production", ConfigStatus: "Active", TaskStatus: "Errors"}
	if err != nil || as != want {
		t.Errorf("AgentGetStatus = %+v, %v", as, err)
	}
	cs, err := c.ConfigGetStatus(ctx, "x")
	if err != nil || cs != (gateway.ConfigStatus{Config: "Idle", Tasks: "Normal"}) {
		t.Errorf("ConfigGetStatus = %+v, %v", cs, err)
	}
	names, err := c.ConfigGetList(ctx)
	if err != nil || !reflect.DeepEqual(names, []string{"production", "staging"}) {
		t.Errorf("ConfigGetList = %q, %v", names, err)
	}
	presets, err := c.SharedGetPresetList(ctx)
	if err != nil || len(presets) != 0 {
		t.Errorf("SharedGetPresetList = %q, %v", presets, err)
	}
	id, err := c.SharedGetID(ctx, "a.iic")
	if err != nil || !reflect.DeepEqual(id, []byte{0, 0xff, 0x10}) {
		t.Errorf("SharedGetID = %v, %v", id, err)
	}
	if _, err := c.ConfigGetTasks(ctx, "x"); err == nil || !strings.Contains(err.Error(), "expected 1") {
		t.Errorf("missing result: err = %v", err)
	}
}

func TestTaskGetStatusParsing(t *testing.T) {
	start := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	end := start.Add(2 * time.Second)
	cases := []struct {
		name    string
		results []gateway.Arg
		want    gateway.TaskStatus
		wantErr string
	}{
		{"named, spec order", []gateway.Arg{
			gateway.Named("StartTime", "2026-11-29T09:00:00Z"), gateway.Named("EndTime", "2026-11-29T09:00:02Z"),
			gateway.Named("LastErrorTime", ""), gateway.Named("Status", "Idle"), gateway.Named("Error", ""),
			gateway.Named("ExecCnt", "12"), gateway.Named("ErrorCnt", "0")},
			gateway.TaskStatus{StartTime: start, EndTime: end, Status: "Idle", ExecCount: 12}, ""},
		{"named, any order", []gateway.Arg{
			gateway.Named("ErrorCnt", "3"), gateway.Named("ExecCnt", "7"), gateway.Named("Error", "ID missing"),
			gateway.Named("Status", "Error"), gateway.Named("LastErrorTime", "2026-11-29T09:00:02Z"),
			gateway.Named("EndTime", "2026-11-29T09:00:02Z"), gateway.Named("StartTime", "2026-11-29T09:00:00Z")},
			gateway.TaskStatus{StartTime: start, EndTime: end, LastErrorTime: end, Status: "Error", Error: "ID missing", ExecCount: 7, ErrorCount: 3}, ""},
		{"unnamed, spec order", []gateway.Arg{
			gateway.Text("2026-11-29T09:00:00Z"), gateway.Text(""), gateway.Text(""), gateway.Text("Executing"),
			gateway.Text(""), gateway.Text("1"), gateway.Text("0")},
			gateway.TaskStatus{StartTime: start, Status: "Executing", ExecCount: 1}, ""},
		{"zero time is never", []gateway.Arg{
			gateway.Named("StartTime", "0001-01-01T00:00:00Z"), gateway.Named("EndTime", ""), gateway.Named("LastErrorTime", ""),
			gateway.Named("Status", "Idle"), gateway.Named("Error", ""), gateway.Named("ExecCnt", "0"), gateway.Named("ErrorCnt", "0")},
			gateway.TaskStatus{Status: "Idle"}, ""},
		{"bad time", []gateway.Arg{
			gateway.Named("StartTime", "yesterday"), gateway.Named("EndTime", ""), gateway.Named("LastErrorTime", ""),
			gateway.Named("Status", "Idle"), gateway.Named("Error", ""), gateway.Named("ExecCnt", "0"), gateway.Named("ErrorCnt", "0")},
			gateway.TaskStatus{}, `time "yesterday" is not RFC 3339`},
		{"bad count", []gateway.Arg{
			gateway.Named("StartTime", ""), gateway.Named("EndTime", ""), gateway.Named("LastErrorTime", ""),
			gateway.Named("Status", "Idle"), gateway.Named("Error", ""), gateway.Named("ExecCnt", "many"), gateway.Named("ErrorCnt", "0")},
			gateway.TaskStatus{}, `count "many" is not a number`},
		{"negative count", []gateway.Arg{
			gateway.Named("StartTime", ""), gateway.Named("EndTime", ""), gateway.Named("LastErrorTime", ""),
			gateway.Named("Status", "Idle"), gateway.Named("Error", ""), gateway.Named("ExecCnt", "-9223372036854775808"), gateway.Named("ErrorCnt", "0")},
			gateway.TaskStatus{}, `count "-9223372036854775808" is negative`},
		{"time before 1970", []gateway.Arg{
			gateway.Named("StartTime", "1969-12-31T23:59:59Z"), gateway.Named("EndTime", ""), gateway.Named("LastErrorTime", ""),
			gateway.Named("Status", "Idle"), gateway.Named("Error", ""), gateway.Named("ExecCnt", "0"), gateway.Named("ErrorCnt", "0")},
			gateway.TaskStatus{}, `time "1969-12-31T23:59:59Z" is before 1970`},
		{"too few results", []gateway.Arg{gateway.Text("")}, gateway.TaskStatus{}, "expected 7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newClientHost(t, func(*gateway.Request) *gateway.Response { return ok(tc.results...) })
			got, err := newTestClient(t, h.srv.URL).TaskGetStatus(context.Background(), "prod", "t")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				var perr *gateway.Error
				if !errors.As(err, &perr) || gateway.IsTransport(err) {
					t.Errorf("err %T: a bad record should be a protocol error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !got.StartTime.Equal(tc.want.StartTime) || !got.EndTime.Equal(tc.want.EndTime) ||
				!got.LastErrorTime.Equal(tc.want.LastErrorTime) || got.Status != tc.want.Status ||
				got.Error != tc.want.Error || got.ExecCount != tc.want.ExecCount || got.ErrorCount != tc.want.ErrorCount {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
