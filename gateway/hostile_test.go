package gateway_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dpconsole/gateway"
)

// hostile is a gateway that only misbehaves: every answer is whatever
// answer returns, written straight onto the wire.
func hostile(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(answer))
	t.Cleanup(srv.Close)
	return srv
}

// challenge answers every hostOpenSession with status 2 and prompts.
func challenge(prompts ...gateway.Arg) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		resp := &gateway.Response{Status: gateway.StatusChallenged, Message: "Challenged", Results: prompts}
		resp.Encode(w)
	}
}

func hostileClient(t *testing.T, url string) *gateway.Client {
	t.Helper()
	c, err := gateway.NewClient(gateway.Options{URL: url, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// neverAsked fails the test when the operator would be shown a prompt.
func neverAsked(t *testing.T) gateway.Answerer {
	return func(_ context.Context, _ int, p []gateway.Prompt) ([]string, error) {
		t.Errorf("the operator was asked %d prompts", len(p))
		return nil, errors.New("asked")
	}
}

func TestHostileLoginTenThousandPromptsRefused(t *testing.T) {
	prompts := make([]gateway.Arg, 10_000)
	for i := range prompts {
		prompts[i] = gateway.Named(fmt.Sprintf("prompt-%d", i+1), "Password:")
	}
	srv := hostile(t, challenge(prompts...))
	_, err := hostileClient(t, srv.URL).Login(context.Background(), "u", neverAsked(t))
	if !errors.Is(err, gateway.ErrLoginLimit) {
		t.Fatalf("err = %v, want ErrLoginLimit", err)
	}
	if !strings.Contains(err.Error(), "10000") || !strings.Contains(err.Error(), fmt.Sprintf("%d prompts per round", gateway.MaxLoginPrompts)) {
		t.Errorf("err = %q, want the count and the limit", err)
	}
}

func TestHostileLoginEightMegabytePromptRefused(t *testing.T) {
	srv := hostile(t, challenge(gateway.Named("prompt-1", strings.Repeat("A", 8<<20))))
	_, err := hostileClient(t, srv.URL).Login(context.Background(), "u", neverAsked(t))
	if !errors.Is(err, gateway.ErrLoginLimit) {
		t.Fatalf("err = %v, want ErrLoginLimit", err)
	}
	if want := fmt.Sprintf("limit is %d bytes per prompt", gateway.MaxPromptText); !strings.Contains(err.Error(), want) {
		t.Errorf("err = %q, want %q", err, want)
	}
	if len(err.Error()) > 300 {
		t.Errorf("the error repeats the prompt: %d bytes", len(err.Error()))
	}
}

// Exactly at the limits is still a login.
func TestHostileLoginAtTheLimitsIsAsked(t *testing.T) {
	prompts := make([]gateway.Arg, gateway.MaxLoginPrompts)
	for i := range prompts {
		prompts[i] = gateway.Named(fmt.Sprintf("prompt-%d", i+1), strings.Repeat("x", gateway.MaxPromptText))
	}
	srv := hostile(t, challenge(prompts...))
	stop := errors.New("seen")
	_, err := hostileClient(t, srv.URL).Login(context.Background(), "u", func(_ context.Context, _ int, p []gateway.Prompt) ([]string, error) {
		if len(p) != gateway.MaxLoginPrompts || len(p[0].Text) != gateway.MaxPromptText {
			t.Errorf("asked %d prompts of %d bytes", len(p), len(p[0].Text))
		}
		return nil, stop
	})
	if !errors.Is(err, stop) {
		t.Errorf("err = %v, want the answerer's own", err)
	}
}

func TestHostileLoginEndlessRoundsIsALimitError(t *testing.T) {
	srv := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		challenge(gateway.Text("Again:"))(w, r)
	})
	rounds := 0
	_, err := hostileClient(t, srv.URL).Login(context.Background(), "u", func(context.Context, int, []gateway.Prompt) ([]string, error) {
		rounds++
		return []string{"a"}, nil
	})
	if !errors.Is(err, gateway.ErrLoginLimit) || !strings.Contains(err.Error(), "16 rounds") {
		t.Errorf("err = %v, want the round limit", err)
	}
	if rounds != gateway.MaxLoginRounds {
		t.Errorf("%d rounds answered", rounds)
	}
}

// The console builds its prompts through the same check.
func TestChallengePromptsLimits(t *testing.T) {
	if _, err := gateway.ChallengePrompts(make([]gateway.Arg, gateway.MaxLoginPrompts+1), 0); !errors.Is(err, gateway.ErrLoginLimit) {
		t.Errorf("17 prompts: err = %v", err)
	}
	long := []gateway.Arg{gateway.Text(strings.Repeat("x", gateway.MaxPromptText+1))}
	if _, err := gateway.ChallengePrompts(long, 0); !errors.Is(err, gateway.ErrLoginLimit) {
		t.Errorf("1025-byte prompt: err = %v", err)
	}
	p, err := gateway.ChallengePrompts([]gateway.Arg{gateway.Text("Code:")}, 1)
	if err != nil || len(p) != 1 || p[0].Name != "prompt-2" {
		t.Errorf("ChallengePrompts = %v, %v", p, err)
	}
	if _, err := gateway.ChallengePrompts(nil, 0); err == nil || errors.Is(err, gateway.ErrLoginLimit) {
		t.Errorf("no prompts: err = %v, want the protocol error", err)
	}
}

// A redirecting gateway: the request, password included, must never reach
// the place it points to, across hosts or from https to http.
func TestHostileRedirectNotFollowed(t *testing.T) {
	var stolen atomic.Int32
	thief := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		stolen.Add(1)
		challenge(gateway.Text("Password:"))(w, r)
	})
	for _, code := range []int{301, 302, 303, 307, 308} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			srv := hostile(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", thief.URL+"/steal\u202egnp.exe")
				w.WriteHeader(code)
			})
			c := hostileClient(t, srv.URL+"/api")
			_, err := c.HostOpenSession(context.Background(), "operator", "secret-password")
			var te *gateway.TransportError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want a *TransportError", err)
			}
			if te.HTTPStatus != code {
				t.Errorf("HTTPStatus = %d, want %d", te.HTTPStatus, code)
			}
			msg := err.Error()
			for _, want := range []string{thief.URL + "/steal", "never follows redirects", "configure"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not contain %q", msg, want)
				}
			}
			if strings.ContainsRune(msg, 0x202e) {
				t.Errorf("the Location's controls reach the error raw: %q", msg)
			}
		})
	}
	if n := stolen.Load(); n != 0 {
		t.Errorf("the redirect target received %d requests", n)
	}
}

func TestNewClientRefusesUserInfo(t *testing.T) {
	for _, u := range []string{"https://admin:s3cr3t-pw@gw.example/api", "http://admin@gw.example/api", "http://:s3cr3t-pw@gw.example/api",
		"http://admin:s3cr3t-pw@gw.example:badport/api"} {
		_, err := gateway.NewClient(gateway.Options{URL: u})
		if err == nil {
			t.Errorf("NewClient(%q) accepted it", u)
			continue
		}
		if strings.Contains(err.Error(), "s3cr3t-pw") {
			t.Errorf("NewClient(%q) error prints the password: %v", u, err)
		}
	}
	_, err := gateway.NewClient(gateway.Options{URL: "https://admin:s3cr3t-pw@gw.example/api"})
	if err == nil || !strings.Contains(err.Error(), "https://gw.example/api") || !strings.Contains(err.Error(), "user name or password") {
		t.Errorf("err = %v, want the URL without user info and why", err)
	}
}
