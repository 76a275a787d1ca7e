package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
)

// TestLoggedInUserNameIsShownNotObeyed: under serve-ssh the console opens
// logged in as the SSH user name, which the client chose. Shown in the
// header and the "logged in as" flash, its SGR must not reach the
// terminal (the last filter keeps SGR).
func TestLoggedInUserNameIsShownNotObeyed(t *testing.T) {
	h := startHost(t)
	client, err := gateway.NewClient(gateway.Options{URL: h.URL(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Login(context.Background(), "admin", func(_ context.Context, round int, _ []gateway.Prompt) ([]string, error) {
		return []string{[]string{"demo", "424242"}[round-1]}, nil
	}); err != nil {
		t.Fatal(err)
	}
	c := sessionCommon(t, t.Context(), client)
	user := "admin\x1b[8m\u202e"
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "http://127.0.0.1:PORT/api", version: "test", loggedInAs: user})
	p := newPump(t, m)
	p.run(m.Init())
	p.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	p.settle()
	if v := m.View(); strings.Contains(v, "\x1b[8m") || strings.Contains(v, "\u202e") {
		i := strings.Index(v, "admin")
		t.Errorf("the user name reached the terminal raw: %q", v[max(0, i-20):min(len(v), i+80)])
	}
}
