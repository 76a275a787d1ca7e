package logview

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestSaveSnapshot(t *testing.T) {
	m := newModel(60, 5)
	m.SetTimeMode(TimeUTC)
	m.Append(entries(0, 4)...)
	m.Append(Entry{Level: "info", Text: "no time \x1b"})
	cmd := press(m, "s")
	if cmd == nil {
		t.Fatal("s returned no command")
	}
	req, ok := cmd().(SaveRequestMsg)
	if !ok {
		t.Fatalf("s sent %T", cmd())
	}
	m.Append(entries(4, 100)...) // later entries are not in the snapshot
	m.Reset(nil)
	var buf bytes.Buffer
	n, err := req.Snapshot.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteTo = %d, %v (wrote %d)", n, err, buf.Len())
	}
	want := "2026-11-29T09:00:00Z DEBUG entry 0\n" +
		"2026-11-29T09:00:01Z INFO  entry 1\n" +
		"2026-11-29T09:00:02Z WARN  entry 2\n" +
		"2026-11-29T09:00:03Z ERROR entry 3\n" +
		"- INFO  no time ^[\n"
	if buf.String() != want {
		t.Fatalf("saved:\n%s\nwant:\n%s", buf.String(), want)
	}
	// The filter applies to what is saved.
	m.Append(entries(0, 8)...)
	m.SetMinLevel(LevelError)
	buf.Reset()
	if _, err := m.WriteTo(&buf); err != nil || strings.Count(buf.String(), "\n") != 2 {
		t.Fatalf("filtered save = %q, %v", buf.String(), err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestSaveReportsWriteErrors(t *testing.T) {
	m := newModel(60, 5)
	m.Append(entries(0, 10)...)
	if _, err := m.WriteTo(failWriter{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("WriteTo to a failing writer = %v", err)
	}
}

func TestSnapshotWhileAppending(t *testing.T) {
	m := newModel(60, 5)
	m.Append(entries(0, chunkSize-10)...)
	snap := m.Snapshot()
	done := make(chan string)
	go func() {
		var buf bytes.Buffer
		if _, err := snap.WriteTo(&buf); err != nil {
			done <- err.Error()
			return
		}
		done <- fmt.Sprint(strings.Count(buf.String(), "\n"))
	}()
	m.Append(entries(chunkSize, 2*chunkSize)...) // fills the shared chunk and adds more
	if got := <-done; got != fmt.Sprint(chunkSize-10) {
		t.Fatalf("snapshot wrote %s lines, want %d", got, chunkSize-10)
	}
}
