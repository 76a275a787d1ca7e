package ui

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/theme"
)

// TestPathologicalDocumentDoesNotFreezeUpdate: a host answers a
// configuration's tasks with 64 KiB that chroma's XML lexer takes
// seconds over ("&#" repeated; a broken or hostile host). Documents up to
// widgets/doc.SyncLimit are highlighted inside Update, so no key — not even
// ctrl+c — is read meanwhile. No single Update may take a second.
func TestPathologicalDocumentDoesNotFreezeUpdate(t *testing.T) {
	h := startHost(t)
	doc := "<Tasks>" + strings.Repeat("&#", 32000) + "</Tasks>"
	var hostile atomic.Bool
	url := answeringProxy(t, h, func(req *gateway.Request) *gateway.Response {
		if req.Function == "configGetTasks" && hostile.Load() {
			return &gateway.Response{Status: gateway.StatusOK, Message: "OK", Results: []gateway.Arg{{Value: []byte(doc)}}}
		}
		return nil
	})
	client, err := gateway.NewClient(gateway.Options{URL: url, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// In colour: with the Ascii profile nothing is highlighted.
	c, err := newCommon(Session{Ctx: t.Context(), Client: client, Renderer: testRenderer(termenv.ANSI256), Theme: theme.Dark(),
		Keys: keymap.Default(), Now: func() time.Time { return testStart }})
	if err != nil {
		t.Fatal(err)
	}
	m, p := consoleOn(t, c)
	p.loginAdmin(120, 40)
	hostile.Store(true)
	var worst time.Duration
	var worstMsg string
	timed := func(msg tea.Msg) {
		start := time.Now()
		p.send(msg)
		if d := time.Since(start); d > worst {
			worst, worstMsg = d, strings.TrimPrefix(strings.SplitN(strings.TrimSpace(fmtType(msg)), " ", 2)[0], "*")
		}
	}
	timed(keyMsg("1"))
	timed(keyMsg("t")) // reload the tasks document
	deadline := time.Now().Add(40 * time.Second)
	for time.Now().Before(deadline) && !strings.Contains(m.View(), "&amp;#") && !strings.Contains(m.View(), "&#&#") {
		select {
		case msg := <-p.msgs:
			timed(msg)
		case <-time.After(200 * time.Millisecond):
		}
	}
	t.Logf("longest Update: %s (%s)", worst, worstMsg)
	if worst > time.Second {
		t.Errorf("one Update took %s (%s): the console read no key meanwhile", worst, worstMsg)
	}
}

func fmtType(msg tea.Msg) string { return strings.TrimSpace(strings.Split(typeName(msg), "{")[0]) }

func typeName(v any) string { return fmt.Sprintf("%T", v) }
