package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"dpconsole/atomicfile"
	"dpconsole/config"
	"dpconsole/gateway"
)

const callAbout = `Runs one protocol function (see 'dpconsole functions') and prints its results:
the status line, then each result as name=value; XML results are printed as
they are, binary ones only by size (save them with --out).

Arguments: @PATH reads the argument from a file, - reads it from stdin (once),
@@TEXT passes @TEXT literally. Put -- before arguments that start with a dash.
The session comes from --session, --session-file or DPCONSOLE_SESSION, else
the one 'dpconsole login' kept for this gateway, else --user (or
DPCONSOLE_USER) logs in for this call only. --session is visible to other
local users in the process list; --session-file and DPCONSOLE_SESSION are not.

On a terminal, control and bidi characters in the host's text are shown, not
obeyed; --out - refuses a terminal (use --out FILE or a pipe).

A task's or the agent's log (taskGetLog, agentGetLog) with --out is streamed
to the file or stdout as it arrives, never held whole, up to --max-log-size
(default: max_log_size in the config file, else 1GiB); 'dpconsole tail'
prints its entries one a line.

Exit status: 0 when the host answers status 1; 2 for any other status (code
and message on stderr); 1 for usage and transport errors.

Examples:
  dpconsole call --gateway http://127.0.0.1:8080/api agentPing
  dpconsole call --user operator --answer prompt-1=demo configGetList
  dpconsole call configSaveTasks production @tasks.xml
  dpconsole call --out operations.iic configGetID production operations.iic
  dpconsole call --json agentGetStatus
  dpconsole call --out protect-inbox.log taskGetLog production protect-inbox
`

// outputMode is how call prints the response.
type outputMode int

const (
	outHuman outputMode = iota
	outXML
	outJSON
)

func (c *cli) callCommand() *cobra.Command {
	cmd := c.newCmd("call [flags] FUNCTION [ARG...]", "run one protocol function", "dpconsole call [flags] FUNCTION [ARG...]", callAbout)
	fs := cmd.Flags()
	f := c.addConnFlags(fs, true)
	sf := addSessionFlags(fs)
	o := &callFlags{}
	fs.BoolVar(&o.xml, "xml", false, "print the <Response> document")
	fs.BoolVar(&o.json, "json", false, "print {function,status,message,results:[{name,value,encoding}]}; with no answer, {function,status:0,error}")
	fs.StringVar(&o.out, "out", "", "write the result (several: one per line) to `FILE`, atomically, mode 0600; - for stdout")
	fs.StringVar(&o.maxLog, "max-log-size", "", "with --out, refuse a task or agent log larger than `SIZE` (decoded), e.g. 256MiB (default: max_log_size in the config file, else 1GiB)")
	cmd.RunE = c.action(func(pos []string) int { return c.call(cmd, f, sf, o, pos) })
	return cmd
}

// callFlags are call's own flags.
type callFlags struct {
	xml, json bool
	out       string
	maxLog    string
}

// streamed reports the functions whose result call streams with --out:
// logs, which may be far larger than any other answer.
func streamed(fn gateway.Function) bool { return fn.Name == "taskGetLog" || fn.Name == "agentGetLog" }

// callTarget reads call's function and output mode from its arguments,
// or says, as a usage error, what is wrong with them.
func callTarget(o *callFlags, pos []string) (fn gateway.Function, mode outputMode, usage string) {
	if len(pos) == 0 {
		return fn, mode, "no function given: 'dpconsole functions' lists them"
	}
	fn, ok := gateway.Lookup(pos[0])
	switch {
	case !ok:
		return fn, mode, fmt.Sprintf("unknown function %q: 'dpconsole functions' lists them", pos[0])
	case o.xml && o.json:
		return fn, mode, "--xml and --json exclude each other"
	case o.xml:
		mode = outXML
	case o.json:
		mode = outJSON
	default:
		mode = outHuman
	}
	return fn, mode, checkArgCount(fn, len(pos)-1)
}

