package ui

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/keymap"
	"dpconsole/testkit"
	"dpconsole/theme"
	"dpconsole/views/common"
)

// downable is the mock host behind a proxy that, while down is set,
// answers HTTP 503 at once: the host is unreachable without a timeout.
func downable(t *testing.T, h *mockhost.Running) (url string, down *atomic.Bool) {
	down = new(atomic.Bool)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "host down", http.StatusServiceUnavailable)
			return
		}
		resp, err := http.Post(h.URL(), r.Header.Get("Content-Type"), r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, down
}

// liveSession is the root with the given panes against url, its client
// logged in, and its commands run by a pump.
func liveSession(t *testing.T, url string, panes func(*common.Common) []common.View) (*Model, *pump, *common.Common) {
	t.Helper()
	client, err := gateway.NewClient(gateway.Options{URL: url, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if _, err := client.Login(ctx, "operator", func(context.Context, int, []gateway.Prompt) ([]string, error) {
		return []string{"demo"}, nil
	}); err != nil {
		t.Fatal(err)
	}
	c := sessionCommon(t, ctx, client)
	m := newModel(modelConfig{common: c, panes: panes(c), gateway: "test", version: "test"})
	p := newPump(t, m)
	p.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	p.send(loginDone("operator"))
	return m, p, c
}

// agentSession is liveSession with fake panes against a mock host.
func agentSession(t *testing.T) (*Model, *pump, *common.Common) {
	return liveSession(t, startHost(t).URL(), fakePanes)
}

// TestEscLeavesTheLogDuringAnOutage: with the host gone, the log's failed
// polls post a notice; Esc goes back on its first press all the same.
func TestEscLeavesTheLogDuringAnOutage(t *testing.T) {
	url, down := downable(t, startHost(t))
	m, p, _ := liveSession(t, url, newPanes)
	p.send(common.OpenTasksMsg{Config: "production"})
	p.send(common.OpenLogMsg{Config: "production", Task: "protect-inbox"})
	p.until("the log loads", func() bool { return strings.Contains(m.View(), "Log of production / protect-inbox") })
	down.Store(true)
	p.until("a failed poll posts a notice", func() bool { return strings.Contains(m.View(), "host not answering:") })
	p.send(keyMsg("esc"))
	if m.active != paneTasks {
		t.Fatalf("esc with a notice up stayed on pane %d:\n%s", m.active, m.View())
	}
}

// TestAgentMessagesTellTheTruth: T on a running agent says it is running
// rather than "agent started"; a call refused because the agent is
// offline names the key that starts it instead of the raw 502; the
// shutdown dialog says what is refused and what still works offline.
func TestAgentMessagesTellTheTruth(t *testing.T) {
	m, p, c := agentSession(t)
	p.send(keyMsg("T"))
	p.until("T answers", func() bool { return len(m.history) > 1 })
	if m.flash != "the agent is already running (Active): nothing to start" {
		t.Fatalf("T on an Active agent: %q", m.flash)
	}
	p.send(keyMsg("E"))
	p.until("E answers", func() bool { return strings.Contains(m.flash, "enable") })
	if m.flash != "the agent is already Active: nothing to enable" {
		t.Fatalf("E on an Active agent: %q", m.flash)
	}

	p.send(keyMsg("S"))
	p.until("the shutdown dialog", func() bool { return m.confirm != nil })
	v := strings.Join(strings.Fields(strings.ReplaceAll(m.View(), "│", " ")), " ")
	for _, want := range []string{"task status, logs, pause, resume and reset", "activating a configuration",
		"templates, scripts, IDs", "agent log can still be read and saved"} {
		if !strings.Contains(v, want) {
			t.Errorf("the shutdown dialog does not say %q:\n%s", want, v)
		}
	}
	p.send(keyMsg("esc"))

	if err := c.Client.AgentShutdown(c.Ctx); err != nil {
		t.Fatal(err)
	}
	p.send(keyMsg("P"))
	p.until("P answers", func() bool { return strings.HasPrefix(m.flash, "ping the agent") })
	if m.flash != "ping the agent: the agent is offline: press T to start it" || !m.flashErr {
		t.Fatalf("ping while offline: %q", m.flash)
	}
	p.send(keyMsg("T"))
	p.until("T answers", func() bool { return strings.Contains(m.flash, "started") })
	if m.flash != "agent started" {
		t.Fatalf("T on an offline agent: %q", m.flash)
	}
}

// TestReadOnlySaysNo: in read-only mode (the mutating keys switched off,
// as the CLI does) a key that would change the host flashes why it does
// nothing, and the pane never gets it; the same letter where it changes
// nothing (a in the log: the agent log) still works.
func TestReadOnlySaysNo(t *testing.T) {
	h := startHost(t)
	m, c := testModel(t, h, fakePanes)
	c.ReadOnly = true
	c.Keys.DisableMutating()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(loginDone("operator"))
	configs := m.panes[paneConfigs].(*fakePane)
	for k, want := range map[string]string{
		"d": "read-only: delete (d) is disabled",
		"a": "read-only: activate (a) is disabled",
		"S": "read-only: shut agent down (S) is disabled",
		"T": "read-only: start agent (T) is disabled",
	} {
		m.Update(keyMsg(k))
		if !strings.HasPrefix(m.flash, want) || !m.flashErr {
			t.Errorf("%s in read-only mode: flash %q, want %q…", k, m.flash, want)
		}
	}
	if n := countKeys(configs.got); n != 0 {
		t.Fatalf("the configurations pane got %d refused keys", n)
	}
	m.Update(keyMsg("v")) // validate changes nothing: the pane gets it
	if n := countKeys(configs.got); n != 1 {
		t.Fatalf("v did not reach the pane (%d keys)", n)
	}
	m.Update(keyMsg("2"))
	m.Update(keyMsg("p"))
	if !strings.HasPrefix(m.flash, "read-only: pause (p) is disabled") {
		t.Fatalf("p on Tasks in read-only mode: %q", m.flash)
	}
	m.Update(keyMsg("3"))
	m.clearFlash()
	m.Update(keyMsg("a"))
	if m.flash != "" || countKeys(m.panes[paneLogs].(*fakePane).got) != 1 {
		t.Fatalf("a in the log (not a change) was refused: %q", m.flash)
	}
}

// TestReadOnlyFooterKeepsSafeKeys: in read-only mode the footer of
// Configurations leaves out the keys that change the host and shows the
// safe ones in their room: save to file and validate.
func TestReadOnlyFooterKeepsSafeKeys(t *testing.T) {
	m, p, _ := liveSession(t, startHost(t).URL(), func(c *common.Common) []common.View {
		c.ReadOnly = true
		c.Keys.DisableMutating()
		return newPanes(c)
	})
	p.until("the configurations load", func() bool { op, _ := m.c.Calls.Busy(); return op == "" })
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	line := m.helpLine()
	for _, want := range []string{"s save to file", "v validate"} {
		if !strings.Contains(line, want) {
			t.Errorf("read-only footer lacks %q: %q", want, line)
		}
	}
	for _, not := range []string{"delete", "activate", "edit"} {
		if strings.Contains(line, not) {
			t.Errorf("read-only footer shows %q: %q", not, line)
		}
	}
}

// TestHungHostShownAtOnce: with a host that never answers, the header
// keeps "agent Active … ping" only until the refresh has been in flight
// for 3 s by the session clock (a fake one here), then says the host is
// not answering and what is only the last known, long before the call's
// one-minute timeout.
func TestHungHostShownAtOnce(t *testing.T) {
	h := startHost(t)
	var now atomic.Int64
	now.Store(testStart.UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	advance := func(d time.Duration) { now.Add(int64(d)) }
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	mk := func(url string) *common.Common {
		client, err := gateway.NewClient(gateway.Options{URL: url, Timeout: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		c, err := newCommon(Session{Ctx: ctx, Client: client, Renderer: asciiRenderer(), Theme: theme.Dark(),
			Keys: keymap.Default(), Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := mk(h.URL())
	c.Styles.Plain = true
	var hd header
	hd.start(c)
	st := gateway.AgentStatus{Agent: "Active", AppName: "Sertainty Data Protector", AppVersion: "3.4.0",
		Config: "production", ConfigStatus: "Active", TaskStatus: "Normal"}
	hd.update(c, statusMsg{gen: hd.gen, call: hd.call, status: st})
	info := headerInfo{gateway: "http://dp", user: "operator"}
	if v := hd.view(c, info, 100); !strings.Contains(v, "agent Active") || !strings.Contains(v, "ping <1ms") {
		t.Fatalf("answered header:\n%s", v)
	}

	c.Client = mk(testkit.HungHost(t)).Client
	cmd, _ := hd.update(c, headerTickMsg{gen: hd.gen}) // the next refresh: it hangs
	for _, run := range cmd().(tea.BatchMsg) {
		go run()
	}
	call := hd.call
	advance(2 * time.Second)
	hd.update(c, headerHungMsg{gen: hd.gen, call: call})
	if v := hd.view(c, info, 100); strings.Contains(v, "not answering") || !strings.Contains(v, "ping <1ms") {
		t.Fatalf("after 2s the header should still show the answer:\n%s", v)
	}
	advance(1500 * time.Millisecond)
	next, _ := hd.update(c, headerHungMsg{gen: hd.gen, call: call})
	v := hd.view(c, info, 100)
	if !strings.Contains(v, "host not answering: no answer for 3s · last known: agent Active") || strings.Contains(v, "ping <1ms") {
		t.Fatalf("after 3.5s with no answer:\n%s", v)
	}
	if next == nil {
		t.Fatal("the check stopped while the call is in flight")
	}
	hd.update(c, statusMsg{gen: hd.gen, call: call, status: st})
	if v := hd.view(c, info, 100); strings.Contains(v, "not answering") {
		t.Fatalf("still marked after the answer:\n%s", v)
	}
}

// TestTabsNeverCutAt80: with a breadcrumb at 80 columns (and at 70) the
// tab line uses short forms ("Configs") rather than cutting a title
// ("Config…").
func TestTabsNeverCutAt80(t *testing.T) {
	m := loggedIn(t)
	m.Update(common.OpenTasksMsg{Config: "production"})
	m.Update(common.OpenLogMsg{Config: "production", Task: "protect-inbox"})
	for _, w := range []int{80, 70} {
		m.width = w
		line := m.tabsView()
		if strings.Contains(line, "…") || !strings.Contains(line, "6 Host") || lipgloss.Width(line) > w {
			t.Errorf("width %d: a title is cut: %q", w, line)
		}
		if w == 80 && (!strings.Contains(line, "1 Configs") || !strings.Contains(line, "esc")) {
			t.Errorf("width 80: no short form or no breadcrumb: %q", line)
		}
	}
}

// TestHeaderDropsFieldsWhole: as the width shrinks the identity line
// drops whole fields (the gateway's path, shown as "/…", the application's parenthesis,
// the gateway label, the name) instead of cutting "Sertainty Data
// Protect…"; the user always shows.
func TestHeaderDropsFieldsWhole(t *testing.T) {
	c := testCommon(t, startHost(t))
	c.Styles.Plain = true
	var hd header
	hd.start(c)
	st := gateway.AgentStatus{Agent: "Active", AppName: "Sertainty Data Protector (dpconsole mock host)", AppVersion: "3.4.0-mock",
		Config: "production", ConfigStatus: "Active", TaskStatus: "Normal"}
	hd.update(c, statusMsg{gen: hd.gen, call: hd.call, status: st})
	info := headerInfo{gateway: "http://127.0.0.1:44373/api", user: "operator", demo: true}
	want := map[int]string{
		120: "Sertainty Data Protector (dpconsole mock host) 3.4.0-mock  gateway http://127.0.0.1:44373/api  user operator",
		80:  "Sertainty Data Protector 3.4.0-mock  http://127.0.0.1:44373/…  user operator",
		61:  "3.4.0-mock  http://127.0.0.1:44373/…  user operator",
		60:  "3.4.0-mock  http://127.0.0.1:44373/…  user operator",
		50:  "gateway http://127.0.0.1:44373/…  user operator",
		40:  "http://127.0.0.1:44373…  user operator",
	}
	for w, line := range want {
		v := hd.view(c, info, w)
		second := strings.TrimSpace(strings.Split(v, "\n")[1])
		if second != line {
			t.Errorf("width %d: identity line %q, want %q", w, second, line)
		}
		checkFits(t, v, w, 2)
	}
}

// TestHelpPaneKeysFirst: the help overlay lists the pane's own keys
// before the keys that work everywhere.
func TestHelpPaneKeysFirst(t *testing.T) {
	m, _ := keyedModel(t)
	m.Update(keyMsg("?"))
	pane, global := -1, -1
	for i, l := range m.helpLines {
		switch strings.TrimSpace(l) {
		case "Configurations":
			pane = i
		case "everywhere":
			global = i
		}
	}
	if pane < 0 || global < 0 || pane > global {
		t.Fatalf("the pane's keys at line %d, the global keys at %d:\n%s", pane, global, strings.Join(m.helpLines, "\n"))
	}
	if !strings.Contains(m.View(), "aa does thing aa") {
		t.Fatalf("the first screen of help does not show the pane's keys:\n%s", m.View())
	}
}

// TestNoFilesSaysNo: in an SSH session without --files, the file keys say
// why they do nothing, and the pane never sees them.
func TestNoFilesSaysNo(t *testing.T) {
	h := startHost(t)
	m, c := testModel(t, h, fakePanes)
	c.Caps.Files = false
	c.Keys.DisableFiles()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(loginDone("operator"))
	configs := m.panes[paneConfigs].(*fakePane)
	m.Update(keyMsg("s"))
	if !strings.HasPrefix(m.flash, "files are off in this SSH session: save to file (s) needs serve-ssh --files DIR") || !m.flashErr {
		t.Fatalf("s without files: flash %q", m.flash)
	}
	if n := countKeys(configs.got); n != 0 {
		t.Fatalf("the configurations pane got %d refused keys", n)
	}
}
