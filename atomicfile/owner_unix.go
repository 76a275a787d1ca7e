//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"syscall"
)

const (
	openNoBlock  = syscall.O_NONBLOCK
	openNoFollow = syscall.O_NOFOLLOW
)

// Owner returns the user id owning the file fi describes.
func Owner(fi fs.FileInfo) (uid int, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// readOnly reports a file the operator would not be able to write in
// place: no write bit at all (which root ignores) or no write access.
func readOnly(path string, fi fs.FileInfo) bool {
	const wOK = 2
	return fi.Mode().Perm()&0o222 == 0 || syscall.Access(path, wOK) != nil
}

// setBlocking undoes the O_NONBLOCK of the open, for writing.
func setBlocking(f *os.File) error {
	return syscall.SetNonblock(int(f.Fd()), false)
}
