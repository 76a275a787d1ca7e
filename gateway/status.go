package gateway

import (
	"errors"
	"fmt"
)

// Status is a protocol status code as carried in <Status>.
type Status int

// The status codes of the spec's Table 4.
const (
	StatusOK         Status = 1
	StatusChallenged Status = 2
	StatusDenied     Status = 3
	StatusNotFound   Status = 213
	StatusExists     Status = 232
	StatusInvalid    Status = 408
	StatusGeneral    Status = 502
)

var statusText = map[Status]string{
	StatusOK:         "The requested operation was successful.",
	StatusChallenged: "The user must respond to authentication challenges.",
	StatusDenied:     "Access has been denied.",
	StatusNotFound:   "The requested file was not found.",
	StatusExists:     "The specified file already exists.",
	StatusInvalid:    "The specified request is invalid.",
	StatusGeneral:    "A general error has occurred.",
}

// Text returns the spec's description of the code, or "unknown status N".
func (s Status) Text() string {
	if t, ok := statusText[s]; ok {
		return t
	}
	return fmt.Sprintf("unknown status %d", int(s))
}

// Known reports whether the code is one of the spec's.
func (s Status) Known() bool {
	_, ok := statusText[s]
	return ok
}

// String renders the code with its meaning, e.g. "213 (not found)".
func (s Status) String() string {
	switch s {
	case StatusOK:
		return "1 (ok)"
	case StatusChallenged:
		return "2 (challenged)"
	case StatusDenied:
		return "3 (denied)"
	case StatusNotFound:
		return "213 (not found)"
	case StatusExists:
		return "232 (exists)"
	case StatusInvalid:
		return "408 (invalid)"
	case StatusGeneral:
		return "502 (general error)"
	}
	return fmt.Sprintf("unknown status %d", int(s))
}

// Sentinels for errors.Is against a protocol *Error.
var (
	ErrChallenged = errors.New("challenged")
	ErrDenied     = errors.New("denied")
	ErrNotFound   = errors.New("not found")
	ErrExists     = errors.New("already exists")
	ErrInvalid    = errors.New("invalid request")
	ErrGeneral    = errors.New("general error")
)

// Error is a protocol-level failure: the host answered, with a status other
// than 1. Transport failures are *TransportError instead, so callers can tell
// "the host said no" from "the host could not be reached".
type Error struct {
	Function string
	Status   Status
	Message  string
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = e.Status.Text()
	}
	return fmt.Sprintf("%s: status %d: %s", e.Function, int(e.Status), msg)
}

// Is matches the sentinel that corresponds to the status code.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrChallenged:
		return e.Status == StatusChallenged
	case ErrDenied:
		return e.Status == StatusDenied
	case ErrNotFound:
		return e.Status == StatusNotFound
	case ErrExists:
		return e.Status == StatusExists
	case ErrInvalid:
		return e.Status == StatusInvalid
	case ErrGeneral:
		return e.Status == StatusGeneral
	}
	return false
}

// TransportError is a failure below the protocol: connection refused, a
// timeout, an HTTP status other than 200, or a body that is not a <Response>.
type TransportError struct {
	Function   string
	HTTPStatus int    // 0 when no HTTP answer arrived
	BodyPrefix string // the first bytes of a body that was not a Response
	Err        error
}

func (e *TransportError) Error() string {
	s := e.Function + ": transport: "
	if e.HTTPStatus != 0 {
		s += fmt.Sprintf("HTTP %d: ", e.HTTPStatus)
	}
	s += e.Err.Error()
	if e.BodyPrefix != "" {
		s += fmt.Sprintf(" (body starts %q)", e.BodyPrefix)
	}
	return s
}

func (e *TransportError) Unwrap() error { return e.Err }

// IsTransport reports whether err is (or wraps) a *TransportError.
func IsTransport(err error) bool {
	var te *TransportError
	return errors.As(err, &te)
}
