package cli

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"

	"dpconsole/atomicfile"
	"dpconsole/gateway"
	"dpconsole/text/jsonsafe"
	"dpconsole/text/sanitize"
)

// isTerminal reports whether w is a terminal. A writer may say so itself
// (tests); otherwise only an *os.File on a terminal is one.
func isTerminal(w io.Writer) bool {
	if t, ok := w.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// isTerminalPath reports whether path names a terminal device.
func isTerminalPath(path string) bool {
	st, err := os.Stat(path)
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	// Non-blocking: a serial line's open would wait for its carrier.
	f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NOCTTY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return false // writing it fails later, with its own error
	}
	defer f.Close()
	return term.IsTerminal(int(f.Fd()))
}

// resultSpec returns the registry's description of result i; a repeated
// last result describes every later one.
func resultSpec(fn gateway.Function, i int) gateway.ArgSpec {
	switch {
	case i < len(fn.Results):
		return fn.Results[i]
	case len(fn.Results) > 0 && fn.Results[len(fn.Results)-1].Repeated:
		return fn.Results[len(fn.Results)-1]
	}
	return gateway.ArgSpec{Name: fmt.Sprintf("result-%d", i+1), Kind: gateway.KindText}
}

// resultName prefers the name the host sent, then the registry's.
func resultName(fn gateway.Function, i int, r gateway.Arg) string {
	if r.Name != "" {
		return r.Name
	}
	return resultSpec(fn, i).Name
}

// unprintable reports bytes that must not go to a terminal as text: not
// UTF-8, or control characters other than tab and line ends.
func unprintable(b []byte) bool {
	if !utf8.Valid(b) {
		return true
	}
	for _, r := range string(b) {
		if r != '\n' && r != '\r' && r != '\t' && unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// printResponse writes the response in the chosen mode. With --out the
// human mode says where the results went instead of printing them. On a
// terminal, host text is shown through the sanitiser (docs/protocol.md
// §10): controls, C1 and bidi characters are shown, never obeyed; a pipe
// gets the values' exact bytes.
func (c *cli) printResponse(fn gateway.Function, resp *gateway.Response, mode outputMode, outPath string) error {
	tty := isTerminal(c.stdout)
	switch mode {
	case outXML:
		if !tty {
			return resp.Encode(c.stdout)
		}
		var b bytes.Buffer
		if err := resp.Encode(&b); err != nil {
			return err
		}
		_, err := io.WriteString(c.stdout, sanitize.Sanitize(b.String()))
		return err
	case outJSON:
		return printJSON(c, fn, resp)
	}
	line, doc := func(b []byte) string { return string(b) }, func(b []byte) string { return string(b) }
	if tty {
		line = func(b []byte) string { return sanitize.SanitizeLine(string(b)) }
		doc = func(b []byte) string { return sanitize.Sanitize(string(b)) }
	}
	w := bufio.NewWriter(c.stdout)
	if resp.Status == gateway.StatusOK {
		msg := resp.Message
		if msg == "" {
			msg = resp.Status.Text()
		}
		fmt.Fprintf(w, "status %s: %s\n", resp.Status, printable(msg))
		if outPath != "" {
			fmt.Fprintf(w, "wrote %s (%s) to %s\n", plural(len(outBytes(resp)), "byte"), plural(len(resp.Results), "result"), outPath)
			return w.Flush()
		}
	}
	for i, r := range resp.Results {
		name := printable(resultName(fn, i, r))
		spec := resultSpec(fn, i)
		switch {
		case spec.Kind == gateway.KindBinary || unprintable(r.Value):
			fmt.Fprintf(w, "%s: %d bytes of binary data (save them with --out FILE)\n", name, len(r.Value))
		case spec.Kind == gateway.KindXML || bytes.ContainsAny(r.Value, "\r\n"):
			text := doc(r.Value)
			fmt.Fprintf(w, "%s:\n%s", name, text)
			if !strings.HasSuffix(text, "\n") {
				w.WriteByte('\n')
			}
		default:
			fmt.Fprintf(w, "%s=%s\n", name, line(r.Value))
		}
	}
	return w.Flush()
}

type jsonResult struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Encoding string `json:"encoding"` // "text", or "base64" for binary values
}

type jsonResponse struct {
	Function string       `json:"function"`
	Status   int          `json:"status"`
	Message  string       `json:"message"`
	Results  []jsonResult `json:"results"`
}

// jsonFailure is --json's answer when none came (status 0) or one that
// does not fit the function came, so a pipe into jq reads why rather than
// nothing.
type jsonFailure struct {
	Function string `json:"function"`
	Status   int    `json:"status"`
	Error    string `json:"error"`
}

func printJSON(c *cli, fn gateway.Function, resp *gateway.Response) error {
	out := jsonResponse{Function: fn.Name, Status: int(resp.Status), Message: resp.Message, Results: []jsonResult{}}
	for i, r := range resp.Results {
		jr := jsonResult{Name: resultName(fn, i, r), Value: string(r.Value), Encoding: "text"}
		if resultSpec(fn, i).Kind == gateway.KindBinary || !utf8.Valid(r.Value) {
			jr.Value = base64.StdEncoding.EncodeToString(r.Value)
			jr.Encoding = "base64"
		}
		out.Results = append(out.Results, jr)
	}
	return c.writeJSON(out)
}

// writeJSON prints v as indented JSON with jsonsafe's escapes: every
// JSON the CLI prints may hold host text.
func (c *cli) writeJSON(v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := c.stdout.Write(jsonsafe.Escape(b.Bytes()))
	return err
}

// outBytes is what --out writes: the one result as it is, or every result
// followed by a newline when there are several.
func outBytes(resp *gateway.Response) []byte {
	if len(resp.Results) == 1 {
		return resp.Results[0].Value
	}
	var b bytes.Buffer
	for _, r := range resp.Results {
		b.Write(r.Value)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// writeOut replaces path atomically, so a failed call or a crash never
// leaves a half-written file, and writes through links and devices
// (--out /dev/null) instead of replacing them. IDs are key material: mode
// 0600.
func writeOut(path string, resp *gateway.Response) error {
	if err := atomicfile.WriteThrough(path, outBytes(resp), 0o600); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	return nil
}
