//go:build !unix

package atomicfile

import (
	"io/fs"
	"os"
)

const (
	openNoBlock  = 0
	openNoFollow = 0
)

// Owner returns the user id owning the file fi describes; not known here.
func Owner(fs.FileInfo) (uid int, ok bool) { return 0, false }

func readOnly(_ string, fi fs.FileInfo) bool { return fi.Mode().Perm()&0o200 == 0 }

func setBlocking(*os.File) error { return nil }
