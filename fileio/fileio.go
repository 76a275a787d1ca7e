// Package fileio is the console's access to the operator's local files
// and external editor: saves through package atomicfile (a failed save never
// leaves a half-written file), bounded loads, the machine fingerprint files
// a new ID binds, and the $EDITOR round trip. Every operation runs inside a
// tea.Cmd and answers with a typed message; the shell hands it back to the
// view that asked.
package fileio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/atomicfile"
)

// MaxLoad bounds a file loaded into the console: IDs, scripts and
// documents are small, and a mistaken path to a huge file must not eat
// the memory of an operator's session.
const MaxLoad = 64 << 20

// SavedMsg reports a finished Save.
type SavedMsg struct {
	Path  string // the absolute path written
	Bytes int
	Err   error
	// Data is what was to be saved, kept when Err is ErrReadOnly so the
	// console can ask and save again with SaveReplacing.
	Data []byte
}

// LoadedMsg reports a finished Load.
type LoadedMsg struct {
	Path string
	Data []byte
	Err  error
}

// Expand turns a path the operator typed into an absolute one: it trims
// spaces, expands a leading ~ to the home directory and refuses an empty
// path with a message saying what to type.
func Expand(path string) (string, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return "", errors.New("no file path given: type a path such as ./tasks.xml")
	}
	if confined.Load() != nil {
		return confinedPath(path) // serve-ssh --files (confine.go)
	}
	if path == "~" || strings.HasPrefix(path, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot expand ~: %w", err)
		}
		path = filepath.Join(home, strings.TrimPrefix(path, "~"))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("cannot resolve %q: %w", path, err)
	}
	return abs, nil
}

// WriteAtomic writes data to path through a temporary file in the same
// directory that is synced and renamed over path, so readers see the old
// file or the new one, never a part; a symbolic link or a device such as
// /dev/null is written through, never replaced (atomicfile.WriteThrough).
// A directory, a named pipe or a socket as the target, a missing parent
// directory, or another user's link in a shared sticky directory is
// refused with a message that says so; a read-only file is refused with
// ErrReadOnly, for the console to ask.
func WriteAtomic(path string, data []byte, perm fs.FileMode) error {
	return writeAtomic(path, data, perm, atomicfile.WriteThrough)
}

func writeAtomic(path string, data []byte, perm fs.FileMode, write func(string, []byte, fs.FileMode) error) error {
	if err := checkConfined(path); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if st, serr := os.Stat(dir); serr != nil {
		return fmt.Errorf("cannot save to %s: the directory %s does not exist", path, dir)
	} else if !st.IsDir() {
		return fmt.Errorf("cannot save to %s: %s is not a directory", path, dir)
	}
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		return fmt.Errorf("cannot save to %s: it is a directory; add a file name", path)
	}
	if err := write(path, data, perm); err != nil {
		return fmt.Errorf("cannot save to %s: %w", path, err)
	}
	return nil
}

// ErrReadOnly is matched (errors.Is) by a save that found a read-only
// file in its place; the console asks, then saves with SaveReplacing.
var ErrReadOnly = atomicfile.ErrReadOnly

// ReplaceAtomic is WriteAtomic once the operator agreed to replace a
// read-only file.
func ReplaceAtomic(path string, data []byte, perm fs.FileMode) error {
	return writeAtomic(path, data, perm, atomicfile.ReplaceThrough)
}

