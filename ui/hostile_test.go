package ui

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost"
	"dpconsole/views/common"
)

// payload is what a hostile host puts in every text it sends: window
// title (OSC 0 and 2), clipboard write (OSC 52), clear screen, a carriage
// return that hides what came before, a C1 CSI, a bidi override and more,
// all the samples of testdata/hostile-text.txt in a row.
var payload = hostileText()

// hostileText joins the samples of the shared fixture.
func hostileText() string {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "hostile-text.txt"))
	if err != nil {
		panic(err)
	}
	var b strings.Builder
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := strconv.Unquote(line)
		if err != nil {
			panic(fmt.Sprintf("testdata/hostile-text.txt: %q: %v", line, err))
		}
		b.WriteString(s)
	}
	return b.String()
}

// hostileHost stands in front of the mock host and does one thing: every
// text the host sends (status messages, names, statuses, prompts, log
// entries, documents) gains the payload, and the payload is taken out of
// what the console sends back, so the session goes on as usual. Binary
// results (IDs) and the session id pass as they are.
func hostileHost(t *testing.T, h *mockhost.Running) string {
	t.Helper()
	lim := gateway.DefaultLimits()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		req, err := gateway.UnmarshalRequest(body, lim)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for i := range req.Args {
			req.Args[i].Value = bytes.ReplaceAll(req.Args[i].Value, []byte(payload), nil)
		}
		out, _ := req.Marshal()
		resp, err := http.Post(h.URL(), "application/xml", bytes.NewReader(out))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		answer, err := gateway.UnmarshalResponse(data, lim)
		if err != nil {
			w.Write(data)
			return
		}
		poison(req.Function, answer)
		data, _ = answer.Marshal()
		w.Header().Set("Content-Type", "application/xml")
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// poison adds the payload to every text of an answer.
func poison(function string, r *gateway.Response) {
	r.Message += payload
	fn, _ := gateway.Lookup(function)
	for i, res := range r.Results {
		switch {
		case function == "hostOpenSession" && r.Status == gateway.StatusOK:
			continue // the session id
		case i < len(fn.Results) && fn.Results[i].Kind == gateway.KindBinary:
			continue
		case bytes.HasPrefix(bytes.TrimSpace(res.Value), []byte("<")):
			// A document: the payload goes where a careless viewer
			// shows it (XML 1.0 forbids some of it, so it parses no
			// more; the console must show that too).
			r.Results[i].Value = append([]byte("<!-- "+payload+" -->\n"), res.Value...)
		default:
			r.Results[i].Value = append(append([]byte{}, res.Value...), payload...)
		}
	}
}

// unsafeIn words the first thing in a frame that a terminal would obey
// rather than show: an escape other than SGR styling, a control other
// than newline, a C1 control or a bidi override; "" when there is none.
func unsafeIn(frame string) string {
	for i := 0; i < len(frame); {
		if frame[i] == 0x1b {
			j := i + 2
			if j <= len(frame) && frame[i+1] == '[' {
				for j < len(frame) && (frame[j] >= '0' && frame[j] <= '9' || frame[j] == ';' || frame[j] == ':') {
					j++
				}
				if j < len(frame) && frame[j] == 'm' {
					i = j + 1
					continue
				}
			}
			return "a raw escape: " + strings.ToValidUTF8(frame[i:min(len(frame), i+12)], "?")
		}
		r, size := utf8.DecodeRuneInString(frame[i:])
		switch {
		case r == '\n':
		case r < 0x20 || r == 0x7f:
			return "a raw control character"
		case r >= 0x80 && r < 0xa0:
			return "a raw C1 control"
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return "a raw bidi override"
		}
		i += size
	}
	return ""
}

// TestHostileHostNeverReachesTheTerminal drives the login, every pane, the
// palette, help, a confirm dialog and a task's log against a host whose
// every text carries escape sequences. Each view must show them, not
// obey them (the frame before the root's last filter, rawView), and the
// frame the terminal gets must be clean too.
func TestHostileHostNeverReachesTheTerminal(t *testing.T) {
	h := startHost(t)
	client, err := gateway.NewClient(gateway.Options{URL: hostileHost(t, h), Timeout: 5e9})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	c := sessionCommon(t, ctx, client)
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "http://127.0.0.1:PORT/api", version: "test"})
	p := newPump(t, m)
	check := func(step string) {
		t.Helper()
		p.settle()
		if what := unsafeIn(m.rawView()); what != "" {
			t.Errorf("%s: a view let through %s:\n%s", step, what, m.rawView())
		}
		if what := unsafeIn(m.View()); what != "" {
			t.Errorf("%s: the terminal got %s", step, what)
		}
	}
	p.run(m.Init())
	p.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	check("login screen")
	p.typ("admin")
	p.send(tea.KeyMsg{Type: tea.KeyEnter})
	check("login, first round")
	p.typ("demo")
	p.send(tea.KeyMsg{Type: tea.KeyEnter})
	check("login, second round (its prompt came from the host)")
	p.typ("424242")
	p.send(tea.KeyMsg{Type: tea.KeyEnter})
	p.until("logged in through the hostile host", func() bool { return m.loggedIn })
	check("after login")
	for _, k := range []string{"1", "j", "2", "3", "4", "5", "6"} {
		p.send(keyMsg(k))
		check("pane key " + k)
	}
	p.send(keyMsg("2"))
	p.send(tea.KeyMsg{Type: tea.KeyEnter}) // the selected task in full
	check("a task's detail")
	p.send(tea.KeyMsg{Type: tea.KeyEnter}) // its log
	check("a task's log")
	if m.active != paneLogs || !strings.Contains(m.View(), `OWNED^G`) {
		t.Fatalf("the log is not shown, or the host's text is not visible in it:\n%s", m.View())
	}
	p.send(keyMsg("1"))
	p.send(keyMsg("j"))
	p.send(keyMsg("d")) // delete asks, naming the configuration
	check("confirm dialog")
	if m.confirm == nil {
		t.Fatalf("no confirm dialog:\n%s", m.View())
	}
	p.send(tea.KeyMsg{Type: tea.KeyEsc})
	p.send(keyMsg("?"))
	check("help")
	if !m.showHelp {
		t.Fatal("help is not shown")
	}
	p.send(tea.KeyMsg{Type: tea.KeyEsc})
	p.send(keyMsg(":"))
	p.typ("agentGetStatus")
	p.send(tea.KeyMsg{Type: tea.KeyEnter})
	check("palette result")
	if !m.palette.Open() || !strings.Contains(m.View(), "agentGetStatus") {
		t.Fatalf("no palette result:\n%s", m.View())
	}
	p.send(tea.KeyMsg{Type: tea.KeyEsc})
	p.send(tea.KeyMsg{Type: tea.KeyEsc})
	p.send(common.FlashMsg{Text: "flash " + payload, Error: true})
	check("a flash quoting the host")
}

// settle feeds replies until none has come for a while.
func (p *pump) settle() {
	for {
		select {
		case msg := <-p.msgs:
			p.send(msg)
		case <-time.After(300 * time.Millisecond):
			return
		}
	}
}

// typ sends text as typed keys, one by one.
func (p *pump) typ(text string) {
	for _, r := range text {
		p.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}
