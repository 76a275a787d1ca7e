package hostdoc

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// MaxNameLen is the longest name docs/protocol.md §6 allows, in characters.
const MaxNameLen = 128

// MaxNameBytes is the longest name allowed in UTF-8 bytes (docs/protocol.md
// §6): file systems take 255 bytes per file name, and the host adds
// extensions and temporary prefixes and suffixes (".tmp-NAME.json-123456789").
const MaxNameBytes = 200

// ErrBadName is wrapped by every error ValidName returns, so callers can map
// it to status 408 with errors.Is.
var ErrBadName = errors.New("bad name")

// NameError says which name was refused and why.
type NameError struct {
	Kind   string // "configuration", "task", "ID", ...
	Name   string
	Reason string
}

// Error words the refusal with the rule, so the user can fix the name.
func (e *NameError) Error() string {
	return fmt.Sprintf("bad %s name %q: %s (names are 1 to %d letters, digits, spaces, '.', '_' or '-', at most %d bytes in UTF-8, not starting with '.' or a space)",
		e.Kind, e.Name, e.Reason, MaxNameLen, MaxNameBytes)
}

// Unwrap makes errors.Is(err, ErrBadName) true.
func (e *NameError) Unwrap() error { return ErrBadName }

// ValidName checks a name of a configuration, ID, script, task, template or
// preset against docs/protocol.md §6. kind only words the error message. The name
// is never used as a path before it passes, so "../x" or "a/b" cannot
// escape the data directory.
func ValidName(kind, name string) error {
	bad := func(reason string) error { return &NameError{Kind: kind, Name: name, Reason: reason} }
	if name == "" {
		return bad("it is empty")
	}
	if !utf8.ValidString(name) {
		return bad("it is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(name); n > MaxNameLen {
		return bad(fmt.Sprintf("it is %d characters long", n))
	}
	if len(name) > MaxNameBytes {
		return bad(fmt.Sprintf("it is %d bytes long in UTF-8", len(name)))
	}
	switch name[0] {
	case '.':
		return bad("it starts with '.'")
	case ' ':
		return bad("it starts with a space")
	}
	for i, r := range name {
		switch {
		case r == 0:
			return bad(fmt.Sprintf("it contains NUL at byte %d", i))
		case r == '/' || r == '\\':
			return bad(fmt.Sprintf("it contains the path separator %q", r))
		case unicode.IsControl(r):
			return bad(fmt.Sprintf("it contains the control character %U", r))
		case r == '.' && i+1 < len(name) && name[i+1] == '.':
			return bad("it contains \"..\"")
		case unicode.IsLetter(r), unicode.IsDigit(r), r == ' ', r == '.', r == '_', r == '-':
		default:
			return bad(fmt.Sprintf("it contains %q", r))
		}
	}
	return nil
}
