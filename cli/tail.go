package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dpconsole/config"
	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/logtail"
	"dpconsole/text/jsonsafe"
	"dpconsole/text/sanitize"
)

const tailAbout = `Prints a task's log (taskGetLog), or with --agent the agent's (agentGetLog),
one entry a line: TIME LEVEL TEXT, TIME in RFC 3339 UTC with the fraction of a
second when there is one (2026-03-01T09:00:00.5Z) and LEVEL in capitals, as the
console saves logs; with --json one JSON object a line: {"time","level","text"},
the level as the host sends it (info). Line ends inside an entry's text are
shown as \n (as \u21b5 on a terminal), so every entry is one line.

With -f it keeps polling and prints new entries as the host adds them, until
interrupted (exit 0). Each poll streams the whole log but parses only what is
new (docs/protocol.md §11). When the host resets or rewrites the log it prints
==> log reset on the host <== and then the log from where it changed. A poll
that fails for the transport is reported on stderr and retried; a status
other than 1 ends it, but when the host refuses the session (it expired, or
the host restarted) a tail that logged in itself (--user) logs in again, once.

The session comes as for 'dpconsole call'. On a terminal, control and bidi
characters in the host's text are shown, not obeyed.

Exit status: 0 when the host answers status 1; 2 for any other status (code
and message on stderr); 1 for usage and transport errors.

Examples:
  dpconsole tail production protect-inbox
  dpconsole tail -f --level warn production protect-inbox
  dpconsole tail --agent --since 1h --json
`

// resetMarker is printed when a followed log was reset on the host.
const resetMarker = "==> log reset on the host <=="

// Hooks for tests: the clock --since counts from, and the wait between
// polls with -f.
var (
	tailNow   = time.Now
	tailSleep = func(ctx context.Context, d time.Duration) error {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			return nil
		}
	}
)

// levelRank orders the log levels for --level.
func levelRank(level string) int {
	switch level {
	case hostdoc.LevelDebug:
		return 0
	case hostdoc.LevelInfo:
		return 1
	case hostdoc.LevelWarn:
		return 2
	case hostdoc.LevelError:
		return 3
	}
	return -1
}

func (c *cli) tailCommand() *cobra.Command {
	cmd := c.newCmd("tail [flags] CONFIG TASK", "print a task's log (--agent: the agent's)", "dpconsole tail [flags] CONFIG TASK\n  dpconsole tail --agent [flags]", tailAbout)
	fs := cmd.Flags()
	f := c.addConnFlags(fs, true)
	sf := addSessionFlags(fs)
	o := &tailFlags{}
	fs.BoolVarP(&o.follow, "follow", "f", false, "follow: keep printing new entries until interrupted")
	fs.BoolVar(&o.agent, "agent", false, "the agent's log instead of a task's")
	fs.Var(&o.since, "since", "only entries of the last `DUR`, e.g. 10m or 24h")
	fs.StringVar(&o.level, "level", "", "only entries of `LEVEL` and above: debug, info, warn or error")
	fs.BoolVar(&o.json, "json", false, `one JSON object a line: {"time","level","text"}`)
	o.interval = durationFlag{text: "2s"}
	fs.Var(&o.interval, "interval", "with -f, the wait between polls")
	fs.StringVar(&o.maxLog, "max-log-size", "", "refuse a log larger than `SIZE` (decoded), e.g. 256MiB (default: max_log_size in the config file, else 1GiB)")
	cmd.RunE = c.action(func(pos []string) int { return c.tail(cmd, f, sf, o, pos) })
	return cmd
}

// tailFlags are tail's own flags.
type tailFlags struct {
	follow, agent, json bool
	since, interval     durationFlag
	level, maxLog       string
}

// durationFlag is a duration flag read when the command runs: a value
// that is no duration is then one usage line, as the other usage errors
// are, where the flag parser's error printed the whole help.
type durationFlag struct{ text string }

func (f *durationFlag) String() string     { return f.text }
func (f *durationFlag) Set(s string) error { f.text = s; return nil }
func (f *durationFlag) Type() string       { return "duration" }

