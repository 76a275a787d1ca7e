//go:build unix

package fileio

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// noHang runs f and fails the test if it blocks (a hang, not a timing
// assertion: the bound is far above any real run).
func noHang(t *testing.T, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("blocked on a FIFO with no peer")
		return nil
	}
}

func TestReadAndWriteRefuseFIFOsWithoutHanging(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs: %v", err)
	}
	err := noHang(t, func() error { _, err := ReadBounded(fifo, MaxLoad); return err })
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("ReadBounded: err = %v", err)
	}
	err = noHang(t, func() error { return WriteAtomic(fifo, []byte("x"), 0o600) })
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("WriteAtomic: err = %v", err)
	}
	err = noHang(t, func() error { _, err := ReadPrivate(fifo, 64<<10); return err })
	if err == nil || !strings.Contains(err.Error(), "remove it") {
		t.Errorf("ReadPrivate: err = %v", err)
	}
	if _, err := ReadBounded("/dev/zero", 10); err == nil || !strings.Contains(err.Error(), "device") {
		t.Errorf("ReadBounded(/dev/zero): err = %v", err)
	}
}

// The console's save of a read-only file answers ErrReadOnly, for it to
// ask; SaveReplacing then replaces it.
func TestSaveReadOnlyAsksThenReplaces(t *testing.T) {
	p := filepath.Join(t.TempDir(), "tasks.xml")
	if err := os.WriteFile(p, []byte("old"), 0o400); err != nil {
		t.Fatal(err)
	}
	msg := Save(p, []byte("new"))().(SavedMsg)
	if !errors.Is(msg.Err, ErrReadOnly) {
		t.Fatalf("Save: err = %v, want ErrReadOnly", msg.Err)
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Fatalf("replaced without asking: %q", got)
	}
	if msg := SaveReplacing(p, []byte("new"))().(SavedMsg); msg.Err != nil {
		t.Fatal(msg.Err)
	}
	if got, _ := os.ReadFile(p); string(got) != "new" {
		t.Errorf("after SaveReplacing: %q", got)
	}
}

func TestReadPrivate(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "session.json")
	write := func(data string, mode os.FileMode) {
		t.Helper()
		os.Remove(p)
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
	}
	write("{}", 0o600)
	if b, err := ReadPrivate(p, 64<<10); err != nil || string(b) != "{}" {
		t.Fatalf("a private file: %q, %v", b, err)
	}
	if _, err := ReadPrivate(filepath.Join(dir, "none"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: err = %v, want ErrNotExist", err)
	}
	for _, mode := range []os.FileMode{0o620, 0o602, 0o666} {
		write("{}", mode)
		if _, err := ReadPrivate(p, 64<<10); err == nil || !strings.Contains(err.Error(), "others can write") || !strings.Contains(err.Error(), "remove it") {
			t.Errorf("mode %o: err = %v", mode, err)
		}
	}
	write(strings.Repeat("x", 64<<10+1), 0o600)
	if _, err := ReadPrivate(p, 64<<10); err == nil || !strings.Contains(err.Error(), "limit") || !strings.Contains(err.Error(), "remove it") {
		t.Errorf("too large: err = %v", err)
	}
	os.Remove(p)
	os.Symlink("/dev/zero", p)
	if _, err := ReadPrivate(p, 64<<10); err == nil || !strings.Contains(err.Error(), "device") {
		t.Errorf("a link to /dev/zero: err = %v", err)
	}
	os.Remove(p)
	write("{}", 0o600)
	if err := os.Chown(p, 45678, -1); err != nil {
		t.Skipf("cannot change owners (not root): %v", err)
	}
	if _, err := ReadPrivate(p, 64<<10); err == nil || !strings.Contains(err.Error(), "another user") {
		t.Errorf("another user's file: err = %v", err)
	}
}

// A save through another user's link in a shared sticky directory is
// refused (the rule of fs.protected_symlinks).
func TestSaveRefusesPlantedLink(t *testing.T) {
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("precious"), 0o600)
	shared := filepath.Join(t.TempDir(), "tmp")
	os.Mkdir(shared, 0o755)
	os.Chmod(shared, 0o777|os.ModeSticky)
	link := filepath.Join(shared, "out.xml")
	os.Symlink(victim, link)
	if err := os.Chown(shared, 34567, -1); err != nil {
		t.Skipf("not root: %v", err)
	}
	if err := os.Lchown(link, 45678, -1); err != nil {
		t.Skipf("not root: %v", err)
	}
	msg := Save(link, []byte("planted"))().(SavedMsg)
	if msg.Err == nil || !strings.Contains(msg.Err.Error(), "protected_symlinks") {
		t.Errorf("err = %v", msg.Err)
	}
	if got, _ := os.ReadFile(victim); string(got) != "precious" {
		t.Errorf("victim holds %q", got)
	}
}
