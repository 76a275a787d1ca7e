package fileio

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteAtomicReplacesAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.xml")
	if err := WriteAtomic(p, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(p, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "two" {
		t.Fatalf("content %q", b)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("directory holds %d files; a temporary file was left", len(ents))
	}
}

func TestWriteAtomicRefusals(t *testing.T) {
	dir := t.TempDir()
	if err := WriteAtomic(filepath.Join(dir, "none", "x"), nil, 0o600); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing directory: %v", err)
	}
	if err := WriteAtomic(dir, nil, 0o600); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("directory as target: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 0 {
		t.Fatalf("a refused save left %d files", len(ents))
	}
}

func TestReadBounded(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("12345"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadBounded(p, 5); err != nil || string(b) != "12345" {
		t.Fatalf("%q %v", b, err)
	}
	if _, err := ReadBounded(p, 4); err == nil || !strings.Contains(err.Error(), "the limit is 4") {
		t.Fatalf("over the limit: %v", err)
	}
	if _, err := ReadBounded(filepath.Join(dir, "none"), 5); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("missing: %v", err)
	}
	if _, err := ReadBounded(dir, 5); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("directory: %v", err)
	}
}

func TestExpand(t *testing.T) {
	if _, err := Expand("  "); err == nil {
		t.Fatal("an empty path was accepted")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home directory")
	}
	if got, _ := Expand("~/x.xml"); got != filepath.Join(home, "x.xml") {
		t.Fatalf("~ expanded to %q", got)
	}
	if got, _ := Expand("rel.xml"); !filepath.IsAbs(got) {
		t.Fatalf("%q is not absolute", got)
	}
}

func TestSaveAndLoadCommands(t *testing.T) {
	p := filepath.Join(t.TempDir(), "doc.xml")
	data := []byte("<Tasks/>")
	cmd := Save(p, data)
	data[0] = 'X' // the command copied its data
	saved := cmd().(SavedMsg)
	if saved.Err != nil || saved.Bytes != 8 {
		t.Fatalf("%+v", saved)
	}
	loaded := Load(p)().(LoadedMsg)
	if loaded.Err != nil || string(loaded.Data) != "<Tasks/>" {
		t.Fatalf("%+v", loaded)
	}
}

func TestEditorRoundTrip(t *testing.T) {
	f, err := prepareEdit(".xml", []byte("<a/>"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(f.path, ".xml") {
		t.Fatalf("file %q lacks the suffix", f.path)
	}
	// What an editor does: rewrite the file.
	if err := os.WriteFile(f.path, []byte("<b/>"), 0o600); err != nil {
		t.Fatal(err)
	}
	msg := f.finish("vi")(nil).(EditedMsg)
	if msg.Err != nil || !msg.Changed || string(msg.Data) != "<b/>" {
		t.Fatalf("%+v", msg)
	}
	if _, err := os.Stat(f.dir); !os.IsNotExist(err) {
		t.Fatalf("temporary directory left: %v", err)
	}
}

func TestEditorFailureSavesNothing(t *testing.T) {
	f, err := prepareEdit(".xml", []byte("<a/>"))
	if err != nil {
		t.Fatal(err)
	}
	runErr := exec.Command("sh", "-c", "exit 3").Run()
	msg := f.finish("ed")(runErr).(EditedMsg)
	if msg.Err == nil || !strings.Contains(msg.Err.Error(), "status 3") {
		t.Fatalf("%+v", msg)
	}
	unchanged, err := prepareEdit(".xml", []byte("<a/>"))
	if err != nil {
		t.Fatal(err)
	}
	if msg := unchanged.finish("ed")(nil).(EditedMsg); msg.Changed || msg.Err != nil {
		t.Fatalf("untouched file: %+v", msg)
	}
}

func TestEditorCommand(t *testing.T) {
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "code --wait")
	if got := EditorFromEnv(os.Getenv); strings.Join(got, " ") != "code --wait" {
		t.Fatalf("%q", got)
	}
	t.Setenv("EDITOR", "")
	if got := EditorFromEnv(os.Getenv); got[0] != "vi" {
		t.Fatalf("%q", got)
	}
	t.Setenv("VISUAL", "nano")
	if got := EditorFromEnv(os.Getenv); got[0] != "nano" {
		t.Fatalf("%q", got)
	}
}

func TestReadItemWantsTextForScripts(t *testing.T) {
	p := filepath.Join(t.TempDir(), "id.iic")
	if err := os.WriteFile(p, []byte{0xff, 0xfe, 0x00}, 0o600); err != nil {
		t.Fatal(err)
	}
	if abs, data, err := ReadItem(p, false); err != nil || abs != p || len(data) != 3 {
		t.Fatalf("as an ID: %q %d bytes, %v", abs, len(data), err)
	}
	if _, _, err := ReadItem(p, true); err == nil || !strings.Contains(err.Error(), "not UTF-8 text") {
		t.Fatalf("as a script: %v", err)
	}
	if _, _, err := ReadItem(filepath.Join(t.TempDir(), "missing"), true); err == nil {
		t.Fatal("a missing file read")
	}
}

// Saving through a symbolic link keeps the link and fills its target
// (a rename over the link would have replaced it with a plain file).
func TestWriteAtomicKeepsALink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.log")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.log")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(link, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi, err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Fatalf("target holds %q", got)
	}
}

// TestSafeNameStaysHere: a host's name suggested as a file name never
// leads out of the working directory or carries a control.
func TestSafeNameStaysHere(t *testing.T) {
	for name, want := range map[string]string{
		"production": "production", "../../x": "_._.._x", "/etc/cron.d/x": "_etc_cron.d_x",
		"a\\b:c": "a_b_c", ".hidden": "_hidden", "": "_", "t\x1b]52;c\a": "t_]52;c_", "ok.iic": "ok.iic",
		"a\u202eb\u2028c\u2066": "a_b_c_",
	} {
		if got := SafeName(name); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", name, got, want)
		}
	}
}
