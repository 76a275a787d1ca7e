// Package atomicfile writes files so that a crash at any moment leaves
// either the old or the new content, never a torn or empty file.
//
// WriteFile uses the classic sequence: a temporary file in the same
// directory, write, fsync, rename over the target, fsync the directory.
// Append is for logs, where losing the last few lines in a crash is fine
// and an fsync per line is not. WriteThrough is for the operator's own
// files: it writes through a symbolic link and into a device instead of
// replacing them.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// TempPrefix starts the name of every temporary file WriteFile creates, so
// a cleanup after a crash can recognise and remove leftovers.
const TempPrefix = ".tmp-"

// WriteFile atomically replaces path with data. The temporary file is
// removed on any failure, and errors name path, never the temporary file.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return writeFile(path, path, data, perm)
}

// writeFile writes path; errors name label, the operator's path.
func writeFile(label, path string, data []byte, perm fs.FileMode) error {
	return writeFileFunc(label, path, perm, bytesOf(data))
}

// bytesOf is a write func that writes data.
func bytesOf(data []byte) func(io.Writer) error {
	return func(w io.Writer) error { _, err := w.Write(data); return err }
}

// writeFileFunc is writeFile with the content written by write, as it
// comes (a streamed answer): until write returns nil the file is not
// there, and on any failure the temporary file is removed.
func writeFileFunc(label, path string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, TempPrefix+base+"-*")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("write %s: the directory %s does not exist", label, filepath.Clean(dir))
		}
		return fmt.Errorf("write %s: %w", label, cause(err))
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	ew := &errWriter{w: f}
	if err = write(ew); err != nil {
		if ew.err != nil {
			return fmt.Errorf("write %s: %w", label, cause(ew.err))
		}
		return err // the content's own error, as it gave it
	}
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", label, cause(err))
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: fsync: %w", label, cause(err))
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", label, cause(err))
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", label, cause(err))
	}
	if err = SyncDir(dir); err != nil {
		return fmt.Errorf("write %s: %w", label, cause(err))
	}
	return nil
}

// cause drops the path an *fs.PathError or *os.LinkError carries, which
// may be a temporary file's, keeping the reason (errors.Is still works).
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
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

// ErrReadOnly is matched (errors.Is) by the error of a WriteThrough that
// found a read-only file: the operator is asked, or told to remove it or
// chmod it, and ReplaceThrough replaces it once they agree.
var ErrReadOnly = errors.New("it is read-only")

// maxLinks bounds a chain of symbolic links, as the kernel does.
const maxLinks = 40

// WriteThrough saves an operator's file (docs/protocol.md §14): like
// WriteFile for a regular file or a new one, but it never replaces what
// the path names with something else. A symbolic link keeps being a link
// (its target gets the content) unless it is another user's link in a
// shared sticky directory such as /tmp, which is refused by the rule of
// fs.protected_symlinks; a character device such as /dev/null is written
// into, never renamed over; a read-only file is refused with ErrReadOnly;
// a directory, a named pipe, a socket, or a link to nothing is refused
// with a message that says so. Errors name path, the operator's, never a
// temporary file.
func WriteThrough(path string, data []byte, perm fs.FileMode) error {
	return writeThrough(path, bytesOf(data), perm, false)
}

// WriteThroughFunc is WriteThrough with the content written by write as
// it comes (a streamed answer, never held whole): the file appears, whole,
// only when write returns nil; an error from write is returned as it is.
func WriteThroughFunc(path string, perm fs.FileMode, write func(io.Writer) error) error {
	return writeThrough(path, write, perm, false)
}

// ReplaceThrough is WriteThrough once the operator has agreed to replace a
// read-only file: that file is replaced too.
func ReplaceThrough(path string, data []byte, perm fs.FileMode) error {
	return writeThrough(path, bytesOf(data), perm, true)
}

