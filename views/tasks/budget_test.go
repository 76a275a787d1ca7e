package tasks

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// bigLogs is a host whose every task log is logSize bytes or so; each
// answer first runs wait (a slow link: it advances the console's clock);
// it counts the bytes of log it sent.
func bigLogs(t *testing.T, logSize int, wait func()) (*gateway.Client, *atomic.Int64) {
	t.Helper()
	var es []hostdoc.Entry
	for i := 0; len(es)*60 < logSize; i++ {
		es = append(es, hostdoc.Entry{Time: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second),
			Level: hostdoc.LevelInfo, Text: fmt.Sprintf("Execution %d finished in 1s", i)})
	}
	answer := "<Response><Status>1</Status><ResultList><Result>" +
		base64.StdEncoding.EncodeToString(hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "production", Task: "t", Entries: es})) +
		"</Result></ResultList></Response>"
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if wait != nil {
			wait()
		}
		sent.Add(int64(len(answer)))
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return cl, &sent
}

// TestStripReadsStayWithinBudget: with 60 tasks in view whose runs all
// end between polls and 1 MiB logs, one table poll reads at most the
// budget (plus the reads already on their way), and the next polls read
// the strips not read yet before reading the same ones again.
func TestStripReadsStayWithinBudget(t *testing.T) {
	_, m, r := start(t)
	m.SetSize(200, 80)
	cl, sent := bigLogs(t, 1<<20, nil)
	m.c.Client = cl
	poll := func(exec int) int64 {
		before := sent.Load()
		rows := make([]taskRow, 60)
		for i := range rows {
			rows[i] = taskRow{Name: fmt.Sprintf("task-%02d", i), Known: true,
				Status: gateway.TaskStatus{ExecCount: exec, EndTime: time.Unix(int64(exec), 0), Status: "Idle"}}
		}
		_, call := m.poll.Start("polling tasks", true)
		r.Send(fetchedMsg{gen: m.poll.Gen(), call: call, config: "production", active: "production", agent: "Active", rows: rows})
		return sent.Load() - before
	}
	read := map[int]int{} // task → polls it was read in
	for p := 1; p <= 4; p++ {
		// The budget counts the logs; the host sends them in base64.
		if got, most := poll(p), int64(stripBudget+(maxLogReads+1)<<20)*4/3+64<<10; got > most {
			t.Fatalf("poll %d read %d bytes of logs, the budget is %d", p, got, stripBudget)
		}
		for i := range 60 {
			if m.logs.byTask[fmt.Sprintf("task-%02d", i)].readAt == m.logs.polls {
				read[i]++
			}
		}
	}
	if len(read) < 8 {
		t.Fatalf("4 polls read the strips of %d tasks: the same ones again, not the longest unread", len(read))
	}
	for i, n := range read {
		if n > 1 {
			t.Fatalf("task-%02d was read in %d of 4 polls while others were never read", i, n)
		}
	}
}

// TestStripPacesASlowLink: after a read that took long (a slow link),
// the column waits nine times as long before the next one; a run that
// only started reads nothing.
func TestStripPacesASlowLink(t *testing.T) {
	env, m, r := start(t)
	m.SetSize(200, 60)
	cl, sent := bigLogs(t, 64<<10, func() { env.Clock.Advance(60 * time.Millisecond) })
	m.c.Client = cl
	status := gateway.TaskStatus{ExecCount: 1, EndTime: time.Unix(1, 0), Status: "Idle"}
	poll := func(st gateway.TaskStatus) {
		rows := []taskRow{{Name: "a", Known: true, Status: st}, {Name: "b", Known: true, Status: st}, {Name: "c", Known: true, Status: st}}
		_, call := m.poll.Start("polling tasks", true)
		r.Send(fetchedMsg{gen: m.poll.Gen(), call: call, config: "production", active: "production", agent: "Active", rows: rows})
	}
	poll(status)
	first := sent.Load()
	if first == 0 || len(m.logs.byTask) == 0 {
		t.Fatal("nothing was read")
	}
	if !m.c.Now().Before(m.logs.freeAt) {
		t.Fatal("a read of 60 ms did not pace the next")
	}
	poll(status) // same clock: still paced
	if sent.Load() != first {
		t.Fatalf("a read started before the pace allowed (%d more bytes)", sent.Load()-first)
	}
	env.Clock.Advance(2 * time.Second)
	poll(status)
	if sent.Load() == first {
		t.Fatal("no read after the pace passed")
	}
	for _, name := range []string{"a", "b", "c"} {
		if !m.logs.byTask[name].runs.Read() {
			t.Fatalf("%s was never read", name)
		}
	}
	// A run starts: no outcome to add, nothing read.
	env.Clock.Advance(2 * time.Second)
	before := sent.Load()
	started := status
	started.StartTime, started.Status = time.Unix(5, 0), "Executing"
	poll(started)
	if sent.Load() != before {
		t.Fatal("a run that only started read a log")
	}
	// Runs end on every task: a strip read slowly 2 s ago waits for thirty
	// times its read before it is read again.
	cRead := m.logs.byTask["c"].readAt
	ended := status
	ended.ExecCount, ended.EndTime = 2, time.Unix(9, 0)
	poll(ended)
	if m.logs.byTask["c"].readAt != cRead {
		t.Fatal("a slow strip was read again 2 s after its last read")
	}
	if m.logs.byTask["a"].readAt == 0 || sent.Load() == before {
		t.Fatal("the strips read 4 s ago were not read again after their runs ended")
	}
}

