package gateway_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"dpconsole/gateway"
)

// loginHost answers hostOpenSession statelessly, like docs/protocol.md §5: each
// user has a list of (prompt, answer) rounds; answers arrive named
// prompt-1 … prompt-N after the user.
func loginHost(t *testing.T, users map[string][][2]string) *clientHost {
	return newClientHost(t, func(req *gateway.Request) *gateway.Response {
		if req.Function != "hostOpenSession" {
			return ok()
		}
		if len(req.Args) == 0 {
			return &gateway.Response{Status: gateway.StatusInvalid, Message: "no user"}
		}
		rounds, known := users[string(req.Args[0].Value)]
		if !known {
			rounds = [][2]string{{"Password:", "\x00no answer matches"}}
		}
		answers := req.Args[1:]
		for i, a := range answers {
			if want := fmt.Sprintf("prompt-%d", i+1); a.Name != want {
				return &gateway.Response{Status: gateway.StatusInvalid, Message: "answer named " + a.Name + ", want " + want}
			}
			if i >= len(rounds) || string(a.Value) != rounds[i][1] {
				return &gateway.Response{Status: gateway.StatusDenied, Message: "Denied"}
			}
		}
		if len(answers) < len(rounds) {
			n := len(answers) + 1
			return &gateway.Response{Status: gateway.StatusChallenged, Message: "Challenged",
				Results: []gateway.Arg{gateway.Named(fmt.Sprintf("prompt-%d", n), rounds[len(answers)][0])}}
		}
		return ok(gateway.Text("session-for-" + string(req.Args[0].Value)))
	})
}

var demoUsers = map[string][][2]string{
	"operator": {{"Password:", "demo"}},
	"admin":    {{"Password:", "demo"}, {"One-time code:", "424242"}},
}

// scripted answers each prompt from a table and records what was asked.
type scripted struct {
	answers map[string]string
	asked   []string // "round:name:text"
}

func (s *scripted) answer(_ context.Context, round int, prompts []gateway.Prompt) ([]string, error) {
	out := make([]string, len(prompts))
	for i, p := range prompts {
		s.asked = append(s.asked, fmt.Sprintf("%d:%s:%s", round, p.Name, p.Text))
		out[i] = s.answers[p.Text]
	}
	return out, nil
}

func TestLoginOneRound(t *testing.T) {
	h := loginHost(t, demoUsers)
	c := newTestClient(t, h.srv.URL)
	s := &scripted{answers: map[string]string{"Password:": "demo"}}
	id, err := c.Login(context.Background(), "operator", s.answer)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if id != "session-for-operator" || c.Session() != id {
		t.Errorf("session = %q, client has %q", id, c.Session())
	}
	if got := strings.Join(s.asked, "|"); got != "1:prompt-1:Password:" {
		t.Errorf("asked %q", got)
	}
	reqs := h.received()
	if len(reqs) != 2 {
		t.Fatalf("host saw %d rounds, want 2", len(reqs))
	}
	for _, r := range reqs {
		if r.Session != "" {
			t.Errorf("hostOpenSession sent <Session> %q", r.Session)
		}
	}
	if c.AgentStart(context.Background()) != nil || h.last(t).Session != id {
		t.Errorf("later calls should carry the new session, got %q", h.last(t).Session)
	}
}

func TestLoginTwoRoundsResendsEveryAnswer(t *testing.T) {
	h := loginHost(t, demoUsers)
	c := newTestClient(t, h.srv.URL)
	s := &scripted{answers: map[string]string{"Password:": "demo", "One-time code:": "424242"}}
	id, err := c.Login(context.Background(), "admin", s.answer)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if id != "session-for-admin" {
		t.Errorf("session = %q", id)
	}
	if got := strings.Join(s.asked, "|"); got != "1:prompt-1:Password:|2:prompt-2:One-time code:" {
		t.Errorf("asked %q", got)
	}
	reqs := h.received()
	if len(reqs) != 3 {
		t.Fatalf("host saw %d rounds, want 3", len(reqs))
	}
	want := [][]string{{"admin"}, {"admin", "prompt-1=demo"}, {"admin", "prompt-1=demo", "prompt-2=424242"}}
	for i, r := range reqs {
		var got []string
		for j, a := range r.Args {
			if j == 0 {
				if a.Name != "" {
					t.Errorf("round %d: the user argument is named %q", i+1, a.Name)
				}
				got = append(got, string(a.Value))
				continue
			}
			got = append(got, a.Name+"="+string(a.Value))
		}
		if strings.Join(got, ",") != strings.Join(want[i], ",") {
			t.Errorf("round %d sent %q, want %q", i+1, got, want[i])
		}
	}
}

