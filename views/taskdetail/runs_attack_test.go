package taskdetail

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// A host whose log of a task never parses (an entry it wrote badly) or
// never arrives within the call's timeout (a log too big for the link):
// the answer is the same on every poll until the task runs again, yet the
// detail and the tasks table read the whole log again on every poll
// (every 2 s), as they would not for a log over the size limit.
func TestAttackDeterministicLogFailureRereadsEveryPoll(t *testing.T) {
	st := gateway.TaskStatus{ExecCount: 7, ErrorCount: 1, StartTime: time.Unix(100, 0), EndTime: time.Unix(110, 0)}
	for _, err := range []error{
		fmt.Errorf("invalid log document: %w", hostdoc.ErrInvalid),
		&gateway.TransportError{Function: "taskGetLog", Err: fmt.Errorf("reading the answer: %w", errors.New("context deadline exceeded"))},
	} {
		if RereadLog(st, st, err) {
			t.Errorf("an unchanged task whose last read failed with %q is read again on every poll", err)
		}
	}
}
