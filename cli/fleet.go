package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"dpconsole/fleet"
	"dpconsole/text/sanitize"
)

const fleetAbout = `Polls every gateway of the config file's gateways: once, as the console's Fleet
pane does (agentPing; agentGetStatus where 'dpconsole login --gateway NAME' kept a
session, else reachability only), and prints one line per gateway, problems
first: not answering, tasks in Errors, agent Offline, Disabled. --json prints a
list of {name, url, reachable, ping_ms, agent, config, tasks, error}.

Exit status: 0 when every gateway answers and none is Offline, Disabled or in
Errors; 2 when any is; 1 for usage errors (no gateways configured).
`

// fleetLine is one gateway in `dpconsole fleet --json`.
type fleetLine struct {
	Name      string   `json:"name"`
	URL       string   `json:"url"`
	Reachable bool     `json:"reachable"`
	PingMS    *float64 `json:"ping_ms"` // null when it did not answer
	Agent     string   `json:"agent"`   // "" without a kept session
	Config    string   `json:"config"`
	Tasks     string   `json:"tasks"`
	Error     string   `json:"error"`
}

func (c *cli) fleetCommand() *cobra.Command {
	cmd := c.newCmd("fleet [flags]", "poll every named gateway once", "dpconsole fleet [--json] [--config FILE] [--concurrency N] [--timeout DUR]", fleetAbout)
	fs := cmd.Flags()
	o := &fleetFlags{}
	fs.BoolVar(&o.json, "json", false, "print a JSON list, one object per gateway")
	fs.StringVar(&o.config, "config", "", "config `FILE` naming the gateways (default $XDG_CONFIG_HOME/dpconsole/config.yaml)")
	fs.IntVar(&o.concurrency, "concurrency", fleet.DefaultConcurrency, "at most `N` calls in flight")
	fs.DurationVar(&o.timeout, "timeout", fleet.DefaultTimeout, "bound each gateway's poll to `DUR` unless its entry sets a timeout")
	cmd.RunE = c.action(func(pos []string) int { return c.fleet(cmd, o, pos) })
	return cmd
}

// fleetFlags are fleet's flags.
type fleetFlags struct {
	json        bool
	config      string
	concurrency int
	timeout     time.Duration
}

func (c *cli) fleet(cmd *cobra.Command, o *fleetFlags, pos []string) int {
	asJSON, cfgPath, conc, timeout := &o.json, &o.config, &o.concurrency, &o.timeout
	switch {
	case len(pos) > 0:
		return c.usageError(cmd, "unexpected argument %q", pos[0])
	case *conc < 1:
		return c.usageError(cmd, "--concurrency must be at least 1, got %d", *conc)
	case *timeout <= 0:
		return c.usageError(cmd, "--timeout must be positive, got %s", *timeout)
	}
	fc, err := c.loadConfig(*cfgPath)
	if err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	if len(fc.Gateways) == 0 {
		path, _ := c.configPath(*cfgPath)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			// config.Load takes a missing default file for an empty one;
			// "has no gateways: map" would send the operator looking in it.
			return c.usageError(cmd, "no gateways: %s does not exist; add a gateways: map to it (see the README's \"Many hosts\")", path)
		}
		return c.usageError(cmd, "no gateways: %s has no gateways: map (see the README's \"Many hosts\")", path)
	}
	hosts, err := fleetHosts(Options{Timeout: *timeout}, fc, c.keptFor, func(s string) { fmt.Fprintln(c.stderr, s) })
	if err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	res := fleet.ProbeAll(c.ctx, hosts, *conc, time.Now)
	order := make([]int, len(hosts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if d := res[a].Problem() - res[b].Problem(); d != 0 {
			return d
		}
		return strings.Compare(hosts[a].Name, hosts[b].Name)
	})
	code := exitOK
	lines := make([]fleetLine, 0, len(hosts))
	for _, i := range order {
		h, r := hosts[i], res[i]
		if !r.OK() {
			code = exitStatus
		}
		l := fleetLine{Name: h.Name, URL: h.URL, Reachable: r.Reachable, Error: r.Err()}
		if r.Reachable {
			ms := float64(r.Ping.Microseconds()) / 1000
			l.PingMS = &ms
		}
		if r.HaveStatus {
			l.Agent, l.Config, l.Tasks = r.Status.Agent, r.Status.Config, r.Status.TaskStatus
		}
		lines = append(lines, l)
	}
	if *asJSON {
		if err := c.writeJSON(lines); err != nil {
			return c.fail(exitFailure, "writing the output: %v", err)
		}
		return code
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "GATEWAY\tHOST\tSTATE\tPING\tAGENT\tCONFIG\tTASKS\tERROR")
	for k, l := range lines {
		h, r := hosts[order[k]], res[order[k]]
		ping, state := "-", r.State()
		if l.PingMS != nil {
			ping = fleet.PingText(r.Ping)
		}
		cells := []string{l.Name, h.HostPart(), state, ping, dash(l.Agent), dash(l.Config), dash(l.Tasks), dash(l.Error)}
		for j := range cells {
			// Host text, one line per gateway: shown, never obeyed.
			cells[j] = strings.ReplaceAll(sanitize.SanitizeLine(cells[j]), "\t", " ")
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return c.fail(exitFailure, "writing the output: %v", err)
	}
	return code
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
