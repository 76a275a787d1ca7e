package tasks

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// hostileLogs is a host whose every task log is about size bytes of
// entries holding the hostile lines of testdata/hostile-text.txt, with an
// execution's end now and then, except task "broken", whose log does not
// parse. It counts the log bytes it sent.
func hostileLogs(t *testing.T, size int) (*gateway.Client, *atomic.Int64, *atomic.Int64) {
	t.Helper()
	raw, err := os.ReadFile("../../testdata/hostile-text.txt")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(raw), "\n") {
		if s, err := strconv.Unquote(l); err == nil {
			lines = append(lines, s)
		}
	}
	var es []hostdoc.Entry
	var doc []byte
	for i := 0; len(doc) < size || i == 0; i++ {
		text := "Execution " + lines[i%len(lines)] + " finished" // an outcome whose text is hostile
		if i%3 != 0 {
			text = lines[i%len(lines)]
		}
		es = append(es, hostdoc.Entry{Time: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second), Level: hostdoc.LevelInfo, Text: text})
		if i%1000 == 0 {
			doc = hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "production", Task: "t", Entries: es})
		}
	}
	doc = hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "production", Task: "t", Entries: es})
	ok := "<Response><Status>1</Status><ResultList><Result>" + base64.StdEncoding.EncodeToString(doc) + "</Result></ResultList></Response>"
	broken := "<Response><Status>1</Status><ResultList><Result>" + base64.StdEncoding.EncodeToString([]byte("<TaskLog><Entry>\x1b]52;c;T1dORUQ=\a")) + "</Result></ResultList></Response>"
	var sent, calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		calls.Add(1)
		if bytes.Contains(body, []byte(base64.StdEncoding.EncodeToString([]byte("broken")))) {
			io.WriteString(w, broken)
			return
		}
		sent.Add(int64(len(ok)))
		io.WriteString(w, ok)
	}))
	t.Cleanup(srv.Close)
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return cl, &sent, &calls
}

// 200 tasks, each running now and then (counts move between polls), with
// 1 MiB logs of hostile text: how much of the logs does one table poll
// read, and does any hostile byte reach the table?
func TestAttackRecentStripBoundedOnManyTasks(t *testing.T) {
	_, m, r := start(t)
	m.SetSize(200, 60)
	cl, sent, calls := hostileLogs(t, 1<<20)
	m.c.Client = cl
	rows := func(exec int) []taskRow {
		out := make([]taskRow, 200)
		for i := range out {
			name := fmt.Sprintf("task-%03d", i)
			if i == 5 {
				name = "broken"
			}
			out[i] = taskRow{Name: name, Known: true, Status: gateway.TaskStatus{ExecCount: exec, Status: "Idle"}}
		}
		return out
	}
	poll := func(exec int) {
		_, call := m.poll.Start("polling tasks", true)
		r.Send(fetchedMsg{gen: m.poll.Gen(), call: call, config: "production", active: "production", agent: "Active", rows: rows(exec)})
	}
	var perPoll []int64
	for p := 1; p <= 3; p++ {
		before := sent.Load()
		poll(p)
		perPoll = append(perPoll, sent.Load()-before)
	}
	v := m.View()
	if strings.ContainsAny(v, "\x1b\a\u009b\u202e") {
		t.Fatalf("hostile log text reached the table:\n%q", v)
	}
	if got := strings.TrimSpace(m.stripCell("broken")); got != "?" {
		t.Errorf("the broken log's task shows %q, want ?", got)
	}
	visible := 0
	for _, rw := range m.rows {
		if have, ok := m.logs.byTask[rw.Name]; ok && have.runs.Read() {
			visible++
		}
	}
	t.Logf("%d calls; log bytes read per table poll: %v (%d strips read)", calls.Load(), perPoll, visible)
	// A table poll every 2 s (DefaultRefresh) that moves more than a
	// few MiB of logs is not bounded by anything but the rows shown.
	for i, n := range perPoll {
		if n > 8<<20 {
			t.Errorf("table poll %d read %d MiB of task logs (every row in view whose counts moved, whole log each)", i+1, n>>20)
		}
	}
}
