package taskdetail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/views/panetest"
)

// behindSlowLog is a client of the test's mock host through a proxy that
// holds taskGetLog answers for delay: a big log on a slow link.
func behindSlowLog(t *testing.T, env *panetest.Env, delay time.Duration) *gateway.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if req, err := gateway.UnmarshalRequest(body, gateway.DefaultLimits()); err == nil && req.Function == "taskGetLog" {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		resp, err := http.Post(env.Host.URL(), "application/xml", bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(srv.Close)
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	panetest.Login(t, env.Common.Ctx, cl)
	return cl
}

// TestDetailShowsBeforeItsLog: the definition, schedule and status show
// while the task's log is still on its way ("reading the log…"), and the
// strip when it arrives.
func TestDetailShowsBeforeItsLog(t *testing.T) {
	env := panetest.Start(t)
	env.Run(time.Minute)
	env.Common.Client = behindSlowLog(t, env, 1500*time.Millisecond)
	m := New(env.Common, "production", "sync-reports")
	m.SetSize(100, 30)
	msgs := make(chan tea.Msg, 16)
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		msg := c()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				go run(c)
			}
		} else if msg != nil {
			msgs <- msg
		}
	}
	go run(m.Init())
	deadline := time.After(10 * time.Second)
	shownEarly := false
	for !strings.Contains(m.View(), "recent   ✓") && !strings.Contains(m.View(), "recent   +") && !strings.Contains(m.View(), "recent   x") && !strings.Contains(m.View(), "recent   ✗") {
		select {
		case msg := <-msgs:
			cmd, _ := m.Update(msg)
			go run(cmd)
			if v := m.View(); strings.Contains(v, "schedule") && strings.Contains(v, "reading the log…") {
				shownEarly = true
			}
		case <-deadline:
			t.Fatalf("the strip never came:\n%s", m.View())
		}
	}
	if !shownEarly {
		t.Fatal("the task showed only once its log had arrived")
	}
}

// TestFailedLogReadWaitsForARun: a log that could not be read (it does
// not parse, or did not arrive in time) would fail the same way on every
// poll: it is read again when a run starts or ends, not before; a log over
// the size limit only once it was reset.
func TestFailedLogReadWaitsForARun(t *testing.T) {
	st := gateway.TaskStatus{ExecCount: 7, ErrorCount: 1, StartTime: time.Unix(100, 0), EndTime: time.Unix(110, 0)}
	ended := st
	ended.ExecCount, ended.EndTime = 8, time.Unix(120, 0)
	reset := gateway.TaskStatus{}
	bad := fmt.Errorf("invalid log document: %w", hostdoc.ErrInvalid)
	slow := &gateway.TransportError{Function: "taskGetLog", Err: errors.New("context deadline exceeded")}
	huge := fmt.Errorf("taskGetLog: %w", gateway.ErrTooLarge)
	for _, c := range []struct {
		was, now gateway.TaskStatus
		err      error
		want     bool
	}{
		{st, st, nil, false}, {st, ended, nil, true},
		{st, st, bad, false}, {st, ended, bad, true},
		{st, st, slow, false}, {st, ended, slow, true},
		{st, ended, huge, false}, {st, reset, huge, true},
	} {
		if got := RereadLog(c.was, c.now, c.err); got != c.want {
			t.Errorf("RereadLog(exec %d → %d, %v) = %v, want %v", c.was.ExecCount, c.now.ExecCount, c.err, got, c.want)
		}
	}
}

// TestSummaryCountsInterrupted: the strip's ! marks are counted in its
// summary, so the counts add up to the runs shown.
func TestSummaryCountsInterrupted(t *testing.T) {
	if got := summary(1, 1, 1, 3); got != " 1 ok, 1 failed, 1 interrupted of the last 3" {
		t.Fatalf("summary: %q", got)
	}
	if got := summary(2, 1, 0, 3); got != " 2 ok, 1 failed of the last 3" {
		t.Fatalf("summary: %q", got)
	}
}
