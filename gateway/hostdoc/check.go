package hostdoc

import "fmt"

// Problem is one thing wrong with one task of a tasks document: an error
// that the host would refuse the document for (a bad name or schedule, a
// duplicate name), or a warning about something the host accepts but a
// run will trip on (a missing ID or script).
type Problem struct {
	Task    string // the task's name, or "task N" when it has no valid name
	Message string
	Warning bool
}

// String words the problem for the operator.
func (p Problem) String() string {
	kind := "error"
	if p.Warning {
		kind = "warning"
	}
	return fmt.Sprintf("%s: %s: %s", p.Task, kind, p.Message)
}

// CheckTasks reads a tasks document and reports every task's problems, not
// only the first: ts holds the tasks that are valid. A document that does
// not parse at all is err; then there are no per-task problems.
func CheckTasks(data []byte) (ts *Tasks, problems []Problem, err error) {
	var w tasksXML
	if err := decode("tasks", data, "Tasks", &w); err != nil {
		return nil, nil, err
	}
	if err := unknownParts("<Tasks>", w.Extra, w.Attrs); err != nil {
		return nil, nil, docErr("tasks", "%v", err)
	}
	ts = &Tasks{Tasks: make([]Task, 0, len(w.Tasks))}
	seen := make(map[string]int, len(w.Tasks))
	for i := range w.Tasks {
		name := w.Tasks[i].Name
		if ValidName("task", name) != nil {
			name = fmt.Sprintf("task %d", i+1)
		}
		t, err := w.Tasks[i].toTask()
		if err != nil {
			problems = append(problems, Problem{Task: name, Message: err.Error()})
			continue
		}
		if j, dup := seen[t.Name]; dup {
			problems = append(problems, Problem{Task: name,
				Message: fmt.Sprintf("tasks %d and %d are both named %q; task names must be unique", j+1, i+1, t.Name)})
			continue
		}
		seen[t.Name] = i
		ts.Tasks = append(ts.Tasks, t)
	}
	return ts, problems, nil
}
