package fileio

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestConfineRefusesPathsOutsideTheDirectory(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(root, "in.xml"), []byte("<a/>"), 0o600)
	os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o600)
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "link"))
	os.Symlink(outside, filepath.Join(root, "dirlink"))
	Confine(root)
	defer Unconfine()

	if p, err := Expand("in.xml"); err != nil || p != filepath.Join(root, "in.xml") {
		t.Fatalf("Expand(in.xml) = %q, %v; want it under the directory", p, err)
	}
	if _, err := ReadBounded(filepath.Join(root, "in.xml"), MaxLoad); err != nil {
		t.Fatalf("reading inside: %v", err)
	}
	if err := WriteAtomic(filepath.Join(root, "new.xml"), []byte("x"), 0o600); err != nil {
		t.Fatalf("writing a new file inside: %v", err)
	}
	for _, p := range []string{"../x", filepath.Join(outside, "secret"), "link", "dirlink/secret", "~/x"} {
		abs, err := Expand(p)
		if err == nil {
			_, err = ReadBounded(abs, MaxLoad)
		}
		if err == nil {
			t.Errorf("%s: read outside the directory", p)
		}
	}
	if err := WriteAtomic(filepath.Join(root, "dirlink", "new"), []byte("x"), 0o600); !errors.Is(err, ErrOutside) {
		t.Errorf("writing through a link out: %v, want ErrOutside", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "new")); err == nil {
		t.Error("a file was written outside the directory")
	}
}

func TestConfineNoneRefusesEveryFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "f"), []byte("x"), 0o600)
	ConfineNone()
	defer Unconfine()
	if _, err := Expand(filepath.Join(dir, "f")); !errors.Is(err, ErrNoFiles) {
		t.Errorf("Expand: %v, want ErrNoFiles", err)
	}
	if _, err := ReadBounded(filepath.Join(dir, "f"), MaxLoad); !errors.Is(err, ErrNoFiles) {
		t.Errorf("ReadBounded: %v, want ErrNoFiles", err)
	}
	if err := WriteAtomic(filepath.Join(dir, "g"), []byte("x"), 0o600); !errors.Is(err, ErrNoFiles) {
		t.Errorf("WriteAtomic: %v, want ErrNoFiles", err)
	}
}
