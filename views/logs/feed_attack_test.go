package logs

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// attackDoc is a task log of n entries whose texts start with word.
func attackDoc(word string, n int) []byte {
	es := make([]hostdoc.Entry, n)
	for i := range es {
		es[i] = hostdoc.Entry{Time: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second), Level: hostdoc.LevelInfo,
			Text: fmt.Sprintf("%s %d", word, i)}
	}
	return hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "production", Task: word, Entries: es})
}

// switchingHost answers its first call with the first half of an "old" log
// and then stalls until the call is cancelled; every later call gets a
// whole "new" log at once.
func switchingHost(t *testing.T) *gateway.Client {
	t.Helper()
	old, fresh := attackDoc("old", 8000), attackDoc("new", 50)
	cut := len(old) / 2
	cut -= cut % 3
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if calls.Add(1) == 1 {
			io.WriteString(w, "<Response><Status>1</Status><ResultList><Result>"+base64.StdEncoding.EncodeToString(old[:cut]))
			w.(http.Flusher).Flush()
			<-r.Context().Done()
			return
		}
		io.WriteString(w, "<Response><Status>1</Status><ResultList><Result>"+base64.StdEncoding.EncodeToString(fresh)+"</Result></ResultList></Response>")
	}))
	t.Cleanup(srv.Close)
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// ourGoroutines lists the goroutines still in the log's load (the feed's
// wait, the tail's parser, the stream's decode).
func ourGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "dpconsole/gateway/logtail.") || strings.Contains(g, "dpconsole/views/logs.(*feed)") ||
			strings.Contains(g, "dpconsole/gateway.DecodeResponseStream") {
			if !strings.Contains(g, "ourGoroutines") {
				out = append(out, g)
			}
		}
	}
	return out
}