// value parses the flag; zero when not given.
func (f *durationFlag) value(name string) (time.Duration, error) {
	if f.text == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(f.text)
	if err != nil {
		return 0, fmt.Errorf("--%s: %s is not a duration (e.g. 10m, 2h)", name, f.text)
	}
	return d, nil
}

func (c *cli) tail(cmd *cobra.Command, f *connFlags, sf *sessionFlags, o *tailFlags, pos []string) int {
	plan, code := c.tailPlan(cmd, f, o, pos)
	if code != exitOK {
		return code
	}
	sessionID, err := c.givenSession(sf)
	if err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	fn, _ := gateway.Lookup("taskGetLog")
	if plan.target.Task == "" {
		fn, _ = gateway.Lookup("agentGetLog")
	}
	cn, code := c.connect(cmd, f, sessionID, fn, plan.maxLog)
	if code != exitOK {
		return code
	}
	defer cn.close()

	p := &tailPrinter{w: bufio.NewWriter(c.stdout), tty: isTerminal(c.stdout), json: o.json, minRank: plan.minRank}
	if plan.since > 0 {
		p.from = tailNow().Add(-plan.since)
	}
	var tl logtail.Tail
	// The first load prints entries as they are parsed: a large log starts
	// showing at once and is never held.
	if _, err := tl.Fetch(c.ctx, cn.cl, plan.target, p.entry); err != nil {
		if p.werr != nil {
			return c.fail(exitFailure, "writing the output: %v", p.werr)
		}
		p.w.Flush()
		if errors.Is(err, gateway.ErrTooLarge) {
			// Entries print as they are parsed, so the log's oldest are out.
			fmt.Fprintf(c.stderr, "dpconsole: %s\nhint: the entries printed are the log's oldest; --max-log-size (or max_log_size in the config file) raises the limit\n",
				printable(err.Error()))
			return exitFailure
		}
		return c.failed(cn, err)
	}
	if err := p.w.Flush(); err != nil {
		return c.fail(exitFailure, "writing the output: %v", err)
	}
	if !o.follow {
		return exitOK
	}
	return c.follow(cn, &tl, plan, p)
}

// tailPlan is what tail was asked for, checked.
type tailPlan struct {
	target          logtail.Target
	since, interval time.Duration
	minRank         int
	maxLog          int64
}

// tailPlan checks tail's arguments and flags; a code other than exitOK
// is the command's exit code.
func (c *cli) tailPlan(cmd *cobra.Command, f *connFlags, o *tailFlags, pos []string) (tailPlan, int) {
	var plan tailPlan
	switch {
	case o.agent && len(pos) != 0:
		return plan, c.usageError(cmd, "--agent takes no CONFIG or TASK, got %q", pos[0])
	case !o.agent && len(pos) != 2:
		return plan, c.usageError(cmd, "give CONFIG and TASK (or --agent), got %s", plural(len(pos), "argument"))
	case !o.agent:
		plan.target = logtail.Target{Config: pos[0], Task: pos[1]}
	}
	var err error
	if plan.since, err = o.since.value("since"); err != nil {
		return plan, c.usageError(cmd, "%v", err)
	}
	if plan.interval, err = o.interval.value("interval"); err != nil {
		return plan, c.usageError(cmd, "%v", err)
	}
	if o.level != "" {
		if plan.minRank = levelRank(strings.ToLower(o.level)); plan.minRank < 0 {
			return plan, c.usageError(cmd, "--level %q: give debug, info, warn or error", o.level)
		}
	}
	if plan.since < 0 {
		return plan, c.usageError(cmd, "--since %s: give a positive duration", plan.since)
	}
	if o.follow && plan.interval < 100*time.Millisecond {
		return plan, c.usageError(cmd, "--interval %s: give at least 100ms", plan.interval)
	}
	if o.maxLog != "" {
		if _, err := config.ParseSize(o.maxLog); err != nil {
			return plan, c.usageError(cmd, "--max-log-size: %v", err)
		}
	}
	if plan.maxLog, err = c.maxLogSize(o.maxLog, f.config); err != nil {
		return plan, c.fail(exitFailure, "%v", err)
	}
	return plan, exitOK
}

