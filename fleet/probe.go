// Package fleet is the console for many gateways: the Fleet pane, which
// polls every configured gateway (agentPing, and agentGetStatus where a
// session is held) with a bounded number of calls in flight, and a root
// model that holds one host console (ui.Model) per gateway stepped into,
// so each keeps its session while the operator is elsewhere.
package fleet

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"dpconsole/gateway"
)

// Defaults for what Options and Host leave zero.
const (
	DefaultConcurrency = 16
	DefaultTimeout     = 5 * time.Second // one poll of one host: ping and status together
	DefaultInterval    = 5 * time.Second // between polls of one host
)

// Host is one gateway of the fleet.
type Host struct {
	Name     string
	URL      string
	Client   *gateway.Client // shared by the poll and the host's console
	ReadOnly bool            // refuse functions that change this host
	User     string          // pre-fills the login
	Timeout  time.Duration   // bounds one poll; DefaultTimeout when zero
	// KeptUser, when set, is the user of the session Client already holds
	// (one `dpconsole login --gateway NAME` kept): the console opens logged
	// in, and does not close that session when it quits.
	KeptUser string
}

// HostPart is the host (and port) of the URL, as the pane shows it.
func (h Host) HostPart() string {
	u, err := url.Parse(h.URL)
	if err != nil || u.Host == "" {
		return h.URL
	}
	return u.Host
}

func (h Host) timeout() time.Duration {
	if h.Timeout > 0 {
		return h.Timeout
	}
	return DefaultTimeout
}

// Result is what one poll of one host learnt.
type Result struct {
	Reachable  bool          // the gateway answered agentPing (whatever its status)
	Ping       time.Duration // agentPing's round trip
	PingErr    error         // agentPing's failure, transport or status
	Status     gateway.AgentStatus
	HaveStatus bool  // Status was read (a session is held)
	StatusErr  error // agentGetStatus's failure
	At         time.Time
}

// Problem ranks a result for the overview, most urgent first: 0 not
// answering, 1 tasks in error, 2 agent offline (or refusing the ping),
// 3 disabled, 4 well. Unpolled hosts rank 4 too.
func (r Result) Problem() int {
	switch {
	case r.At.IsZero():
		return 4
	case !r.Reachable:
		return 0
	case r.HaveStatus && r.Status.TaskStatus == "Errors":
		return 1
	case r.HaveStatus && r.Status.Agent == "Offline", r.PingErr != nil:
		return 2
	case r.HaveStatus && (r.Status.Agent == "Disabled" || r.Status.ConfigStatus == "Disabled"):
		return 3
	}
	return 4
}

// State names the host's state in one word, as the Fleet pane and
// `dpconsole fleet` show it.
func (r Result) State() string {
	switch r.Problem() {
	case 0:
		return "down"
	case 1:
		return "errors"
	case 2:
		return "offline"
	case 3:
		return "disabled"
	}
	return "ok"
}

// OK reports that the host answered and is neither offline, disabled nor
// in errors: what `dpconsole fleet` exits 0 for.
func (r Result) OK() bool { return !r.At.IsZero() && r.Problem() == 4 }

// Err words the poll's failure for the operator, or "".
func (r Result) Err() string {
	err := r.PingErr
	if err == nil {
		err = r.StatusErr
	}
	if err == nil {
		return ""
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "not answering"
	}
	if s := gateway.HTTPText(err); s != "" {
		return s
	}
	if gateway.IsTransport(err) {
		// "agentPing: transport: Post URL: dial tcp ADDR: connect:
		// connection refused" says no more than its last part.
		s := err.Error()
		return s[strings.LastIndex(s, ": ")+2:]
	}
	return err.Error()
}

// PingText words a round trip: "0.4ms", "12ms".
func PingText(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%dms", d.Milliseconds())
}

// Probe polls one host: agentPing, then agentGetStatus when its client
// holds a session, both within the host's timeout, so a hung host costs
// no more than that. now stamps the result.
func Probe(ctx context.Context, h Host, now func() time.Time) Result {
	ctx, cancel := context.WithTimeout(ctx, h.timeout())
	defer cancel()
	start := time.Now()
	err := h.Client.AgentPing(ctx)
	r := Result{Ping: time.Since(start), PingErr: err, Reachable: err == nil || !gateway.IsTransport(err)}
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		r.Reachable = false
		r.PingErr = fmt.Errorf("not answering within %s", h.timeout())
	}
	if r.Reachable && h.Client.Session() != "" {
		st, serr := h.Client.AgentGetStatus(ctx)
		r.Status, r.StatusErr, r.HaveStatus = st, serr, serr == nil
		if serr != nil && ctx.Err() != nil {
			r.StatusErr = fmt.Errorf("agentGetStatus not answering within %s", h.timeout())
		}
	}
	r.At = now()
	return r
}

// ProbeAll polls every host once with at most conc calls in flight and
// returns the results in the hosts' order.
func ProbeAll(ctx context.Context, hosts []Host, conc int, now func() time.Time) []Result {
	if conc <= 0 {
		conc = DefaultConcurrency
	}
	out := make([]Result, len(hosts))
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	for i := range hosts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = Probe(ctx, hosts[i], now)
		}()
	}
	wg.Wait()
	return out
}