func writeThrough(path string, write func(io.Writer) error, perm fs.FileMode, replaceReadOnly bool) error {
	target, err := resolve(path)
	if err != nil {
		return err
	}
	label := path
	if target != path {
		label = fmt.Sprintf("%s (a link to %s)", path, target)
	}
	fi, err := os.Lstat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return writeFileFunc(label, target, perm, write)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", label, cause(err))
	}
	switch mode := fi.Mode(); {
	case mode.IsRegular():
		if !replaceReadOnly && readOnly(target, fi) {
			return fmt.Errorf("write %s: %w; remove it or make it writable (chmod u+w) to replace it", label, ErrReadOnly)
		}
		return writeFileFunc(label, target, perm, write)
	case mode.IsDir():
		return fmt.Errorf("write %s: it is a directory; add a file name", label)
	case mode&fs.ModeNamedPipe != 0:
		return fmt.Errorf("write %s: it is a named pipe (FIFO), which can hang waiting for a reader; write to a file, or use --out - with a shell pipe", label)
	case mode&fs.ModeSocket != 0:
		return fmt.Errorf("write %s: it is a socket; write to a file", label)
	case mode&fs.ModeCharDevice != 0:
		return writeDevice(label, target, write)
	}
	return fmt.Errorf("write %s: it is not a regular file (%s); write to a file", label, fi.Mode().Type())
}

// writeDevice writes into a character device such as /dev/null. The open
// does not block (a pipe swapped in meanwhile cannot hang it) and does not
// follow a link swapped in.
func writeDevice(label, path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|openNoBlock|openNoFollow, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", label, cause(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		return fmt.Errorf("write %s: it changed while being opened; try again", label)
	}
	if err := setBlocking(f); err != nil {
		return fmt.Errorf("write %s: %w", label, cause(err))
	}
	ew := &errWriter{w: f}
	if err := write(ew); err != nil {
		if ew.err != nil {
			return fmt.Errorf("write %s: %w", label, cause(ew.err))
		}
		return err
	}
	return nil
}

// errWriter remembers the file's own write error (a full disk), so it is
// told from the content's (a broken answer) and each is worded as what it
// is.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

// resolve follows the symbolic links path names, one by one, refusing any
// the kernel's fs.protected_symlinks rule would: a link in a sticky
// world-writable directory is followed only when its owner is the caller
// or the directory's owner. It returns the final path, which may not
// exist yet.
func resolve(path string) (string, error) {
	cur := path
	for range maxLinks {
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			if cur != path {
				return "", fmt.Errorf("write %s: it is a symbolic link to a missing file (%s); give the target's path", path, cur)
			}
			return cur, nil
		}
		if err != nil {
			return "", fmt.Errorf("write %s: %w", path, cause(err))
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return cur, nil
		}
		if err := checkLink(path, cur, fi); err != nil {
			return "", err
		}
		dest, err := os.Readlink(cur)
		if err != nil {
			return "", fmt.Errorf("write %s: %w", path, cause(err))
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(cur), dest)
		}
		cur = dest
	}
	return "", fmt.Errorf("write %s: more than %d symbolic links in a row; give the target's path", path, maxLinks)
}

// checkLink applies the fs.protected_symlinks rule to link, one hop of
// path.
func checkLink(path, link string, fi fs.FileInfo) error {
	dir := filepath.Dir(link)
	di, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, cause(err))
	}
	if di.Mode()&fs.ModeSticky == 0 || di.Mode().Perm()&0o002 == 0 {
		return nil
	}
	linkUID, ok1 := Owner(fi)
	dirUID, ok2 := Owner(di)
	if !ok1 || !ok2 || linkUID == os.Geteuid() || linkUID == dirUID {
		return nil
	}
	return fmt.Errorf("write %s: %s is a symbolic link owned by another user (uid %d) in the shared directory %s; "+
		"it is not followed (the rule of fs.protected_symlinks): remove it, or give the path of a file you trust", path, link, linkUID, dir)
}