func (c *cli) call(cmd *cobra.Command, f *connFlags, sf *sessionFlags, o *callFlags, pos []string) int {
	outPath := &o.out
	fn, mode, usage := callTarget(o, pos)
	if usage != "" {
		return c.usageError(cmd, "%s", usage)
	}
	if msg := c.outToTerminal(*outPath); msg != "" {
		return c.fail(exitFailure, "%s", msg)
	}
	sessionID, err := c.givenSession(sf)
	if err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	callArgs, err := c.readArgs(fn, pos[1:])
	if err != nil {
		return c.fail(exitFailure, "%v", err)
	}
	maxLog, err := c.maxLogSize(o.maxLog, f.config)
	if err != nil {
		return c.fail(exitFailure, "%v", err)
	}

	cn, code := c.connect(cmd, f, sessionID, fn, maxLog)
	if code != exitOK {
		return code
	}
	defer cn.close()
	cl := cn.cl
	if streamed(fn) && *outPath != "" {
		return c.streamOut(cn, fn, *outPath, maxLog, callArgs)
	}

	resp, err := cl.Call(c.ctx, fn.Name, callArgs...)
	if streamed(fn) && errors.Is(err, gateway.ErrTooLarge) {
		fmt.Fprintf(c.stderr, "dpconsole: %s\nhint: a log this large is streamed with --out FILE (or --out - | less); 'dpconsole tail' prints its entries\n", printable(err.Error()))
		return exitFailure
	}
	if resp == nil {
		if mode == outJSON {
			c.writeJSON(jsonFailure{Function: fn.Name, Error: err.Error()})
		}
		return c.callFailed(err)
	}
	return c.answered(cn, fn, resp, err, mode, *outPath)
}

// outToTerminal says why --out path would write to a terminal, or "".
func (c *cli) outToTerminal(path string) string {
	switch {
	case path == "-" && isTerminal(c.stdout):
		// As curl does: raw result bytes would be obeyed by the terminal.
		return "--out - writes the raw result to stdout, which is a terminal: use --out FILE, or a pipe (--out - | less)"
	case path != "-" && path != "" && isTerminalPath(path):
		// /dev/tty, /dev/stdout, a pts: the same terminal by another name.
		return "--out " + path + " is a terminal, which would obey the raw result: use --out FILE, or a pipe (--out - | less)"
	}
	return ""
}

// answered writes and prints an answer that came (err is its status as
// an *Error, or nil), and returns the exit code.
func (c *cli) answered(cn *conn, fn gateway.Function, resp *gateway.Response, err error, mode outputMode, outPath string) int {
	if err == nil {
		// An answer that does not fit the function writes and prints
		// nothing: an empty or spliced file in place of an ID would pass
		// for one, and "status 1 (ok)" would say it went well.
		if cerr := resultCountError(fn, len(resp.Results)); cerr != nil {
			if mode == outJSON {
				c.writeJSON(jsonFailure{Function: fn.Name, Status: int(resp.Status), Error: cerr.Error()})
			}
			return c.fail(exitFailure, "%s", cerr.Error())
		}
	}
	if err == nil && outPath == "-" {
		// --out -: the result bytes alone on stdout, for pipes.
		if _, werr := c.stdout.Write(outBytes(resp)); werr != nil {
			return c.fail(exitFailure, "writing the output: %v", werr)
		}
		return exitOK
	}
	if err == nil && outPath != "" {
		if err := writeOut(outPath, resp); err != nil {
			return c.fail(exitFailure, "%v", err)
		}
	}
	if perr := c.printResponse(fn, resp, mode, outPath); perr != nil {
		return c.fail(exitFailure, "writing the output: %v", perr)
	}
	if err != nil {
		return c.failed(cn, err)
	}
	return exitOK
}

// resultCountError says when an answer has fewer results than the
// function answers, or more of one that does not repeat.
func resultCountError(fn gateway.Function, n int) error {
	want, repeats := 0, false
	for _, r := range fn.Results {
		if r.Repeated {
			repeats = true
			continue
		}
		want++
	}
	if n == want || n > want && repeats {
		return nil
	}
	names := make([]string, len(fn.Results))
	for i, r := range fn.Results {
		names[i] = r.Name
	}
	answers := "no results"
	if len(names) > 0 {
		answers = plural(want, "result") + " (" + strings.Join(names, ", ") + ")"
		if repeats {
			answers = "at least " + answers
		}
	}
	return fmt.Errorf("%s: the host answered %s, but %s answers %s: the answer does not fit the function, so nothing was written",
		fn.Name, plural(n, "result"), fn.Name, answers)
}

