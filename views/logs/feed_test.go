package logs

import (
	"encoding/base64"
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
)

// stallingHost answers every call with a task log of n entries, but sends
// only the part up to entry half, then waits for release.
func stallingHost(t *testing.T, n, half int) (cl *gateway.Client, release func()) {
	t.Helper()
	var es []hostdoc.Entry
	for i := range n {
		es = append(es, hostdoc.Entry{Time: time.Date(2026, 11, 29, 9, 0, i, 0, time.UTC), Level: hostdoc.LevelInfo, Text: fmt.Sprintf("execution %d finished", i)})
	}
	doc := hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "production", Task: "big", Entries: es})
	cut := strings.Index(string(doc), fmt.Sprintf("execution %d finished", half))
	cut -= cut % 3 // the halves' base64 texts join
	released := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "<Response><Status>1</Status><ResultList><Result>"+base64.StdEncoding.EncodeToString(doc[:cut]))
		w.(http.Flusher).Flush()
		select {
		case <-released:
		case <-r.Context().Done():
			return
		}
		io.WriteString(w, base64.StdEncoding.EncodeToString(doc[cut:])+"</Result></ResultList></Response>")
	}))
	t.Cleanup(srv.Close)
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var once bool
	release = func() {
		if !once {
			once = true
			close(released)
		}
	}
	t.Cleanup(release)
	return cl, release
}

// next runs cmd on its own goroutine and returns its message, failing
// after a few seconds.
func next(t *testing.T, cmd tea.Cmd) tea.Msg {
	t.Helper()
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		return msg
	case <-time.After(5 * time.Second):
		t.Fatal("no message")
		return nil
	}
}

// TestFirstLoadShowsEntriesAsTheyAreParsed: while a log's answer is still
// arriving, the entries parsed so far are on screen, newest at the
// bottom, with the bytes read; the rest follows when the answer does, in
// order, and the load ends as loaded.
func TestFirstLoadShowsEntriesAsTheyAreParsed(t *testing.T) {
	_, m, _ := start(t)
	m.SetSize(100, 12)
	cl, release := stallingHost(t, 8000, 4000)
	m.c.Client = cl
	cmd := m.Open("production", "big")
	cmds := cmd().(tea.BatchMsg)
	load, wait := cmds[1], cmds[2]
	go load() // ends when the whole answer is in; its reply comes through the feed

	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(m.View(), "execution 3999 finished") {
		if time.Now().After(deadline) {
			t.Fatalf("the first half was not shown while the answer stalled:\n%s", m.View())
		}
		msg := next(t, wait).(feedMsg)
		if msg.done != nil {
			t.Fatalf("the load ended while the host stalled: %v", msg.done.err)
		}
		_, wait = m.Update(msg)
	}
	if m.loaded || !strings.Contains(m.View(), "loading…") || !strings.Contains(m.View(), "read (esc cancels)") {
		t.Fatalf("a load half done should say it is loading and how far:\n%s", m.View())
	}
	if m.view.Len() > 4000 {
		t.Fatalf("%d entries shown of the 4000 sent", m.view.Len())
	}

	release()
	for !m.loaded {
		if time.Now().After(deadline) {
			t.Fatalf("the load did not end:\n%s", m.View())
		}
		_, wait = m.Update(next(t, wait))
		if wait == nil && !m.loaded {
			t.Fatal("the feed stopped before the load's reply")
		}
	}
	if m.view.Len() != 8000 || !strings.Contains(m.View(), "execution 7999 finished") {
		t.Fatalf("%d entries after the load, want 8000:\n%s", m.view.Len(), m.View())
	}
	var saved strings.Builder
	m.view.Snapshot().WriteTo(&saved)
	for i, line := range strings.Split(strings.TrimSuffix(saved.String(), "\n"), "\n") {
		if want := fmt.Sprintf("execution %d finished", i); !strings.HasSuffix(line, want) {
			t.Fatalf("line %d is %q, want it to end %q: out of order", i, line, want)
		}
	}
}
