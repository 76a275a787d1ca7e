package gateway

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// specPath is where CI lays the spec: shared/ beside the repository.
const specPath = "../../shared/spec/data-protector-web-api-v3.4.0.txt"

// specTable returns the tab-separated rows of the spec table whose caption
// starts with caption, or skips the test when the spec is not beside the
// repository.
func specTable(t *testing.T, caption string) [][2]string {
	t.Helper()
	f, err := os.Open(specPath)
	if err != nil {
		t.Skipf("spec not available (%v); the hard-coded expectations still ran", err)
	}
	defer f.Close()
	var rows [][2]string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, caption):
			in = true
		case in && line == "" && len(rows) > 0:
			return rows
		case in:
			if k, v, ok := strings.Cut(line, "\t"); ok {
				rows = append(rows, [2]string{k, v})
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("no %q in %s", caption, specPath)
	}
	return rows
}

var statusCases = []struct {
	code     Status
	text     string
	str      string
	sentinel error
}{
	{StatusOK, "The requested operation was successful.", "1 (ok)", nil},
	{StatusChallenged, "The user must respond to authentication challenges.", "2 (challenged)", ErrChallenged},
	{StatusDenied, "Access has been denied.", "3 (denied)", ErrDenied},
	{StatusNotFound, "The requested file was not found.", "213 (not found)", ErrNotFound},
	{StatusExists, "The specified file already exists.", "232 (exists)", ErrExists},
	{StatusInvalid, "The specified request is invalid.", "408 (invalid)", ErrInvalid},
	{StatusGeneral, "A general error has occurred.", "502 (general error)", ErrGeneral},
}

var allSentinels = []error{ErrChallenged, ErrDenied, ErrNotFound, ErrExists, ErrInvalid, ErrGeneral}

func TestStatusText(t *testing.T) {
	for _, c := range statusCases {
		if got := c.code.Text(); got != c.text {
			t.Errorf("%d: Text() = %q, want %q", int(c.code), got, c.text)
		}
		if got := c.code.String(); got != c.str {
			t.Errorf("%d: String() = %q, want %q", int(c.code), got, c.str)
		}
		if !c.code.Known() {
			t.Errorf("%d is not Known", int(c.code))
		}
	}
	for _, code := range []Status{0, 4, 212, 409, 999, -1} {
		want := fmt.Sprintf("unknown status %d", int(code))
		if code.Text() != want || code.String() != want || code.Known() {
			t.Errorf("%d: Text %q, String %q, Known %v; want %q and not known", int(code), code.Text(), code.String(), code.Known(), want)
		}
	}
}

// TestStatusTextMatchesSpec checks the texts against the spec's Table 4
// (502's text there goes on to say that the message describes the error).
func TestStatusTextMatchesSpec(t *testing.T) {
	rows := specTable(t, "Table 4")
	if len(rows) != len(statusCases)+1 { // +1: the header row
		t.Errorf("the spec lists %d codes, the code knows %d", len(rows)-1, len(statusCases))
	}
	for _, row := range rows[1:] {
		n, err := strconv.Atoi(row[0])
		if err != nil {
			t.Fatalf("bad row %q", row)
		}
		if text := Status(n).Text(); !Status(n).Known() || !strings.HasPrefix(row[1], text) {
			t.Errorf("code %d: spec says %q, code says %q", n, row[1], text)
		}
	}
}

func TestErrorMatchesOnlyItsSentinel(t *testing.T) {
	for _, c := range statusCases {
		var err error = fmt.Errorf("calling: %w", &Error{Function: "configGetID", Status: c.code, Message: "no such ID"})
		for _, s := range allSentinels {
			if got, want := errors.Is(err, s), s == c.sentinel; got != want {
				t.Errorf("status %d: errors.Is(err, %v) = %v, want %v", int(c.code), s, got, want)
			}
		}
		if IsTransport(err) {
			t.Errorf("status %d: a protocol error counts as a transport error", int(c.code))
		}
		var pe *Error
		if !errors.As(err, &pe) || pe.Status != c.code || pe.Function != "configGetID" {
			t.Errorf("status %d: errors.As did not recover the *Error", int(c.code))
		}
	}
	unknown := &Error{Function: "agentPing", Status: 777}
	for _, s := range allSentinels {
		if errors.Is(unknown, s) {
			t.Errorf("status 777 matches %v", s)
		}
	}
}

func TestErrorText(t *testing.T) {
	e := &Error{Function: "configGetID", Status: StatusNotFound, Message: "ID big.iic not found"}
	if got, want := e.Error(), "configGetID: status 213: ID big.iic not found"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	e = &Error{Function: "agentPing", Status: 999}
	if got, want := e.Error(), "agentPing: status 999: unknown status 999"; got != want {
		t.Errorf("without a message: got %q, want %q", got, want)
	}
}

func TestTransportErrorIsDistinct(t *testing.T) {
	cause := errors.New("connection refused")
	err := fmt.Errorf("agentPing: %w", &TransportError{Function: "agentPing", HTTPStatus: 500, BodyPrefix: "<html>", Err: cause})
	if !IsTransport(err) || !errors.Is(err, cause) {
		t.Errorf("IsTransport %v, wraps its cause %v", IsTransport(err), errors.Is(err, cause))
	}
	var pe *Error
	if errors.As(err, &pe) {
		t.Error("a transport error counts as a protocol *Error")
	}
	for _, s := range allSentinels {
		if errors.Is(err, s) {
			t.Errorf("a transport error matches %v", s)
		}
	}
	if got, want := err.Error(), `agentPing: agentPing: transport: HTTP 500: connection refused (body starts "<html>")`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	bare := &TransportError{Function: "agentPing", Err: cause}
	if got, want := bare.Error(), "agentPing: transport: connection refused"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if IsTransport(cause) || IsTransport(nil) {
		t.Error("IsTransport is true for a plain error or nil")
	}
}
