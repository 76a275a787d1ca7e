package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	// Imported first so the CLI never queries the terminal (docs/protocol.md §10).
	_ "dpconsole/cli/quietterm"
	"dpconsole/text/sanitize"
)

// terminal asks the operator for a secret without echoing it.
type terminal interface {
	ReadSecret(ctx context.Context, prompt string) (string, error)
	Close() error
}

// errNoTerminal means there is nobody to ask: stdin is not a terminal and
// there is no controlling terminal.
var errNoTerminal = errors.New("no terminal to ask on")

// ttyTerminal is the controlling terminal (or a terminal stdin).
type ttyTerminal struct {
	in    *os.File
	out   io.Writer
	close func() error
}

// openTTY prefers /dev/tty, so answers can be typed even when stdin is a
// pipe feeding a `-` argument; else stdin if it is a terminal.
func openTTY(stdin io.Reader, stderr io.Writer) (terminal, error) {
	if f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0); err == nil {
		if term.IsTerminal(int(f.Fd())) {
			return &ttyTerminal{in: f, out: f, close: f.Close}, nil
		}
		f.Close()
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &ttyTerminal{in: f, out: stderr, close: func() error { return nil }}, nil
	}
	return nil, errNoTerminal
}

// ReadSecret shows the prompt and reads a line with echo off. Cancelling
// ctx (Ctrl-C) restores the terminal before returning.
func (t *ttyTerminal) ReadSecret(ctx context.Context, prompt string) (string, error) {
	fd := int(t.in.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return "", fmt.Errorf("reading the terminal: %w", err)
	}
	fmt.Fprint(t.out, prompt+" ")
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		fmt.Fprintln(t.out)
		if r.err != nil {
			return "", fmt.Errorf("reading the terminal: %w", r.err)
		}
		return string(r.b), nil
	case <-ctx.Done():
		term.Restore(fd, state)
		fmt.Fprintln(t.out)
		return "", ctx.Err()
	}
}

// Close releases /dev/tty.
func (t *ttyTerminal) Close() error { return t.close() }

// printable shows host text on one line through the project's sanitiser
// (docs/protocol.md §10): controls, CR, C1 and bidi characters are shown,
// never obeyed, so text from a host cannot drive the operator's terminal.
func printable(s string) string { return sanitize.SanitizeLine(s) }
