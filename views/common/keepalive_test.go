package common

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"dpconsole/gateway"
)

// TestKeepAliveUsesTheSessionUntilStopped: while $EDITOR runs the console
// reads the agent's status now and then, with the session, so a host's
// idle limit does not end it under a long edit; stopped, it makes no more
// calls.
func TestKeepAliveUsesTheSessionUntilStopped(t *testing.T) {
	var calls, withSession atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req, err := gateway.UnmarshalRequest(body, gateway.DefaultLimits())
		if err == nil && req.Function == "agentGetStatus" {
			calls.Add(1)
			if req.Session == "S1" {
				withSession.Add(1)
			}
		}
		(&gateway.Response{Status: gateway.StatusOK}).Encode(w)
	}))
	defer srv.Close()
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	cl.SetSession("S1")
	defer func(d time.Duration) { KeepAliveEvery = d }(KeepAliveEvery)
	KeepAliveEvery = 5 * time.Millisecond
	c := &Common{Ctx: context.Background(), Client: cl}
	stop := c.keepAlive()
	deadline := time.Now().Add(5 * time.Second)
	for calls.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	if calls.Load() < 3 || withSession.Load() != calls.Load() {
		t.Fatalf("%d calls, %d with the session", calls.Load(), withSession.Load())
	}
	time.Sleep(50 * time.Millisecond) // one in flight may end
	after := calls.Load()
	time.Sleep(50 * time.Millisecond)
	if calls.Load() != after {
		t.Fatalf("%d calls after stop", calls.Load()-after)
	}
}
