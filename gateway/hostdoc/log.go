package hostdoc

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"
)

// Log levels, lowest first.
const (
	LevelDebug = "debug"
	LevelInfo  = "info"
	LevelWarn  = "warn"
	LevelError = "error"
)

// TimeFormat is how times appear in logs: RFC 3339 in UTC (docs/protocol.md §2).
const TimeFormat = time.RFC3339

// Entry is one log line.
type Entry struct {
	Time  time.Time
	Level string
	Text  string
}

// TaskLog is a task's log (taskGetLog), oldest entry first.
type TaskLog struct {
	Config, Task string
	Entries      []Entry
}

// AgentLog is the log of one agent start (agentGetLog), oldest entry first.
type AgentLog struct {
	Started time.Time
	Entries []Entry
}

// LogInfo is what ParseLog found on the root element.
type LogInfo struct {
	Kind    string    // "TaskLog" or "AgentLog"
	Config  string    // TaskLog only
	Task    string    // TaskLog only
	Started time.Time // AgentLog only
}

type entryXML struct {
	Time  string `xml:"time,attr"`
	Level string `xml:"level,attr"`
	Text  string `xml:",chardata"`
}

type logXML struct {
	XMLName xml.Name
	Config  string     `xml:"config,attr"`
	Task    string     `xml:"task,attr"`
	Started string     `xml:"started,attr"`
	Entries []entryXML `xml:"Entry"`
}

// ParseLog decodes a <TaskLog> or <AgentLog> document.
func ParseLog(data []byte) (LogInfo, []Entry, error) {
	root, err := CheckDoc("log", data)
	if err != nil {
		return LogInfo{}, nil, err
	}
	if root != "TaskLog" && root != "AgentLog" {
		return LogInfo{}, nil, docErr("log", "the root element is <%s>, expected <TaskLog> or <AgentLog>", root)
	}
	var w logXML
	if err := xml.Unmarshal(data, &w); err != nil {
		return LogInfo{}, nil, docErr("log", "%v", err)
	}
	info := LogInfo{Kind: root}
	if root == "TaskLog" {
		info.Config, info.Task = w.Config, w.Task
	} else if w.Started != "" {
		if info.Started, err = time.Parse(TimeFormat, w.Started); err != nil {
			return LogInfo{}, nil, docErr("log", "started=%q is not an RFC 3339 time", w.Started)
		}
	}
	entries := make([]Entry, 0, len(w.Entries))
	for i, e := range w.Entries {
		ent, err := e.toEntry()
		if err != nil {
			return LogInfo{}, nil, docErr("log", "entry %d: %v", i+1, err)
		}
		entries = append(entries, ent)
	}
	return info, entries, nil
}

// ParseEntry decodes one <Entry> element, as the mock host stores them one
// per line.
func ParseEntry(data []byte) (Entry, error) {
	root, err := CheckDoc("log entry", data)
	if err != nil {
		return Entry{}, err
	}
	if root != "Entry" {
		return Entry{}, docErr("log entry", "the root element is <%s>, expected <Entry>", root)
	}
	var w entryXML
	if err := xml.Unmarshal(data, &w); err != nil {
		return Entry{}, docErr("log entry", "%v", err)
	}
	e, err := w.toEntry()
	if err != nil {
		return Entry{}, docErr("log entry", "%v", err)
	}
	return e, nil
}

func (e entryXML) toEntry() (Entry, error) {
	t, err := time.Parse(TimeFormat, e.Time)
	if err != nil {
		return Entry{}, fmt.Errorf("time=%q is not an RFC 3339 time", e.Time)
	}
	if !ValidLevel(e.Level) {
		return Entry{}, fmt.Errorf("level=%q: use debug, info, warn or error", e.Level)
	}
	return Entry{Time: t, Level: e.Level, Text: e.Text}, nil
}

// ValidLevel reports whether level is one of the four log levels.
func ValidLevel(level string) bool {
	switch level {
	case LevelDebug, LevelInfo, LevelWarn, LevelError:
		return true
	}
	return false
}

// MarshalTaskLog renders a task log document.
func MarshalTaskLog(l *TaskLog) []byte {
	var b bytes.Buffer
	b.WriteString(`<TaskLog config="`)
	escape(&b, l.Config)
	b.WriteString(`" task="`)
	escape(&b, l.Task)
	b.WriteString(`">` + "\n")
	writeEntries(&b, l.Entries)
	b.WriteString("</TaskLog>\n")
	return b.Bytes()
}

// MarshalAgentLog renders an agent log document.
func MarshalAgentLog(l *AgentLog) []byte {
	var b bytes.Buffer
	b.WriteString(`<AgentLog started="`)
	b.WriteString(formatTime(l.Started))
	b.WriteString(`">` + "\n")
	writeEntries(&b, l.Entries)
	b.WriteString("</AgentLog>\n")
	return b.Bytes()
}

// AppendEntry appends one <Entry> element and a newline to dst: the line
// format the mock host stores logs in.
func AppendEntry(dst []byte, e Entry) []byte {
	b := bytes.NewBuffer(dst) // appends in place, growing dst's array
	writeEntry(b, e)
	b.WriteByte('\n')
	return b.Bytes()
}

func writeEntries(b *bytes.Buffer, entries []Entry) {
	b.Grow(len(entries) * 96)
	for _, e := range entries {
		b.WriteString("  ")
		writeEntry(b, e)
		b.WriteByte('\n')
	}
}

func writeEntry(b *bytes.Buffer, e Entry) {
	b.WriteString(`<Entry time="`)
	b.WriteString(formatTime(e.Time))
	b.WriteString(`" level="`)
	escape(b, e.Level)
	b.WriteString(`">`)
	escape(b, e.Text)
	b.WriteString("</Entry>")
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimeFormat)
}

func escape(b *bytes.Buffer, s string) {
	// EscapeText never fails on a bytes.Buffer; characters XML cannot hold
	// become U+FFFD, so the output always parses.
	_ = xml.EscapeText(b, []byte(s))
}