func TestLoginDenied(t *testing.T) {
	h := loginHost(t, demoUsers)
	c := newTestClient(t, h.srv.URL)
	s := &scripted{answers: map[string]string{"Password:": "wrong"}}
	id, err := c.Login(context.Background(), "operator", s.answer)
	if !errors.Is(err, gateway.ErrDenied) || gateway.IsTransport(err) {
		t.Fatalf("err = %v, want protocol status 3", err)
	}
	if id != "" || c.Session() != "" {
		t.Errorf("a denied login left session %q / %q", id, c.Session())
	}
	// An unknown user is challenged like a known one, then denied.
	s = &scripted{answers: map[string]string{"Password:": "demo"}}
	if _, err := c.Login(context.Background(), "nobody", s.answer); !errors.Is(err, gateway.ErrDenied) {
		t.Errorf("unknown user: err = %v", err)
	}
}

func TestLoginAnswererCancels(t *testing.T) {
	h := loginHost(t, demoUsers)
	c := newTestClient(t, h.srv.URL)
	calls := 0
	_, err := c.Login(context.Background(), "admin", func(context.Context, int, []gateway.Prompt) ([]string, error) {
		calls++
		return nil, context.Canceled
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls != 1 || len(h.received()) != 1 {
		t.Errorf("answerer called %d times, host saw %d requests; want 1 and 1", calls, len(h.received()))
	}
	if c.Session() != "" {
		t.Errorf("session after cancel = %q", c.Session())
	}
}

func TestLoginContextCancelledBetweenRounds(t *testing.T) {
	h := loginHost(t, demoUsers)
	c := newTestClient(t, h.srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := c.Login(ctx, "admin", func(context.Context, int, []gateway.Prompt) ([]string, error) {
		cancel() // the operator closes the dialog while the answer is sent
		return []string{"demo"}, nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestLoginHostThatChallengesForeverIsBounded(t *testing.T) {
	h := newClientHost(t, func(req *gateway.Request) *gateway.Response {
		n := len(req.Args)
		return &gateway.Response{Status: gateway.StatusChallenged,
			Results: []gateway.Arg{gateway.Named(fmt.Sprintf("prompt-%d", n), "Again:")}}
	})
	c := newTestClient(t, h.srv.URL)
	rounds := 0
	_, err := c.Login(context.Background(), "x", func(_ context.Context, round int, p []gateway.Prompt) ([]string, error) {
		rounds++
		if round != rounds {
			t.Errorf("round %d reported as %d", rounds, round)
		}
		return []string{"a"}, nil
	})
	if err == nil || !strings.Contains(err.Error(), "still challenges") {
		t.Fatalf("err = %v, want the round limit", err)
	}
	if rounds != gateway.MaxLoginRounds || len(h.received()) != gateway.MaxLoginRounds {
		t.Errorf("answered %d rounds, host saw %d; want %d", rounds, len(h.received()), gateway.MaxLoginRounds)
	}
}

func TestLoginMalformedAnswers(t *testing.T) {
	cases := []struct {
		name   string
		host   func(*gateway.Request) *gateway.Response
		answer gateway.Answerer
		want   string
	}{
		{"granted without session", func(*gateway.Request) *gateway.Response { return ok() }, nil, "without a session id"},
		{"challenged without prompts", func(*gateway.Request) *gateway.Response {
			return &gateway.Response{Status: gateway.StatusChallenged}
		}, nil, "without any prompt"},
		{"too few answers", func(req *gateway.Request) *gateway.Response {
			return &gateway.Response{Status: gateway.StatusChallenged, Results: []gateway.Arg{gateway.Text("A:"), gateway.Text("B:")}}
		}, func(context.Context, int, []gateway.Prompt) ([]string, error) { return []string{"a"}, nil }, "1 answers for 2 prompts"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newClientHost(t, tc.host)
			c := newTestClient(t, h.srv.URL)
			_, err := c.Login(context.Background(), "u", tc.answer)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	c := newTestClient(t, "http://127.0.0.1:1/")
	if _, err := c.Login(context.Background(), " ", nil); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("blank user: err = %v", err)
	}
}

// Unnamed prompts get their names from their position among all answers.
func TestLoginNamesUnnamedPrompts(t *testing.T) {
	h := newClientHost(t, func(req *gateway.Request) *gateway.Response {
		switch len(req.Args) {
		case 1:
			return &gateway.Response{Status: gateway.StatusChallenged, Results: []gateway.Arg{gateway.Text("Password:")}}
		case 2:
			return &gateway.Response{Status: gateway.StatusChallenged, Results: []gateway.Arg{gateway.Text("Code:")}}
		}
		return ok(gateway.Text("s"))
	})
	c := newTestClient(t, h.srv.URL)
	var names []string
	_, err := c.Login(context.Background(), "u", func(_ context.Context, _ int, ps []gateway.Prompt) ([]string, error) {
		for _, p := range ps {
			names = append(names, p.Name)
		}
		return []string{"x"}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, ",") != "prompt-1,prompt-2" {
		t.Errorf("prompt names = %q", names)
	}
}
