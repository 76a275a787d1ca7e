// Package fileio reads and writes the operator's local files for the
// console's panes: atomic saves (a temporary file renamed into place, so a
// failed save never leaves a half-written file), bounded loads, and the
// $EDITOR round trip. Every operation runs inside a tea.Cmd and answers
// with a typed message; the shell hands it back to the view that asked.
package fileio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"dpconsole/atomicfile"

	tea "github.com/charmbracelet/bubbletea"
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
// A directory as the target, or a missing parent directory, is refused
// with a message that says so.
func WriteAtomic(path string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	if st, serr := os.Stat(dir); serr != nil {
		return fmt.Errorf("cannot save to %s: the directory %s does not exist", path, dir)
	} else if !st.IsDir() {
		return fmt.Errorf("cannot save to %s: %s is not a directory", path, dir)
	}
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		return fmt.Errorf("cannot save to %s: it is a directory; add a file name", path)
	}
	if err := atomicfile.WriteThrough(path, data, perm); err != nil {
		return fmt.Errorf("cannot save to %s: %w", path, err)
	}
	return nil
}

// ReadBounded reads a regular file of at most max bytes.
func ReadBounded(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("cannot load %s: no such file; check the path", path)
		}
		return nil, fmt.Errorf("cannot load %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot load %s: %w", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("cannot load %s: it is a directory; give a file", path)
	}
	if st.Size() > max {
		return nil, fmt.Errorf("cannot load %s: it is %d bytes, the limit is %d", path, st.Size(), max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot load %s: %w", path, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("cannot load %s: it grew past the limit of %d bytes", path, max)
	}
	return data, nil
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
		return SavedMsg{Path: abs, Bytes: len(buf), Err: err}
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
