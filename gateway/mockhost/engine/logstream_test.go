package engine

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dpconsole/gateway/hostdoc"
)

// The encoded form served is always what MarshalTaskLog would write for
// the kept entries: after appends, trims, compaction, a reload and a reset.
func TestLogStreamServesItsEncodedForm(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.log")
	keep := 20
	l, err := loadLog(path, keep)
	if err != nil {
		t.Fatal(err)
	}
	empty := hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "c & d", Task: "t"})
	check := func(what string, l *logStream) {
		t.Helper()
		want := hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "c & d", Task: "t", Entries: l.kept(keep)})
		// The first line is padded with spaces to a multiple of 3 bytes.
		nl := bytes.IndexByte(want, '\n')
		pad := bytes.Repeat([]byte(" "), (3-(nl+1)%3)%3)
		want = append(append(append([]byte(nil), want[:nl]...), pad...), want[nl:]...)
		if got := l.document(empty, keep); !bytes.Equal(got, want) {
			t.Fatalf("%s: served\n%s\nwant\n%s", what, got, want)
		}
		// Its base64, mostly as kept: the pieces join into one text.
		pieces := l.encoded(empty)
		got, err := base64.StdEncoding.DecodeString(string(bytes.Join(pieces, nil)))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s: encoded form decodes to\n%s (%v)\nwant\n%s", what, got, err, want)
		}
		if len(l.b64) > 0 && &pieces[1][0] != &l.b64[0] {
			t.Fatalf("%s: the kept base64 was copied, not sent as kept", what)
		}
		if len(l.enc)-l.b64n > 2 {
			t.Fatalf("%s: %d bytes of the lines are not in the kept base64", what, len(l.enc)-l.b64n)
		}
	}
	check("empty", l)
	for i := range 137 {
		e := hostdoc.Entry{Time: t0.Add(time.Duration(i) * time.Second), Level: hostdoc.LevelInfo, Text: fmt.Sprintf("entry %d <&> \"x\"\n", i)}
		if err := l.add(e, keep); err != nil {
			t.Fatal(err)
		}
		check(fmt.Sprintf("after %d adds", i+1), l)
	}
	if got := l.kept(keep); len(got) < keep || len(got) > keep+slack(keep) || got[len(got)-1].Text != "entry 136 <&> \"x\"\n" {
		t.Fatalf("kept %d, last %q", len(got), got[len(got)-1].Text)
	}
	again, err := loadLog(path, keep)
	if err != nil {
		t.Fatal(err)
	}
	check("reloaded", again)
	if len(again.kept(keep)) != len(l.kept(keep)) {
		t.Fatalf("reloaded %d entries", len(again.kept(keep)))
	}
	// A torn last line is skipped; what parsed is served.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`<Entry time="2026-`)
	f.Close()
	torn, err := loadLog(path, keep)
	if err != nil {
		t.Fatal(err)
	}
	check("torn", torn)
	if err := torn.reset(); err != nil {
		t.Fatal(err)
	}
	check("reset", torn)
}

// BenchmarkLoadMillion loads a million-entry log, as the mock host does at
// start with --log-keep 1000000 (goal: under 2 s).
func BenchmarkLoadMillion(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 10_000
	}
	path := filepath.Join(b.TempDir(), "t.log")
	var buf []byte
	for i := range n {
		buf = hostdoc.AppendEntry(buf, hostdoc.Entry{Time: t0.Add(time.Duration(i) * time.Millisecond), Level: hostdoc.LevelInfo,
			Text: fmt.Sprintf("Execution %d finished in 1.234s (protect /data/inbox -> /data/protected)", i)})
	}
	if err := os.WriteFile(path, buf, 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(buf)))
	b.ResetTimer()
	for b.Loop() {
		l, err := loadLog(path, n)
		if err != nil || len(l.entries) != n {
			b.Fatalf("%v, %d entries", err, len(l.entries))
		}
	}
}
