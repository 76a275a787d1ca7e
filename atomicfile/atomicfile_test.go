package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.xml")
	for _, content := range []string{"first", "second, longer", ""} {
		if err := WriteFile(p, []byte(content), 0o640); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != content {
			t.Fatalf("read %q, %v; want %q", got, err, content)
		}
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, %v", fi.Mode(), err)
	}
	assertOnly(t, dir, "f.xml")
}

func TestWriteFileFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	// A directory where the file should go makes the rename fail after the
	// temporary file was written.
	target := filepath.Join(dir, "target")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(target, []byte("x"), 0o644); err == nil {
		t.Fatal("WriteFile over a non-empty directory succeeded")
	}
	assertOnly(t, dir, "target")
	if err := WriteFile(filepath.Join(dir, "missing", "f"), []byte("x"), 0o644); err == nil {
		t.Fatal("WriteFile into a missing directory succeeded")
	}
}

func TestAppendAndRemoveTemps(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "log")
	for _, s := range []string{"a\n", "b\n"} {
		if err := Append(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := os.ReadFile(p); string(got) != "a\nb\n" {
		t.Errorf("log = %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, TempPrefix+"x-123"), []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := RemoveTemps(dir); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, "log")
	if err := Append(filepath.Join(dir, "no", "log"), []byte("x"), 0o644); err == nil {
		t.Error("Append into a missing directory succeeded")
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("dir holds %v, want %v", got, names)
	}
	for i := range names {
		if got[i] != names[i] {
			t.Fatalf("dir holds %v, want %v", got, names)
		}
	}
}

func TestWriteThroughKeepsLinksAndDevices(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.iic")
	if err := os.WriteFile(real, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.iic")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteThrough(link, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi, err)
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Fatalf("link target holds %q, want %q", got, "new")
	}

	// A device is written into, not renamed over.
	if err := WriteThrough(os.DevNull, []byte("through"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(os.DevNull); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("%s was replaced: %v %v", os.DevNull, fi, err)
	}

	if err := WriteThrough(dir, []byte("x"), 0o600); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Fatalf("writing a directory: err = %v", err)
	}
	dangling := filepath.Join(dir, "dangling")
	os.Symlink(filepath.Join(dir, "nothing"), dangling)
	if err := WriteThrough(dangling, []byte("x"), 0o600); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("writing a dangling link: err = %v", err)
	}
	if err := WriteThrough(filepath.Join(dir, "fresh"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestWriteThroughFuncStreams: content written as it comes lands whole;
// a failure half way (a broken answer) leaves neither the file nor a
// temporary one, and the old file as it was.
func TestWriteThroughFuncStreams(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.xml")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("the answer broke off")
	err := WriteThroughFunc(path, 0o600, func(w io.Writer) error {
		io.WriteString(w, "half of a new ")
		return broken
	})
	if !errors.Is(err, broken) {
		t.Fatalf("a failed write returned %v, want the content's error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Fatalf("after a failed write the file holds %q", got)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("a temporary file was left: %v", ents)
	}
	if err := WriteThroughFunc(path, 0o600, func(w io.Writer) error {
		for range 3 {
			io.WriteString(w, "piece ")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "piece piece piece " {
		t.Fatalf("the file holds %q", got)
	}
}
