package logs

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dpconsole/gateway"
)

// A host that refuses a log poll with a status message carrying terminal
// controls (C1 CSI and OSC: a screen clear and a clipboard write, a bidi override, a CR; XML cannot carry ESC itself): the
// pane's notice quotes the error, and must show the controls, not pass
// them on raw (docs/protocol.md §10: each view sanitises; the frame
// filter is only the second layer).
func TestAttackRefusalMessageInNotice(t *testing.T) {
	_, m, _ := start(t)
	m.SetSize(120, 12)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "<Response><Status>-3</Status><StatusMessage>no&#x9b;2J&#x9d;52;c;T1dORUQ=&#x9c;&#x202e;evil&#xd;X</StatusMessage></Response>")
	}))
	t.Cleanup(srv.Close)
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	m.c.Client = cl
	msg := fetched(t, m.fetch(false))
	m.Update(msg)
	if msg.err == nil {
		t.Fatal("the refusal was not an error")
	}
	v := m.View()
	if !strings.Contains(v, "no") {
		t.Fatalf("no notice:\n%s", v)
	}
	t.Logf("%q", v)
	if strings.ContainsAny(v, "\x1b\a\u202e\u009b\u009d\r") {
		t.Fatalf("the pane drew the host's controls raw: %q", v)
	}
}
