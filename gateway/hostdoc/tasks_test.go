package hostdoc

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const sampleTasks = `<?xml version="1.0" encoding="UTF-8"?>
<Tasks>
  <Task name="protect-inbox" enabled="true">
    <Description>Protect new files in the inbox</Description>
    <Schedule every="30s"/>
    <ID>operations.iic</ID>
    <Script>protect.xml</Script>
    <Action type="protect" source="/data/inbox" target="/data/protected"/>
  </Task>
  <Task name="nightly audit" enabled="false">
    <Schedule cron="0 2 * * *"/>
    <Simulate failEvery="3" failRate="0.25"/>
  </Task>
  <Task name="defaults">
    <Schedule every="1s"/>
  </Task>
</Tasks>`

func TestParseTasks(t *testing.T) {
	ts, err := ParseTasks([]byte(sampleTasks))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Tasks) != 3 {
		t.Fatalf("got %d tasks, want 3", len(ts.Tasks))
	}
	p := ts.Tasks[0]
	want := Task{Name: "protect-inbox", Enabled: true, Description: "Protect new files in the inbox",
		Schedule: Schedule{Every: "30s"}, ID: "operations.iic", Script: "protect.xml",
		Action: Action{Type: "protect", Source: "/data/inbox", Target: "/data/protected"}}
	if p != want {
		t.Errorf("task 1 = %+v, want %+v", p, want)
	}
	n := ts.Find("nightly audit")
	if n == nil || n.Enabled || n.Schedule.Cron != "0 2 * * *" || n.Simulate != (Simulate{FailEvery: 3, FailRate: 0.25}) {
		t.Errorf("task 2 = %+v", n)
	}
	if !ts.Tasks[2].Enabled {
		t.Error("enabled must default to true")
	}
	if ts.Find("missing") != nil {
		t.Error("Find of a missing task must be nil")
	}

	// A marshalled document parses back to the same tasks.
	out, err := MarshalTasks(ts)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseTasks(out)
	if err != nil {
		t.Fatalf("re-parse: %v\n%s", err, out)
	}
	for i := range ts.Tasks {
		if ts.Tasks[i] != again.Tasks[i] {
			t.Errorf("round trip task %d: %+v != %+v", i, again.Tasks[i], ts.Tasks[i])
		}
	}
}

