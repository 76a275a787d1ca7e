package hostdoc

import (
	"strings"
	"testing"
)

// TestCheckTasksReportsEveryTask: every bad task is reported, not only
// the first, and the good ones are kept.
func TestCheckTasksReportsEveryTask(t *testing.T) {
	doc := `<Tasks>
  <Task name="good"><Schedule every="30s"/></Task>
  <Task name="bad-schedule"><Schedule every="soon"/></Task>
  <Task name="good"><Schedule every="1m"/></Task>
  <Task name="../x"><Schedule every="1m"/></Task>
</Tasks>`
	ts, problems, err := CheckTasks([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Tasks) != 1 || ts.Tasks[0].Name != "good" {
		t.Fatalf("valid tasks %+v", ts.Tasks)
	}
	if len(problems) != 3 {
		t.Fatalf("problems %v, want 3", problems)
	}
	for i, want := range []string{"bad-schedule: error", "good: error: tasks 1 and 3 are both named", "task 4: error"} {
		if !strings.HasPrefix(problems[i].String(), want) {
			t.Errorf("problem %d = %q, want it to start %q", i, problems[i], want)
		}
	}
	if _, _, err := CheckTasks([]byte("<Tasks>")); err == nil {
		t.Fatal("a document that does not parse is no error")
	}
}
