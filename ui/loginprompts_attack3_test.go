package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dpconsole/gateway"
)

// TestLoginAtThePromptLimitsFitsTheScreen: a host challenges with the
// most prompts the client takes, each as long as it takes (wide
// characters). The login screen must fit the terminal, and the field
// being typed into must be on it.
func TestLoginAtThePromptLimitsFitsTheScreen(t *testing.T) {
	wide := strings.Repeat("認", gateway.MaxPromptText/3-2) + ":"
	banner := strings.Repeat("Authorized use only. ", 45) + "Accept (yes):"
	t.Run("16 wide prompts", func(t *testing.T) { loginPromptsFit(t, 16, func(int) string { return wide }) })
	t.Run("banner, password, one-time code", func(t *testing.T) {
		loginPromptsFit(t, 3, func(i int) string { return []string{banner, "Password:", "One-time code:"}[i] })
	})
}

func loginPromptsFit(t *testing.T, n int, text func(int) string) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var res []gateway.Arg
		for i := range n {
			res = append(res, gateway.Named(fmt.Sprintf("prompt-%d", i+1), fmt.Sprintf("Q%02d %s", i+1, text(i))))
		}
		body, _ := (&gateway.Response{Status: gateway.StatusChallenged, Message: "Challenged", Results: res}).Marshal()
		w.Header().Set("Content-Type", "application/xml")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	client, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c := sessionCommon(t, t.Context(), client)
	m := newModel(modelConfig{common: c, panes: newPanes(c), gateway: "http://127.0.0.1:PORT/api", version: "test"})
	p := newPump(t, m)
	p.run(m.Init())
	const W, H = 80, 24
	p.send(tea.WindowSizeMsg{Width: W, Height: H})
	p.settle()
	p.typ("admin")
	p.send(tea.KeyMsg{Type: tea.KeyEnter})
	p.settle()
	check := func(step, want string) {
		t.Helper()
		frame := m.View()
		lines := strings.Split(frame, "\n")
		if len(lines) > H {
			t.Errorf("%s: %d lines", step, len(lines))
		}
		for i, l := range lines {
			if w := lipgloss.Width(l); w > W {
				t.Errorf("%s: line %d is %d wide", step, i, w)
			}
		}
		if want != "" && !strings.Contains(frame, want) {
			t.Errorf("%s: the prompt being answered (%s) is not on the screen:\n%s", step, want, frame)
		}
	}
	check("16 prompts", "Q01")
	for i := 2; i <= n; i++ {
		p.typ("x")
		p.send(tea.KeyMsg{Type: tea.KeyTab})
		check(fmt.Sprintf("field %d", i), fmt.Sprintf("Q%02d", i))
		if t.Failed() {
			return
		}
	}
}