func waitNoLeak(t *testing.T, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := ourGoroutines()
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d goroutines of the load left:\n%s", what, len(left), strings.Join(left, "\n\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A target switched while a first load of another log stalls half way:
// the old log's entries, whether their feed messages arrive before or
// after the new load's, never show under the new target, and nothing of
// the old load is left running.
func TestAttackSwitchTargetMidLoad(t *testing.T) {
	_, m, _ := start(t)
	m.SetSize(100, 12)
	m.c.Client = switchingHost(t)
	cmds := m.Open("production", "old")().(tea.BatchMsg)
	oldLoad, oldWait := cmds[1], cmds[2]
	loadDone := make(chan struct{})
	go func() { oldLoad(); close(loadDone) }()
	// The old load's first entries are shown.
	for m.view.Len() == 0 {
		_, oldWait = m.Update(next(t, oldWait))
	}
	// One more old message is taken but held back, as a busy Update loop would.
	pending := make(chan tea.Msg, 1)
	go func() { pending <- oldWait() }()

	cmds = m.Open("production", "new")().(tea.BatchMsg)
	newLoad, newWait := cmds[1], cmds[2]
	newLoad()
	select {
	case <-loadDone:
	case <-time.After(5 * time.Second):
		t.Fatal("the old load did not end when its target was switched")
	}
	// The old feed's held message arrives first, then the new load's.
	var old tea.Msg
	select {
	case old = <-pending:
	case <-time.After(5 * time.Second):
		t.Fatal("the old feed never answered")
	}
	_, oldWait = m.Update(old)
	for oldWait != nil {
		_, oldWait = m.Update(next(t, oldWait))
	}
	for !m.loaded {
		_, newWait = m.Update(next(t, newWait))
	}
	var saved strings.Builder
	m.view.Snapshot().WriteTo(&saved)
	if strings.Contains(saved.String(), "old ") || m.view.Len() != 50 {
		t.Fatalf("%d entries under the new target; old ones among them: %v\n%s", m.view.Len(), strings.Contains(saved.String(), "old "), m.View())
	}
	waitNoLeak(t, "after the switch")
}

// Esc (the shell cancels every foreground call) during a first load that
// stalls: the load ends at once, the pane says polling is paused (not that
// the host is down), and no goroutine of the load is left.
func TestAttackEscCancelsAStalledFirstLoad(t *testing.T) {
	_, m, _ := start(t)
	m.SetSize(100, 12)
	m.c.Client = switchingHost(t)
	cmds := m.Open("production", "old")().(tea.BatchMsg)
	load, wait := cmds[1], cmds[2]
	go load()
	for m.view.Len() == 0 {
		_, wait = m.Update(next(t, wait))
	}
	if n := m.c.Calls.CancelAll(); n != 1 {
		t.Fatalf("Esc cancelled %d foreground calls, want the load", n)
	}
	for wait != nil {
		_, wait = m.Update(next(t, wait))
	}
	if title := strings.SplitN(m.View(), "\n", 2)[0]; !strings.Contains(title, "cancelled") {
		t.Fatalf("after Esc the title is %q", title)
	}
	waitNoLeak(t, "after Esc")
}

// A host that sends many tiny entries: what one entry costs the console
// once shown (the view keeps every entry; there is no cap). A 1 GiB log
// (MaxLogSize) of such entries, a few MiB of gzip on the wire, is
// len/bytesPerEntry entries.
func TestAttackTinyEntriesMemory(t *testing.T) {
	const n = 400_000
	const tiny = `<Entry time="2026-11-29T09:00:00Z" level="info"/>`
	var b strings.Builder
	b.WriteString("<TaskLog config=\"production\" task=\"tiny\">\n")
	for range n {
		b.WriteString(tiny)
	}
	b.WriteString("</TaskLog>\n")
	doc := []byte(b.String())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "<Response><Status>1</Status><ResultList><Result>"+base64.StdEncoding.EncodeToString(doc)+"</Result></ResultList></Response>")
	}))
	t.Cleanup(srv.Close)
	_, m, _ := start(t)
	m.SetSize(100, 12)
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	m.c.Client = cl
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cmds := m.Open("production", "tiny")().(tea.BatchMsg)
	load, wait := cmds[1], cmds[2]
	began := time.Now()
	took := make(chan time.Duration, 1)
	go func() { load(); took <- time.Since(began) }()
	var inUpdate time.Duration
	updates := 0
	for !m.loaded {
		msg := next(t, wait)
		u := time.Now()
		_, wait = m.Update(msg)
		inUpdate += time.Since(u)
		updates++
	}
	t.Logf("load %v, whole %v, %d updates taking %v", <-took, time.Since(began), updates, inUpdate)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if m.view.Len() != n {
		t.Fatalf("%d entries shown, want %d (err %v)", m.view.Len(), n, m.lastErr)
	}
	per := float64(after.HeapAlloc-before.HeapAlloc) / n
	perByte := per / float64(len(tiny))
	t.Logf("%d tiny entries: %.0f bytes of heap each, %.1f bytes per log byte: a 1 GiB log of them would hold %.1f GiB",
		n, per, perByte, perByte)
	if perByte > 2 {
		t.Errorf("a log of tiny entries costs %.1f× its size in memory, unbounded by entry count (1 GiB log → %.1f GiB)", perByte, perByte)
	}
}

// After a first load failed, the next poll is a first load again, in the
// background: its progress still says "esc cancels", but Esc cancels only
// foreground calls, so it does nothing.
func TestAttackRetriedFirstLoadSaysEscCancels(t *testing.T) {
	doc := attackDoc("retry", 8000)
	cut := len(doc) / 2
	cut -= cut % 3
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if calls.Add(1) == 1 {
			io.WriteString(w, "<Response><Status>502</Status><StatusMessage>busy</StatusMessage></Response>")
			return
		}
		io.WriteString(w, "<Response><Status>1</Status><ResultList><Result>"+base64.StdEncoding.EncodeToString(doc[:cut]))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_, m, _ := start(t)
	m.SetSize(120, 12)
	m.c.Client = cl
	cmds := m.Open("production", "retry")().(tea.BatchMsg)
	load, wait := cmds[1], cmds[2]
	go load()
	for m.lastErr == nil {
		_, wait = m.Update(next(t, wait))
	}
	_, cmd := m.Update(tickMsg{gen: m.poll.Gen()}) // the retry
	cmds = cmd().(tea.BatchMsg)
	load, wait = cmds[1], cmds[2]
	go load()
	for m.loading == nil || m.loading.read == 0 || m.view.Len() == 0 {
		_, wait = m.Update(next(t, wait))
	}
	title := strings.SplitN(m.View(), "\n", 2)[0]
	n := m.c.Calls.CancelAll() // Esc
	t.Logf("title %q; Esc cancelled %d calls", title, n)
	defer m.poll.Stop()
	if strings.Contains(title, "esc cancels") && n == 0 {
		t.Errorf("the title offers Esc (%q), and Esc cancels nothing", title)
	}
}