// follow polls the log every plan.interval and prints what is new, until
// interrupted (exit 0); a transport error is said once and retried, any
// other ends it.
func (c *cli) follow(cn *conn, tl *logtail.Tail, plan tailPlan, p *tailPrinter) int {
	lastErr := ""
	relogged := false // the last poll was refused and tail logged in again
	for {
		if tailSleep(c.ctx, plan.interval) != nil {
			return exitOK // interrupted: the normal end of -f
		}
		// Later polls collect what is new first, so a poll that fails
		// half-way prints nothing twice.
		up, err := tl.Fetch(c.ctx, cn.cl, plan.target, nil)
		if c.ctx.Err() != nil {
			return exitOK
		}
		if err != nil {
			if errors.Is(err, gateway.ErrDenied) && cn.relogin != nil && !relogged {
				// The host ended the session (it restarted, or expired it):
				// tail logged in itself, so it can again, once a refusal.
				fmt.Fprintf(c.stderr, "dpconsole: the host refused the session (%s); logging in again\n", printable(err.Error()))
				if lerr := cn.relogin(); lerr != nil {
					p.w.Flush()
					return c.callFailed(lerr)
				}
				relogged = true
				continue
			}
			if !gateway.IsTransport(err) {
				p.w.Flush()
				return c.failed(cn, err)
			}
			if msg := err.Error(); msg != lastErr {
				fmt.Fprintf(c.stderr, "dpconsole: %s; retrying every %s\n", printable(msg), plan.interval)
				lastErr = msg
			}
			continue
		}
		lastErr, relogged = "", false
		if up.Reset {
			fmt.Fprintln(p.w, resetMarker)
		}
		for _, e := range up.New {
			p.entry(e)
		}
		if p.werr != nil {
			return c.fail(exitFailure, "writing the output: %v", p.werr)
		}
		if err := p.w.Flush(); err != nil {
			return c.fail(exitFailure, "writing the output: %v", err)
		}
	}
}

// tailPrinter prints entries that pass the filters.
type tailPrinter struct {
	w       *bufio.Writer
	tty     bool
	json    bool
	minRank int
	from    time.Time // zero: every entry
	werr    error
}

type jsonEntry struct {
	Time  string `json:"time"`
	Level string `json:"level"`
	Text  string `json:"text"`
}

// entry prints one entry; its error (the output failed) ends a poll.
func (p *tailPrinter) entry(e hostdoc.Entry) error {
	if p.werr != nil {
		return p.werr
	}
	if levelRank(e.Level) < p.minRank || (!p.from.IsZero() && e.Time.Before(p.from)) {
		return nil
	}
	// With the fraction of a second, as the console's saved logs have it
	// (widgets/logview): entries of one second stay in order.
	ts := e.Time.UTC().Format(time.RFC3339Nano)
	if p.json {
		b, err := json.Marshal(jsonEntry{Time: ts, Level: e.Level, Text: e.Text})
		if err != nil {
			return err
		}
		p.w.Write(jsonsafe.Escape(b))
		p.werr = p.w.WriteByte('\n')
		return p.werr
	}
	text := e.Text
	if p.tty {
		text = sanitize.SanitizeLine(text)
	} else {
		text = oneLine(text)
	}
	// The level in capitals, as the console shows it and saves it: a
	// tailed log and a saved one read and diff alike. JSON keeps the
	// host's word.
	_, p.werr = fmt.Fprintf(p.w, "%s %-5s %s\n", ts, strings.ToUpper(e.Level), text)
	return p.werr
}

// oneLine keeps an entry on one line for a pipe: CR and LF as \r and \n,
// a backslash as \\ so the text reads back unambiguously.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\\\r\n") {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, "\r", `\r`, "\n", `\n`).Replace(s)
}