// openRegular opens path for reading only when it is a regular file. The
// open does not block, so a named pipe with no writer cannot hang it.
// hint ends the error that refuses a directory or a special file.
func openRegular(verb, path, hint string) (*os.File, fs.FileInfo, error) {
	if err := checkConfined(path); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("cannot %s %s: no such file; check the path", verb, path)
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, nil, fmt.Errorf("cannot %s %s: %w", verb, path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("cannot %s %s: %w", verb, path, err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		what := "not a regular file"
		switch {
		case st.IsDir():
			what = "a directory"
		case st.Mode()&fs.ModeNamedPipe != 0:
			what = "a named pipe (FIFO)"
		case st.Mode()&fs.ModeSocket != 0:
			what = "a socket"
		case st.Mode()&fs.ModeDevice != 0:
			what = "a device"
		}
		return nil, nil, fmt.Errorf("cannot %s %s: it is %s; %s", verb, path, what, hint)
	}
	return f, st, nil
}

// readAll reads an open file of at most max bytes.
func readAll(verb, path string, f *os.File, st fs.FileInfo, max int64) ([]byte, error) {
	if st.Size() > max {
		return nil, fmt.Errorf("cannot %s %s: it is %d bytes, the limit is %d", verb, path, st.Size(), max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot %s %s: %w", verb, path, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("cannot %s %s: it grew past the limit of %d bytes", verb, path, max)
	}
	return data, nil
}

// ReadBounded reads a regular file of at most max bytes; a named pipe, a
// socket or a device is refused without blocking.
func ReadBounded(path string, max int64) ([]byte, error) {
	f, st, err := openRegular("load", path, "give a file")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll("load", path, f, st, max)
}

// ReadPrivate reads a file that holds a secret of the operator's, such as
// a kept session (docs/protocol.md §4): only a regular file of at most
// max bytes, owned by the operator and not writable by group or others,
// since anyone else who could write it could plant a session. The error
// says what is wrong and to remove the file.
func ReadPrivate(path string, max int64) ([]byte, error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, err // no file is no secret: the caller's case
	}
	f, st, err := openRegular("read", path, "remove it")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if uid, ok := atomicfile.Owner(st); ok && uid != os.Geteuid() {
		return nil, fmt.Errorf("cannot read %s: it belongs to another user (uid %d); remove it", path, uid)
	}
	if st.Mode().Perm()&0o022 != 0 {
		return nil, fmt.Errorf("cannot read %s: others can write it (mode %04o); remove it", path, st.Mode().Perm())
	}
	data, err := readAll("read", path, f, st, max)
	if err != nil {
		return nil, fmt.Errorf("%w; remove it", err)
	}
	return data, nil
}

// SaveReplacing is Save once the operator agreed to replace the read-only
// file a Save found (its SavedMsg.Err matched ErrReadOnly).
func SaveReplacing(path string, data []byte) tea.Cmd {
	buf := append([]byte(nil), data...)
	return func() tea.Msg {
		abs, err := Expand(path)
		if err == nil {
			err = ReplaceAtomic(abs, buf, 0o600)
		}
		return SavedMsg{Path: abs, Bytes: len(buf), Err: err}
	}
}

// Save returns a command that writes data to the path the operator typed,
// atomically, and answers SavedMsg. data is copied so the caller may reuse
// its buffer.
func Save(path string, data []byte) tea.Cmd {
	buf := append([]byte(nil), data...)
	return func() tea.Msg {
		abs, err := Expand(path)
		if err == nil {
			err = WriteAtomic(abs, buf, 0o600)
		}
		out := SavedMsg{Path: abs, Bytes: len(buf), Err: err}
		if errors.Is(err, ErrReadOnly) {
			out.Data = buf
		}
		return out
	}
}

// Load returns a command that reads the file the operator typed (at most
// MaxLoad bytes) and answers LoadedMsg.
func Load(path string) tea.Cmd {
	return func() tea.Msg {
		abs, data, err := read(path)
		return LoadedMsg{Path: abs, Data: data, Err: err}
	}
}

// read reads the file the operator typed, at most MaxLoad bytes; abs is
// where it is, for messages.
func read(path string) (abs string, data []byte, err error) {
	abs, err = Expand(path)
	if err == nil {
		data, err = ReadBounded(abs, MaxLoad)
	}
	return abs, data, err
}

// ReadItem reads the file the operator typed to send to the host as an ID
// (any bytes) or, when script is true, as a script, which must be UTF-8
// text. It runs inside a command; abs is where the file is, for messages.
func ReadItem(path string, script bool) (abs string, data []byte, err error) {
	abs, data, err = read(path)
	if err == nil && script && !utf8.Valid(data) {
		err = fmt.Errorf("%s is not UTF-8 text; a script must be text", abs)
	}
	return abs, data, err
}

// SafeName makes a name the host gave (a configuration, task, ID or
// template) one plain file name component, for a suggested save path in
// the working directory: a separator, a colon, a control (bidi marks and
// line separators too) or a leading dot becomes "_", so the suggestion
// cannot lead elsewhere.
func SafeName(name string) string {
	out := []rune(name)
	for i, r := range out {
		if r == '/' || r == '\\' || r == ':' || r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) || (i == 0 && r == '.') ||
			(r >= 0x2028 && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			out[i] = '_'
		}
	}
	if len(out) == 0 {
		return "_"
	}
	return string(out)
}
