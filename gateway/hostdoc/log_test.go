package hostdoc

import (
	"strings"
	"testing"
	"time"
)

func TestTaskLogRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	l := &TaskLog{Config: "prod & co", Task: `a"b`, Entries: []Entry{
		{Time: at, Level: LevelInfo, Text: "Execution 12 started"},
		{Time: at.Add(2 * time.Second), Level: LevelError, Text: "ID <operations.iic> not found\nsecond line"},
	}}
	data := MarshalTaskLog(l)
	info, entries, err := ParseLog(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if info.Kind != "TaskLog" || info.Config != l.Config || info.Task != l.Task {
		t.Errorf("info = %+v", info)
	}
	if len(entries) != 2 {
		t.Fatalf("entries = %d", len(entries))
	}
	for i := range entries {
		if !entries[i].Time.Equal(l.Entries[i].Time) || entries[i].Level != l.Entries[i].Level || entries[i].Text != l.Entries[i].Text {
			t.Errorf("entry %d = %+v, want %+v", i, entries[i], l.Entries[i])
		}
	}
}

func TestAgentLogRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 29, 9, 0, 0, 0, time.FixedZone("X", 3600))
	data := MarshalAgentLog(&AgentLog{Started: at, Entries: []Entry{{Time: at, Level: LevelWarn, Text: "control \x01 char"}}})
	if !strings.Contains(string(data), `started="2026-11-29T08:00:00Z"`) {
		t.Errorf("started must be UTC RFC 3339: %s", data)
	}
	info, entries, err := ParseLog(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if info.Kind != "AgentLog" || !info.Started.Equal(at) || len(entries) != 1 || entries[0].Level != LevelWarn {
		t.Errorf("info = %+v entries = %+v", info, entries)
	}
}

func TestEntryLine(t *testing.T) {
	e := Entry{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Level: LevelDebug, Text: "a < b"}
	line := AppendEntry([]byte("prefix|"), e)
	if !strings.HasPrefix(string(line), "prefix|<Entry ") || !strings.HasSuffix(string(line), "</Entry>\n") {
		t.Fatalf("line = %q", line)
	}
	got, err := ParseEntry(line[len("prefix|"):])
	if err != nil || got != e {
		t.Errorf("ParseEntry = %+v, %v; want %+v", got, err, e)
	}
}

func TestParseLogRefuses(t *testing.T) {
	for _, doc := range []string{
		`<Log/>`,
		`<TaskLog><Entry time="yesterday" level="info">x</Entry></TaskLog>`,
		`<TaskLog><Entry time="2026-01-01T00:00:00Z" level="loud">x</Entry></TaskLog>`,
		`<AgentLog started="soon"/>`,
		`<!DOCTYPE x><TaskLog/>`,
	} {
		if _, _, err := ParseLog([]byte(doc)); err == nil {
			t.Errorf("ParseLog accepted %q", doc)
		}
	}
	for _, line := range []string{`<Entry time="2026-01-01T00:00:00Z" level="info">torn`, `<Other/>`} {
		if _, err := ParseEntry([]byte(line)); err == nil {
			t.Errorf("ParseEntry accepted %q", line)
		}
	}
}

func TestMachine(t *testing.T) {
	fp := strings.Repeat("AB", 32)
	m := &Machine{Hostname: "h", OS: "linux", Arch: "amd64", Fingerprint: fp}
	data, err := MarshalMachine(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseMachine(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if got.Hostname != "h" || got.Fingerprint != strings.ToLower(fp) {
		t.Errorf("got %+v", got)
	}
	b, err := got.FingerprintBytes()
	if err != nil || len(b) != 32 || b[0] != 0xab {
		t.Errorf("FingerprintBytes = %x, %v", b, err)
	}
	for _, doc := range []string{
		`<Machine><Fingerprint>abc</Fingerprint></Machine>`,
		`<Machine><Fingerprint>` + strings.Repeat("zz", 32) + `</Fingerprint></Machine>`,
		`<Host/>`,
		`not xml`,
	} {
		if _, err := ParseMachine([]byte(doc)); err == nil {
			t.Errorf("ParseMachine accepted %q", doc)
		}
	}
}