func TestParseTasksRefuses(t *testing.T) {
	task := func(body string) string { return `<Tasks><Task name="t">` + body + `</Task></Tasks>` }
	tests := []struct {
		name, doc, why string
	}{
		{"not xml", "hello", "invalid tasks"},
		{"empty", "", "empty"},
		{"doctype", `<!DOCTYPE Tasks [<!ENTITY x "y">]><Tasks/>`, "DOCTYPE"},
		{"wrong root", `<Task name="a"><Schedule every="1s"/></Task>`, "expected <Tasks>"},
		{"two roots", `<Tasks/><Tasks/>`, "more than one root"},
		{"unclosed", `<Tasks><Task name="a">`, "invalid tasks"},
		{"no schedule", task(""), "no <Schedule>"},
		{"both schedules", task(`<Schedule every="1s" cron="* * * * *"/>`), "both"},
		{"empty schedule", task(`<Schedule/>`), "needs every"},
		{"short every", task(`<Schedule every="500ms"/>`), "at least 1s"},
		{"bad every", task(`<Schedule every="soon"/>`), "not a duration"},
		{"six cron fields", task(`<Schedule cron="0 0 2 * * *"/>`), "6 fields"},
		{"descriptor cron", task(`<Schedule cron="@hourly"/>`), "1 fields"},
		{"bad cron", task(`<Schedule cron="61 * * * *"/>`), "cron"},
		{"bad enabled", `<Tasks><Task name="t" enabled="yes please"><Schedule every="1s"/></Task></Tasks>`, "true or false"},
		{"bad task name", `<Tasks><Task name="../x"><Schedule every="1s"/></Task></Tasks>`, "bad task name"},
		{"no task name", `<Tasks><Task><Schedule every="1s"/></Task></Tasks>`, "empty"},
		{"bad id", task(`<Schedule every="1s"/><ID>a/b</ID>`), "bad ID name"},
		{"bad script", task(`<Schedule every="1s"/><Script>.x</Script>`), "bad script name"},
		{"action without type", task(`<Schedule every="1s"/><Action source="/a"/>`), "needs a type"},
		{"unknown element", task(`<Schedule every="1s"/><Schedul every="2s"/>`), "unknown element <Schedul>"},
		{"unknown attribute", task(`<Schedule every="1s" evry="2s"/>`), `unknown attribute "evry"`},
		{"unknown tasks child", `<Tasks><Taks/></Tasks>`, "unknown element <Taks>"},
		{"bad failEvery", task(`<Schedule every="1s"/><Simulate failEvery="0"/>`), "failEvery"},
		{"bad failRate", task(`<Schedule every="1s"/><Simulate failRate="1.5"/>`), "failRate"},
		{"nan failRate", task(`<Schedule every="1s"/><Simulate failRate="NaN"/>`), "failRate"},
		{"duplicate", `<Tasks><Task name="a"><Schedule every="1s"/></Task><Task name="a"><Schedule every="2s"/></Task></Tasks>`, "unique"},
		{"too deep", strings.Repeat("<Tasks>", MaxDocDepth+1), "nested deeper"},
	}
	for _, tc := range tests {
		_, err := ParseTasks([]byte(tc.doc))
		if err == nil {
			t.Errorf("%s: ParseTasks accepted %q", tc.name, tc.doc)
			continue
		}
		if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrBadName) {
			t.Errorf("%s: error %v wraps neither ErrInvalid nor ErrBadName", tc.name, err)
		}
		if !strings.Contains(err.Error(), tc.why) {
			t.Errorf("%s: error %q does not mention %q", tc.name, err, tc.why)
		}
	}
}

func TestParseTasksSizeLimit(t *testing.T) {
	big := make([]byte, MaxDocBytes+1)
	if _, err := ParseTasks(big); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("oversized document: err = %v", err)
	}
}

func TestParseTemplate(t *testing.T) {
	tk, err := ParseTemplate([]byte(`<Task name="Protect folder" enabled="false"><Schedule every="5m"/><Action type="protect" source="/in"/></Task>`))
	if err != nil {
		t.Fatal(err)
	}
	if tk.Name != "Protect folder" || tk.Enabled || tk.Action.Source != "/in" {
		t.Errorf("template = %+v", tk)
	}
	out, err := MarshalTask(tk)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseTemplate(out)
	if err != nil || *back != *tk {
		t.Errorf("round trip = %+v, %v; want %+v", back, err, tk)
	}
	if _, err := ParseTemplate([]byte(`<Tasks/>`)); err == nil || !strings.Contains(err.Error(), "expected <Task>") {
		t.Errorf("a <Tasks> root must be refused as a template, got %v", err)
	}
	bad := Task{Name: "x", Schedule: Schedule{Every: "0s"}}
	if err := bad.Validate(); err == nil {
		t.Error("Validate accepted a 0s schedule")
	}
}

func TestScheduleCompile(t *testing.T) {
	at := time.Date(2026, 11, 29, 9, 0, 30, 0, time.UTC)
	every, err := Schedule{Every: "30s"}.Compile()
	if err != nil {
		t.Fatal(err)
	}
	if got := every.Next(at); !got.Equal(at.Add(30 * time.Second)) {
		t.Errorf("every 30s after %v = %v", at, got)
	}
	cr, err := Schedule{Cron: "0 2 * * *"}.Compile()
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
	// The cron schedule runs in UTC whatever the caller's zone.
	if got := cr.Next(at.In(time.FixedZone("X", 5*3600))); !got.Equal(want) {
		t.Errorf("cron next = %v, want %v", got, want)
	}
	if s := (Schedule{Cron: "0 2 * * *"}).String(); s != "cron 0 2 * * *" {
		t.Errorf("String = %q", s)
	}
}