// streamOut streams a log's result to path (atomically: the file appears
// whole or not at all) or to stdout ("-").
func (c *cli) streamOut(cn *conn, fn gateway.Function, path string, maxLog int64, args []gateway.Arg) int {
	get := func(w io.Writer) error {
		_, err := cn.cl.CallStream(c.ctx, fn.Name, maxLog, w, args...)
		return err
	}
	var err error
	if path == "-" {
		err = get(c.stdout)
	} else {
		err = atomicfile.WriteThroughFunc(path, 0o600, get)
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, gateway.ErrTooLarge):
		fmt.Fprintf(c.stderr, "dpconsole: %s\nhint: --max-log-size raises the limit\n", printable(err.Error()))
		return exitFailure
	case gateway.IsTransport(err) || errors.As(err, new(*gateway.Error)):
		return c.failed(cn, err)
	}
	return c.fail(exitFailure, "--out: %v", err) // the file's own error
}

// maxLogSize is --max-log-size, else the config file's max_log_size, else
// 0 (the client's default).
func (c *cli) maxLogSize(flag, cfgPath string) (int64, error) {
	if flag != "" {
		n, err := config.ParseSize(flag)
		if err != nil {
			return 0, fmt.Errorf("--max-log-size: %w", err)
		}
		return n, nil
	}
	fc, err := c.loadConfig(cfgPath)
	if err != nil {
		return 0, err
	}
	return fc.MaxLogSize, nil
}

// userArgCount is how many arguments the operator gives: min, and max (-1
// when the last one repeats).
func userArgCount(fn gateway.Function) (min, max int) {
	for _, a := range fn.UserArgs() {
		if a.Repeated {
			return min, -1
		}
		min++
	}
	return min, min
}

// checkArgCount returns a message listing the function's arguments when n
// is the wrong number of them, else "".
func checkArgCount(fn gateway.Function, n int) string {
	min, max := userArgCount(fn)
	if n >= min && (max < 0 || n <= max) {
		return ""
	}
	want := plural(min, "argument")
	switch {
	case max < 0:
		want = "at least " + want
	case min == 0:
		want = "no arguments"
	}
	return fmt.Sprintf("%s takes %s, got %d: dpconsole call %s", fn.Name, want, n, strings.TrimSpace(fn.Name+" "+argSynopsis(fn)))
}

// plural spells "1 argument", "2 arguments".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// argSynopsis spells the user arguments: "config-name id-name [machine-fingerprint...]".
func argSynopsis(fn gateway.Function) string {
	var parts []string
	for _, a := range fn.UserArgs() {
		if a.Repeated {
			parts = append(parts, "["+a.Name+"...]")
		} else {
			parts = append(parts, a.Name)
		}
	}
	return strings.Join(parts, " ")
}

// readArgs turns command-line arguments into protocol arguments: @PATH
// from a file, - from stdin, @@TEXT as @TEXT.
func (c *cli) readArgs(fn gateway.Function, raw []string) ([]gateway.Arg, error) {
	specs := fn.UserArgs()
	out := make([]gateway.Arg, 0, len(raw))
	stdinUsed := false
	for i, s := range raw {
		name := specs[min(i, len(specs)-1)].Name
		var value []byte
		switch {
		case s == "-":
			if stdinUsed {
				return nil, fmt.Errorf("argument %d (%s): only one argument can be read from stdin (-)", i+1, name)
			}
			stdinUsed = true
			b, err := io.ReadAll(c.stdin)
			if err != nil {
				return nil, fmt.Errorf("argument %d (%s): reading stdin: %w", i+1, name, err)
			}
			value = b
		case strings.HasPrefix(s, "@@"):
			value = []byte(s[1:])
		case strings.HasPrefix(s, "@"):
			if len(s) == 1 {
				return nil, fmt.Errorf("argument %d (%s): @ needs a file name, e.g. @tasks.xml (@@ passes a literal @)", i+1, name)
			}
			b, err := os.ReadFile(s[1:])
			if err != nil {
				return nil, fmt.Errorf("argument %d (%s): %w", i+1, name, err)
			}
			value = b
		default:
			value = []byte(s)
		}
		arg := gateway.Arg{Value: value}
		// The spec names login answers after the user (docs/protocol.md §5).
		if fn.Name == "hostOpenSession" && i > 0 {
			arg.Name = fmt.Sprintf("prompt-%d", i)
		}
		out = append(out, arg)
	}
	return out, nil
}
