package hostdoc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// MinEvery is the shortest interval an every schedule may have.
const MinEvery = time.Second

// Tasks is a configuration's tasks document (configGetTasks, configSaveTasks).
type Tasks struct {
	Tasks []Task
}

// Task is one <Task>: a named, scheduled execution of an ID and a script.
type Task struct {
	Name        string
	Enabled     bool
	Description string
	Schedule    Schedule
	ID          string // optional ID file name, looked up in the configuration, then shared
	Script      string // optional script file name, looked up the same way
	Action      Action
	Simulate    Simulate
}

// Schedule says when a task runs: exactly one of Every and Cron is set.
type Schedule struct {
	Every string // a Go duration, at least MinEvery
	Cron  string // five fields, evaluated in UTC
}

// Action is what an execution does, for the log; it is optional.
type Action struct {
	Type, Source, Target string
}

// Simulate asks the mock host for failures; the zero value asks for none.
type Simulate struct {
	FailEvery int     // every Nth execution fails; 0 means never
	FailRate  float64 // probability that an execution fails, 0..1
}

// The wire shapes. They differ from the public types so that absent and
// unknown parts can be told apart from empty ones.
type tasksXML struct {
	XMLName xml.Name   `xml:"Tasks"`
	Tasks   []taskXML  `xml:"Task"`
	Extra   []anyElem  `xml:",any"`
	Attrs   []xml.Attr `xml:",any,attr"`
}

type taskXML struct {
	XMLName     xml.Name     `xml:"Task"`
	Name        string       `xml:"name,attr"`
	Enabled     string       `xml:"enabled,attr,omitempty"`
	Description string       `xml:"Description,omitempty"`
	Schedule    *scheduleXML `xml:"Schedule"`
	ID          string       `xml:"ID,omitempty"`
	Script      string       `xml:"Script,omitempty"`
	Action      *actionXML   `xml:"Action"`
	Simulate    *simulateXML `xml:"Simulate"`
	Extra       []anyElem    `xml:",any"`
	Attrs       []xml.Attr   `xml:",any,attr"`
}

type scheduleXML struct {
	Every string     `xml:"every,attr,omitempty"`
	Cron  string     `xml:"cron,attr,omitempty"`
	Attrs []xml.Attr `xml:",any,attr"`
}

type actionXML struct {
	Type   string     `xml:"type,attr"`
	Source string     `xml:"source,attr,omitempty"`
	Target string     `xml:"target,attr,omitempty"`
	Attrs  []xml.Attr `xml:",any,attr"`
}

type simulateXML struct {
	FailEvery string     `xml:"failEvery,attr,omitempty"`
	FailRate  string     `xml:"failRate,attr,omitempty"`
	Attrs     []xml.Attr `xml:",any,attr"`
}

// ParseTasks decodes and validates a <Tasks> document: every task valid,
// task names unique.
func ParseTasks(data []byte) (*Tasks, error) {
	var w tasksXML
	if err := decode("tasks", data, "Tasks", &w); err != nil {
		return nil, err
	}
	if err := unknownParts("<Tasks>", w.Extra, w.Attrs); err != nil {
		return nil, docErr("tasks", "%v", err)
	}
	out := &Tasks{Tasks: make([]Task, 0, len(w.Tasks))}
	seen := make(map[string]int, len(w.Tasks))
	for i := range w.Tasks {
		t, err := w.Tasks[i].toTask()
		if err != nil {
			return nil, docErr("tasks", "task %d: %v", i+1, err)
		}
		if j, dup := seen[t.Name]; dup {
			return nil, docErr("tasks", "tasks %d and %d are both named %q; task names must be unique", j+1, i+1, t.Name)
		}
		seen[t.Name] = i
		out.Tasks = append(out.Tasks, t)
	}
	return out, nil
}

// ParseTemplate decodes and validates one <Task> element; its name names
// the template.
func ParseTemplate(data []byte) (*Task, error) {
	var w taskXML
	if err := decode("template", data, "Task", &w); err != nil {
		return nil, err
	}
	t, err := w.toTask()
	if err != nil {
		return nil, docErr("template", "%v", err)
	}
	return &t, nil
}

// Find returns the task with the given name, or nil.
func (ts *Tasks) Find(name string) *Task {
	for i := range ts.Tasks {
		if ts.Tasks[i].Name == name {
			return &ts.Tasks[i]
		}
	}
	return nil
}

// Validate checks a task built in code the way the parsers check a decoded one.
func (t *Task) Validate() error {
	_, err := t.wire().toTask()
	return err
}

