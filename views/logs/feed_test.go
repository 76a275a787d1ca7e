package logs

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
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
	if m.loaded || !strings.Contains(m.View(), "loading…") || !strings.Contains(m.View(), "received (esc cancels)") {
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

// halfThenGarbage answers half of a log, then text that is not base64.
func halfThenGarbage(t *testing.T) *gateway.Client {
	t.Helper()
	var es []hostdoc.Entry
	for i := range 8000 {
		es = append(es, hostdoc.Entry{Time: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second), Level: hostdoc.LevelInfo, Text: fmt.Sprintf("execution %d finished", i)})
	}
	doc := hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "production", Task: "half", Entries: es})
	cut := len(doc) / 2
	cut -= cut % 3
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "<Response><Status>1</Status><ResultList><Result>"+base64.StdEncoding.EncodeToString(doc[:cut])+"!!!!</Result></ResultList></Response>")
	}))
	t.Cleanup(srv.Close)
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// TestBrokenFirstLoadDropsWhatItShowed: a first load whose answer breaks
// off half way (text that is not base64) showed its first half as it
// arrived; the host never sent that as its log, so it goes, and the title
// says the refresh failed, not that the host does not answer.
func TestBrokenFirstLoadDropsWhatItShowed(t *testing.T) {
	_, m, _ := start(t)
	m.SetSize(100, 12)
	m.c.Client = halfThenGarbage(t)
	cmds := m.Open("production", "half")().(tea.BatchMsg)
	load, wait := cmds[1], cmds[2]
	go load()
	for wait != nil {
		_, wait = m.Update(next(t, wait))
	}
	title := strings.SplitN(m.View(), "\n", 2)[0]
	if m.view.Len() != 0 || m.loaded {
		t.Fatalf("%d entries of a broken answer stay shown (loaded %v):\n%s", m.view.Len(), m.loaded, m.View())
	}
	if strings.Contains(title, "not answering") || !strings.Contains(title, "refresh failed") {
		t.Fatalf("a host that answered a broken document is titled %q", title)
	}
}

// TestArrivingLoadIsNotHung: a first load whose bytes keep coming is not
// marked hung however long it takes; once they stop for the hung mark's
// time, the title says it stalled, with the bytes read and how to cancel.
func TestArrivingLoadIsNotHung(t *testing.T) {
	env, m, _ := start(t)
	m.SetSize(120, 12)
	m.c.LogRefresh = 10 * time.Second // the hung mark waits 3 s
	cl, release := stallingHost(t, 8000, 4000)
	defer release()
	m.c.Client = cl
	cmds := m.Open("production", "big")().(tea.BatchMsg)
	load, wait := cmds[1], cmds[2]
	go load()
	for m.loading == nil || m.view.Len() == 0 {
		_, wait = m.Update(next(t, wait))
	}
	call := m.poll.Current()
	env.Clock.Advance(2 * time.Second)
	m.progressAt = m.c.Now() // more bytes came just now
	env.Clock.Advance(2 * time.Second)
	m.Update(common.HungCheck{Call: call})
	if title := strings.SplitN(m.View(), "\n", 2)[0]; strings.Contains(title, "no answer") || strings.Contains(title, "stalled") {
		t.Fatalf("a load 4 s in whose bytes came 2 s ago is titled %q", title)
	}
	env.Clock.Advance(2 * time.Second)
	m.Update(common.HungCheck{Call: call})
	title := strings.SplitN(m.View(), "\n", 2)[0]
	if !strings.Contains(title, "stalled: nothing new for 4s") || !strings.Contains(title, "esc cancels") {
		t.Fatalf("a load whose bytes stopped 4 s ago is titled %q", title)
	}
}

// TestCancelledFirstLoadShowsNothing: Esc during a first load leaves no
// part of the log on screen (its oldest entries, which would pass for its
// end) and says how to load it.
func TestCancelledFirstLoadShowsNothing(t *testing.T) {
	_, m, _ := start(t)
	m.SetSize(100, 12)
	cl, release := stallingHost(t, 8000, 4000)
	defer release()
	m.c.Client = cl
	cmds := m.Open("production", "big")().(tea.BatchMsg)
	load, wait := cmds[1], cmds[2]
	go load()
	for m.view.Len() == 0 {
		_, wait = m.Update(next(t, wait))
	}
	m.c.Calls.CancelAll()
	for wait != nil {
		_, wait = m.Update(next(t, wait))
	}
	v := m.View()
	if m.view.Len() != 0 || !strings.Contains(v, "cancelled") || !strings.Contains(v, "press r to load the log") {
		t.Fatalf("after Esc %d entries stay:\n%s", m.view.Len(), v)
	}
}

// TestProgressFitsANarrowTitle: the bar shrinks, then goes, then the
// words, so the title fits its line and "esc cancels" stays.
func TestProgressFitsANarrowTitle(t *testing.T) {
	_, m, _ := start(t)
	m.Open("production", "protect-inbox")
	m.loaded, m.lastErr, m.loading = false, nil, &loadProgress{read: 54 << 20, total: 111 << 20}
	for _, w := range []int{60, 80, 120} {
		m.SetSize(w, 10)
		title := strings.SplitN(m.View(), "\n", 2)[0]
		if ansi.StringWidth(title) > w || !strings.Contains(title, "(esc cancels)") || w >= 80 && !strings.Contains(title, "40 MiB of 83 MiB") {
			t.Fatalf("at %d columns the title is %q", w, title)
		}
		if bar := strings.Contains(title, "█") || strings.Contains(title, "#"); w >= 120 && !bar {
			t.Fatalf("at %d columns there is room for the bar: %q", w, title)
		}
	}
}

// TestTooLargeLogSaysSo: a log over the client's size limit is not called
// empty or a failed refresh: the pane says it is too large, what the
// limit is and how to raise it, and polls it only now and then.
func TestTooLargeLogSaysSo(t *testing.T) {
	env, m, _ := start(t)
	m.SetSize(140, 12)
	cl, err := gateway.NewClient(gateway.Options{URL: env.Host.URL(), Timeout: 5 * time.Second, MaxLogSize: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	panetest.Login(t, env.Common.Ctx, cl)
	m.c.Client = cl
	for range 20 { // runs enough for a log over 1 KiB
		env.Clock.Advance(5 * time.Second)
	}
	m.Update(fetched(t, m.Open("production", "protect-inbox")))
	v := m.View()
	if !strings.Contains(v, "too large to read") || !strings.Contains(v, "larger than the 1 KiB the console reads") || !strings.Contains(v, "max_log_size") {
		t.Fatalf("a log over the limit:\n%s", v)
	}
	if m.interval() != maxEvery {
		t.Fatalf("a log over the limit is polled every %s", m.interval())
	}
}

// TestCancelledTitleKeepsTheKey: at 60 columns the cancelled title is
// shortened so the key that resumes stays in sight.
func TestCancelledTitleKeepsTheKey(t *testing.T) {
	_, m, _ := start(t)
	m.Open("production", "protect-inbox")
	m.c.Calls.CancelAll()
	m.poll.Reply(m.poll.Current(), m.poll.Gen(), context.Canceled)
	m.SetSize(60, 10)
	title := strings.SplitN(m.View(), "\n", 2)[0]
	if ansi.StringWidth(title) > 60 || !strings.Contains(title, "r resumes") {
		t.Fatalf("the cancelled title at 60 columns: %q", title)
	}
}
