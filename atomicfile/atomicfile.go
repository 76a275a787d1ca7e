// Package atomicfile writes files so that a crash at any moment leaves
// either the old or the new content, never a torn or empty file.
//
// WriteFile uses the classic sequence: a temporary file in the same
// directory, write, fsync, rename over the target, fsync the directory.
// Append is for logs, where losing the last few lines in a crash is fine
// and an fsync per line is not.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// TempPrefix starts the name of every temporary file WriteFile creates, so
// a cleanup after a crash can recognise and remove leftovers.
const TempPrefix = ".tmp-"

// WriteFile atomically replaces path with data. The temporary file is
// removed on any failure.
func WriteFile(path string, data []byte, perm fs.FileMode) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, TempPrefix+base+"-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: fsync: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = SyncDir(dir); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// SyncDir fsyncs a directory, making renames and creations in it durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	serr := d.Sync()
	cerr := d.Close()
	if serr != nil {
		return fmt.Errorf("fsync directory %s: %w", dir, serr)
	}
	return cerr
}

// Append adds data to the end of path, creating it with perm. It does not
// fsync: a crash may lose the latest appends or tear the last one, which
// readers of append-only logs must tolerate.
func Append(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, perm)
	if err != nil {
		return fmt.Errorf("append %s: %w", path, err)
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		return fmt.Errorf("append %s: %w", path, err)
	}
	return nil
}

// RemoveTemps deletes temporary files a crashed WriteFile left in dir.
func RemoveTemps(dir string) error {
	matches, err := filepath.Glob(filepath.Join(dir, TempPrefix+"*"))
	if err != nil {
		return err
	}
	var errs []error
	for _, m := range matches {
		if err := os.Remove(m); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// WriteThrough saves an operator's file: like WriteFile for a regular file
// or a new one, but it never replaces what the path names with something
// else. A symbolic link keeps being a link (its target gets the content);
// a device or pipe such as /dev/null is written into, not renamed over (a
// rename would turn the device into a plain file); a directory, or a link
// to nothing, is refused with a message that says so.
func WriteThrough(path string, data []byte, perm fs.FileMode) error {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return fmt.Errorf("write %s: it is a symbolic link to a missing file; give the target's path", path)
		}
		path = real
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("write %s: %w", path, err)
	case err != nil || fi.Mode().IsRegular():
		return WriteFile(path, data, perm)
	case fi.IsDir():
		return fmt.Errorf("write %s: it is a directory; add a file name", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