// TestStripBigLogsWaitTheirTurn: a log known to be bigger than what is
// left of a poll's budget waits for a poll of its own, so after the first
// poll (sizes unknown) no poll reads more than the budget and one log.
func TestStripBigLogsWaitTheirTurn(t *testing.T) {
	_, m, r := start(t)
	m.SetSize(200, 60)
	const logSize = 3 << 20
	cl, sent := bigLogs(t, logSize, nil)
	m.c.Client = cl
	for p := 1; p <= 4; p++ {
		before := sent.Load()
		rows := make([]taskRow, 10)
		for i := range rows {
			rows[i] = taskRow{Name: fmt.Sprintf("task-%d", i), Known: true,
				Status: gateway.TaskStatus{ExecCount: p, EndTime: time.Unix(int64(p), 0), Status: "Idle"}}
		}
		_, call := m.poll.Start("polling tasks", true)
		r.Send(fetchedMsg{gen: m.poll.Gen(), call: call, config: "production", active: "production", agent: "Active", rows: rows})
		// One log over the budget, in base64 (a third more) and some slack.
		if got, most := sent.Load()-before, int64(stripBudget+logSize)*4/3+128<<10; p > 1 && got > most {
			t.Fatalf("poll %d read %d bytes of logs, want at most %d", p, got, most)
		}
	}
}

// TestFailedStripIsRetried: a strip whose read failed (a blip) is tried
// again a minute later even if no run ends meanwhile, not on every poll.
func TestFailedStripIsRetried(t *testing.T) {
	env, m, r := start(t)
	m.SetSize(200, 60)
	var fail atomic.Bool
	fail.Store(true)
	var calls atomic.Int64
	ok, _ := bigLogs(t, 4<<10, nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		calls.Add(1)
		if fail.Load() {
			http.Error(w, "blip", http.StatusBadGateway)
			return
		}
		resp, err := http.Post(ok.URL(), "application/xml", req.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(srv.Close)
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	m.c.Client = cl
	st := gateway.TaskStatus{ExecCount: 1, EndTime: time.Unix(1, 0), Status: "Idle"}
	poll := func() {
		_, call := m.poll.Start("polling tasks", true)
		r.Send(fetchedMsg{gen: m.poll.Gen(), call: call, config: "production", active: "production", agent: "Active",
			rows: []taskRow{{Name: "a", Known: true, Status: st}}})
	}
	poll()
	if m.logs.byTask["a"].err == nil || calls.Load() != 1 {
		t.Fatalf("the blip: err %v, %d calls", m.logs.byTask["a"].err, calls.Load())
	}
	fail.Store(false)
	env.Clock.Advance(30 * time.Second)
	poll()
	if calls.Load() != 1 {
		t.Fatal("a failed strip was read again 30 s later with no run ended")
	}
	env.Clock.Advance(31 * time.Second)
	poll()
	if have := m.logs.byTask["a"]; calls.Load() != 2 || have.err != nil || !have.runs.Read() {
		t.Fatalf("a minute later: %d calls, err %v", calls.Load(), have.err)
	}
}

// TestAbandonedReadsFreeTheBudget: reads abandoned when the pane is left
// (or another configuration shown) no longer count against a poll's
// budget: the strips are read again when the pane polls next.
func TestAbandonedReadsFreeTheBudget(t *testing.T) {
	_, m, r := start(t)
	m.SetSize(200, 60)
	cl, sent := bigLogs(t, 1<<20, nil)
	m.c.Client = cl
	rows := func(exec int) []taskRow {
		out := make([]taskRow, 6)
		for i := range out {
			out[i] = taskRow{Name: fmt.Sprintf("task-%d", i), Known: true,
				Status: gateway.TaskStatus{ExecCount: exec, EndTime: time.Unix(int64(exec), 0), Status: "Idle"}}
		}
		return out
	}
	msg := func(exec int) fetchedMsg {
		_, call := m.poll.Start("polling tasks", true)
		return fetchedMsg{gen: m.poll.Gen(), call: call, config: "production", active: "production", agent: "Active", rows: rows(exec)}
	}
	r.Send(msg(1)) // the sizes become known
	for exec := 2; exec <= 4; exec++ {
		m.Update(msg(exec)) // reads start; their commands never run
		m.stopLogs()        // the pane is left: they are abandoned
	}
	before := sent.Load()
	r.Send(msg(5))
	if sent.Load() == before {
		t.Fatal("after abandoned reads no strip is read: their sizes still count against the budget")
	}
}
