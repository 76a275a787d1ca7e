package fileio

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// confined is the directory every file action of this process must stay
// in, or nil when there is no such limit (the local console).
var confined atomic.Pointer[string]

// Confine limits every file this process reads or writes through fileio to
// dir and below: a relative path is taken from dir, and a path that leaves
// it, by ".." or by a symbolic link, is refused. `dpconsole serve-ssh
// --files DIR` calls it once before serving, for every session alike.
func Confine(dir string) {
	d := filepath.Clean(dir)
	if real, err := filepath.EvalSymlinks(d); err == nil {
		d = real
	}
	confined.Store(&d)
}

// ConfineNone refuses every file action of this process (serve-ssh
// without --files): the keys for them are off, and this catches the rest,
// such as a palette argument read from a file.
func ConfineNone() {
	none := ""
	confined.Store(&none)
}

// ErrNoFiles is matched (errors.Is) by a file action refused under
// ConfineNone.
var ErrNoFiles = errors.New("this session may not read or write files on the server")

// Unconfine lifts Confine (tests).
func Unconfine() { confined.Store(nil) }

// ErrOutside is matched (errors.Is) by a file action refused because its
// path leaves the directory the process is confined to.
var ErrOutside = errors.New("outside the directory files are confined to")

// checkConfined refuses path when it resolves, through every symbolic
// link that exists, to a place outside the confined directory. A file that
// does not exist yet is judged by its directory.
func checkConfined(path string) error {
	root := confined.Load()
	if root == nil {
		return nil
	}
	if *root == "" {
		return fmt.Errorf("cannot use %s: %w", path, ErrNoFiles)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("cannot use %s: %w", path, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if errors.Is(err, fs.ErrNotExist) {
		var dir string
		dir, err = filepath.EvalSymlinks(filepath.Dir(abs))
		real = filepath.Join(dir, filepath.Base(abs))
		if _, lerr := os.Lstat(abs); lerr == nil {
			// A dangling link: it would be followed to somewhere unknown.
			return fmt.Errorf("cannot use %s: %w (a link to nowhere)", path, ErrOutside)
		}
	}
	if err != nil {
		return fmt.Errorf("cannot use %s: %w", path, err)
	}
	rel, err := filepath.Rel(*root, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return fmt.Errorf("cannot use %s: %w %s", path, ErrOutside, *root)
	}
	return nil
}

// confinedPath is how Expand reads a typed path when confined: relative to
// the directory, with no ~.
func confinedPath(path string) (string, error) {
	root := confined.Load()
	if root == nil {
		return path, nil
	}
	if *root == "" {
		return "", fmt.Errorf("cannot use %s: %w", path, ErrNoFiles)
	}
	if path == "~" || strings.HasPrefix(path, "~/") {
		return "", fmt.Errorf("cannot use %s: give a path in %s", path, *root)
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(*root, path)
	}
	return path, checkConfined(path)
}
