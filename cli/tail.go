package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"dpconsole/config"
	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
	"dpconsole/gateway/logtail"
	"dpconsole/text/sanitize"

	"github.com/spf13/cobra"
)

const tailAbout = `Prints a task's log (taskGetLog), or with --agent the agent's (agentGetLog),
one entry a line: TIME LEVEL TEXT, TIME in RFC 3339 UTC with the fraction of a
second when there is one (2026-03-01T09:00:00.5Z), as the console saves logs;
with --json one JSON
object a line: {"time","level","text"}. Line ends inside an entry's text are
shown as \n (as \u21b5 on a terminal), so every entry is one line.

With -f it keeps polling and prints new entries as the host adds them, until
interrupted (exit 0). Each poll streams the whole log but parses only what is
new (docs/protocol.md §11). When the host resets or rewrites the log it prints
==> log reset on the host <== and then the log from where it changed. A poll
that fails for the transport is reported on stderr and retried; a status
other than 1 ends it.

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
	follow, agent, level, asJSON, maxLog := &o.follow, &o.agent, &o.level, &o.json, &o.maxLog
	var err error
	var target logtail.Target
	switch {
	case *agent && len(pos) != 0:
		return c.usageError(cmd, "--agent takes no CONFIG or TASK, got %q", pos[0])
	case !*agent && len(pos) != 2:
		return c.usageError(cmd, "give CONFIG and TASK (or --agent), got %s", plural(len(pos), "argument"))
	case !*agent:
		target = logtail.Target{Config: pos[0], Task: pos[1]}
	}
	since, err := o.since.value("since")
	if err != nil {
		return c.usageError(cmd, "%v", err)
	}
	interval, err := o.interval.value("interval")
	if err != nil {
		return c.usageError(cmd, "%v", err)
	}
	minRank := 0
	if *level != "" {
		if minRank = levelRank(strings.ToLower(*level)); minRank < 0 {
			return c.usageError(cmd, "--level %q: give debug, info, warn or error", *level)
		}
	}
	if since < 0 {
		return c.usageError(cmd, "--since %s: give a positive duration", since)
	}
	if *follow && interval < 100*time.Millisecond {
		return c.usageError(cmd, "--interval %s: give at least 100ms", interval)
	}
	if *maxLog != "" {
		if _, err := config.ParseSize(*maxLog); err != nil {
			return c.usageError(cmd, "--max-log-size: %v", err)
		}
	}
	maxLogSize, err := c.maxLogSize(*maxLog, f.config)
	if err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	sessionID, err := c.givenSession(sf)
	if err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	fn, _ := gateway.Lookup("taskGetLog")
	if target.Task == "" {
		fn, _ = gateway.Lookup("agentGetLog")
	}
	cn, code := c.connect(cmd, f, sessionID, fn, maxLogSize)
	if code != exitOK {
		return code
	}
	defer cn.close()
	cl := cn.cl

	p := &tailPrinter{w: bufio.NewWriter(c.stdout), tty: isTerminal(c.stdout), json: *asJSON, minRank: minRank}
	if since > 0 {
		p.from = tailNow().Add(-since)
	}
	failed := func(err error) int {
		p.w.Flush()
		return c.failed(cn, err)
	}
	var tl logtail.Tail
	// The first load prints entries as they are parsed: a large log starts
	// showing at once and is never held.
	if _, err := tl.Fetch(c.ctx, cl, target, p.entry); err != nil {
		if p.werr != nil {
			return c.fail(exitFailure, "writing the output: %v", p.werr)
		}
		return failed(err)
	}
	if err := p.w.Flush(); err != nil {
		return c.fail(exitFailure, "writing the output: %v", err)
	}
	lastErr := ""
	for *follow {
		if tailSleep(c.ctx, interval) != nil {
			return exitOK // interrupted: the normal end of -f
		}
		// Later polls collect what is new first, so a poll that fails
		// half-way prints nothing twice.
		up, err := tl.Fetch(c.ctx, cl, target, nil)
		if c.ctx.Err() != nil {
			return exitOK
		}
		if err != nil {
			if !gateway.IsTransport(err) {
				return failed(err)
			}
			if msg := err.Error(); msg != lastErr {
				fmt.Fprintf(c.stderr, "dpconsole: %s; retrying every %s\n", printable(msg), interval)
				lastErr = msg
			}
			continue
		}
		lastErr = ""
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
	return exitOK
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
		p.w.Write(escapeJSON(b))
		p.werr = p.w.WriteByte('\n')
		return p.werr
	}
	text := e.Text
	if p.tty {
		text = sanitize.SanitizeLine(text)
	} else {
		text = oneLine(text)
	}
	_, p.werr = fmt.Fprintf(p.w, "%s %-5s %s\n", ts, e.Level, text)
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
