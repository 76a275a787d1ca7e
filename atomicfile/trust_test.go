//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sharedDir makes a sticky world-writable directory like /tmp, owned by
// dirUID. Changing owners needs root; the test is skipped otherwise.
func sharedDir(t *testing.T, dirUID int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, dirUID, -1); err != nil {
		t.Skipf("cannot change owners here (not root): %v", err)
	}
	return dir
}

// plantLink makes a symbolic link in dir owned by uid, pointing at target.
func plantLink(t *testing.T, dir, name, target string, uid int) string {
	t.Helper()
	link := filepath.Join(dir, name)
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Lchown(link, uid, -1); err != nil {
		t.Skipf("cannot change a link's owner: %v", err)
	}
	return link
}

const (
	attacker = 45678 // another local user
	owner    = 34567 // the shared directory's owner, not the caller
)

// Another user's link in a shared sticky directory is not followed: the
// operator's file it points at is left alone.
func TestWriteThroughRefusesAnotherUsersLinkInStickyDir(t *testing.T) {
	victim := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := sharedDir(t, owner)
	link := plantLink(t, dir, "out.iic", victim, attacker)
	err := WriteThrough(link, []byte("attacker's choice"), 0o600)
	if err == nil {
		t.Fatal("followed another user's link in a sticky directory")
	}
	for _, want := range []string{link, "another user", "fs.protected_symlinks"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("err = %q, want it to contain %q", err, want)
		}
	}
	if got, _ := os.ReadFile(victim); string(got) != "precious" {
		t.Errorf("the link's target now holds %q", got)
	}
	// A chain: my link in a private directory to the planted one.
	mine := filepath.Join(t.TempDir(), "mine")
	if err := os.Symlink(link, mine); err != nil {
		t.Fatal(err)
	}
	if err := WriteThrough(mine, []byte("x"), 0o600); err == nil {
		t.Error("followed a planted link at the second hop")
	}
}

// The links the kernel would follow are followed: the caller's own, and
// the directory owner's.
func TestWriteThroughFollowsTrustedLinksInStickyDir(t *testing.T) {
	for name, linkUID := range map[string]int{"mine": os.Geteuid(), "dir owner's": owner} {
		t.Run(name, func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "real")
			if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			dir := sharedDir(t, owner)
			link := plantLink(t, dir, "out", target, linkUID)
			if err := WriteThrough(link, []byte("new"), 0o600); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(target); string(got) != "new" {
				t.Errorf("target holds %q", got)
			}
		})
	}
}

// A FIFO with no reader is refused at once instead of hanging, and stays a
// FIFO; so is a socket.
func TestWriteThroughRefusesFIFOAndSocket(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- WriteThrough(fifo, []byte("x"), 0o600) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "named pipe") || !strings.Contains(err.Error(), fifo) {
			t.Errorf("err = %v, want a refusal naming the pipe", err)
		}
	case <-time.After(10 * time.Second): // a hang, not a timing assertion
		t.Fatal("WriteThrough blocked on a FIFO with no reader")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", fi, err)
	}
	// A link to the FIFO is refused the same way.
	link := filepath.Join(dir, "to-pipe")
	os.Symlink(fifo, link)
	if err := WriteThrough(link, []byte("x"), 0o600); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("through a link: err = %v", err)
	}

	sock := filepath.Join(dir, "s")
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Skipf("no unix sockets: %v", err)
	}
	defer syscall.Close(fd)
	if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: sock}); err != nil {
		t.Skipf("bind: %v", err)
	}
	if err := WriteThrough(sock, []byte("x"), 0o600); err == nil || !strings.Contains(err.Error(), "socket") {
		t.Errorf("socket: err = %v", err)
	}
}

// A read-only file is not replaced silently: ErrReadOnly, saying what to
// do; ReplaceThrough replaces it once the operator agreed.
func TestWriteThroughReadOnly(t *testing.T) {
	p := filepath.Join(t.TempDir(), "keep.xml")
	if err := os.WriteFile(p, []byte("old"), 0o444); err != nil {
		t.Fatal(err)
	}
	err := WriteThrough(p, []byte("new"), 0o600)
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("err = %v, want ErrReadOnly", err)
	}
	if !strings.Contains(err.Error(), "chmod") || !strings.Contains(err.Error(), "remove it") || !strings.Contains(err.Error(), p) {
		t.Errorf("err = %q, want the path and what to do", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Errorf("replaced anyway: %q", got)
	}
	if err := ReplaceThrough(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != "new" {
		t.Errorf("ReplaceThrough left %q", got)
	}
}

// Errors name the operator's path, never the temporary file.
func TestWriteErrorsNameTheOperatorsPath(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no-such-dir", "out.iic")
	for _, write := range []func(string, []byte, os.FileMode) error{WriteFile, WriteThrough} {
		err := write(missing, []byte("x"), 0o600)
		if err == nil {
			t.Fatal("wrote into a missing directory")
		}
		if strings.Contains(err.Error(), TempPrefix) || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "does not exist") {
			t.Errorf("err = %q, want %s named and no temporary file", err, missing)
		}
	}
	// A rename that fails (a non-empty directory in the way).
	target := filepath.Join(dir, "target")
	os.Mkdir(target, 0o755)
	os.WriteFile(filepath.Join(target, "keep"), nil, 0o644)
	if err := WriteFile(target, []byte("x"), 0o600); err == nil || strings.Contains(err.Error(), TempPrefix) {
		t.Errorf("err = %v, want no temporary file named", err)
	}
}