func (w *taskXML) toTask() (Task, error) {
	where := fmt.Sprintf("<Task name=%q>", w.Name)
	if err := ValidName("task", w.Name); err != nil {
		return Task{}, err
	}
	if err := unknownParts(where, w.Extra, w.Attrs); err != nil {
		return Task{}, err
	}
	t := Task{Name: w.Name, Enabled: true, Description: w.Description, ID: w.ID, Script: w.Script}
	if w.Enabled != "" {
		b, err := strconv.ParseBool(w.Enabled)
		if err != nil {
			return Task{}, fmt.Errorf("%s: enabled=%q: use true or false", where, w.Enabled)
		}
		t.Enabled = b
	}
	if w.Schedule == nil {
		return Task{}, fmt.Errorf(`%s: no <Schedule>; add <Schedule every="30s"/> or <Schedule cron="0 2 * * *"/>`, where)
	}
	if err := unknownParts(where+" <Schedule>", nil, w.Schedule.Attrs); err != nil {
		return Task{}, err
	}
	t.Schedule = Schedule{Every: strings.TrimSpace(w.Schedule.Every), Cron: strings.TrimSpace(w.Schedule.Cron)}
	if _, err := t.Schedule.Compile(); err != nil {
		return Task{}, fmt.Errorf("%s: %v", where, err)
	}
	if t.ID != "" {
		if err := ValidName("ID", t.ID); err != nil {
			return Task{}, fmt.Errorf("%s: <ID>: %v", where, err)
		}
	}
	if t.Script != "" {
		if err := ValidName("script", t.Script); err != nil {
			return Task{}, fmt.Errorf("%s: <Script>: %v", where, err)
		}
	}
	if a := w.Action; a != nil {
		if err := unknownParts(where+" <Action>", nil, a.Attrs); err != nil {
			return Task{}, err
		}
		if strings.TrimSpace(a.Type) == "" {
			return Task{}, fmt.Errorf(`%s: <Action> needs a type, e.g. type="protect"`, where)
		}
		t.Action = Action{Type: a.Type, Source: a.Source, Target: a.Target}
	}
	if s := w.Simulate; s != nil {
		sim, err := s.parse()
		if err != nil {
			return Task{}, fmt.Errorf("%s: <Simulate>: %v", where, err)
		}
		t.Simulate = sim
	}
	return t, nil
}

func (s *simulateXML) parse() (Simulate, error) {
	if len(s.Attrs) > 0 {
		return Simulate{}, fmt.Errorf("unknown attribute %q; use failEvery or failRate", s.Attrs[0].Name.Local)
	}
	var out Simulate
	if s.FailEvery != "" {
		n, err := strconv.Atoi(s.FailEvery)
		if err != nil || n < 1 {
			return Simulate{}, fmt.Errorf("failEvery=%q: use a whole number of at least 1", s.FailEvery)
		}
		out.FailEvery = n
	}
	if s.FailRate != "" {
		p, err := strconv.ParseFloat(s.FailRate, 64)
		if err != nil || p < 0 || p > 1 || p != p {
			return Simulate{}, fmt.Errorf("failRate=%q: use a number from 0 to 1", s.FailRate)
		}
		out.FailRate = p
	}
	return out, nil
}

// Next is a compiled schedule: the first run strictly after t.
type Next interface {
	Next(t time.Time) time.Time
}

type everySchedule time.Duration

// Next adds the interval.
func (e everySchedule) Next(t time.Time) time.Time { return t.Add(time.Duration(e)) }

type utcSchedule struct{ s cron.Schedule }

// Next evaluates the cron fields in UTC.
func (u utcSchedule) Next(t time.Time) time.Time { return u.s.Next(t.UTC()) }

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// Compile validates the schedule and returns what computes its runs.
func (s Schedule) Compile() (Next, error) {
	switch {
	case s.Every != "" && s.Cron != "":
		return nil, errors.New("<Schedule> has both every and cron; keep one")
	case s.Every != "":
		d, err := time.ParseDuration(s.Every)
		if err != nil {
			return nil, fmt.Errorf("<Schedule every=%q>: not a duration; write e.g. 30s, 5m or 1h30m", s.Every)
		}
		if d < MinEvery {
			return nil, fmt.Errorf("<Schedule every=%q>: the interval must be at least %v", s.Every, MinEvery)
		}
		return everySchedule(d), nil
	case s.Cron != "":
		if n := len(strings.Fields(s.Cron)); n != 5 {
			return nil, fmt.Errorf("<Schedule cron=%q>: has %d fields; write five: minute hour day-of-month month day-of-week", s.Cron, n)
		}
		c, err := cronParser.Parse(s.Cron)
		if err != nil {
			return nil, fmt.Errorf("<Schedule cron=%q>: %v", s.Cron, err)
		}
		return utcSchedule{c}, nil
	}
	return nil, errors.New(`<Schedule> needs every="30s" or cron="0 2 * * *"`)
}

// String words the schedule for people: "every 30s" or "cron 0 2 * * *".
func (s Schedule) String() string {
	if s.Cron != "" {
		return "cron " + s.Cron
	}
	return "every " + s.Every
}

func (t *Task) wire() *taskXML {
	w := &taskXML{Name: t.Name, Enabled: strconv.FormatBool(t.Enabled), Description: t.Description,
		Schedule: &scheduleXML{Every: t.Schedule.Every, Cron: t.Schedule.Cron}, ID: t.ID, Script: t.Script}
	if t.Action != (Action{}) {
		w.Action = &actionXML{Type: t.Action.Type, Source: t.Action.Source, Target: t.Action.Target}
	}
	if t.Simulate != (Simulate{}) {
		w.Simulate = &simulateXML{}
		if t.Simulate.FailEvery > 0 {
			w.Simulate.FailEvery = strconv.Itoa(t.Simulate.FailEvery)
		}
		if t.Simulate.FailRate > 0 {
			w.Simulate.FailRate = strconv.FormatFloat(t.Simulate.FailRate, 'g', -1, 64)
		}
	}
	return w
}

// MarshalTasks renders a tasks document, indented, with a trailing newline.
func MarshalTasks(ts *Tasks) ([]byte, error) {
	w := tasksXML{Tasks: make([]taskXML, len(ts.Tasks))}
	for i := range ts.Tasks {
		w.Tasks[i] = *ts.Tasks[i].wire()
	}
	return marshalIndent(w)
}

// MarshalTask renders one <Task> element, as a template document.
func MarshalTask(t *Task) ([]byte, error) {
	return marshalIndent(t.wire())
}

func marshalIndent(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
