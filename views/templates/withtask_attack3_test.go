package templates

import (
	"testing"

	"dpconsole/gateway/hostdoc"
)

// A tasks document may end with a comment that mentions </Tasks>; the
// applied task must land in the document, not inside that comment.
func TestWithTaskIgnoresTasksEndInAComment(t *testing.T) {
	base := "<Tasks>\n  <Task name=\"a\" enabled=\"true\"><Schedule every=\"5s\"/><ID>x.iic</ID><Action type=\"verify\" source=\"/d\"/></Task>\n</Tasks>\n<!-- moved here from staging: </Tasks> -->\n"
	ts0, err := hostdoc.ParseTasks([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := ts0.Tasks[0]
	mine, err := withTask(base, tmpl, "new-task")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := hostdoc.ParseTasks(mine)
	if err != nil {
		t.Fatalf("the result does not parse: %v\n%s", err, mine)
	}
	if ts.Find("new-task") == nil {
		t.Errorf("the applied task is not in the document (it went into the comment):\n%s", mine)
	}
}

// The root's end is found as the decoder reads it: not in a comment inside
// the root, and a self-closed root is written whole.
func TestWithTaskFindsTheRootsEnd(t *testing.T) {
	task := hostdoc.Task{Enabled: true, Schedule: hostdoc.Schedule{Every: "5s"}, ID: "x.iic", Action: hostdoc.Action{Type: "verify", Source: "/d"}}
	for _, base := range []string{
		"<Tasks>\n  <!-- the old </Tasks> was here -->\n</Tasks>\n",
		"<Tasks/>\n",
		"<?xml version=\"1.0\"?>\n<Tasks>\n</Tasks>",
	} {
		mine, err := withTask(base, task, "new-task")
		if err != nil {
			t.Fatalf("%q: %v", base, err)
		}
		ts, err := hostdoc.ParseTasks(mine)
		if err != nil || ts.Find("new-task") == nil || len(ts.Tasks) != 1 {
			t.Errorf("%q gave (%v):\n%s", base, err, mine)
		}
	}
}
