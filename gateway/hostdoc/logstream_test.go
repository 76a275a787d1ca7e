package hostdoc

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// scanChunks feeds data in pieces of size n and returns what it found.
func scanChunks(data []byte, n int) (LogInfo, []Entry, []int64, error) {
	var info LogInfo
	var entries []Entry
	var ends []int64
	whole := data
	var infoErr error
	s := &LogScanner{
		OnInfo: func(i LogInfo, end int64) {
			info = i
			// end is just past the root's start tag.
			start := bytes.LastIndexByte(whole[:end], '<')
			if start < 0 || whole[end-1] != '>' || !bytes.HasPrefix(whole[start:], []byte("<"+i.Kind)) && !bytes.Contains(whole[start:end], []byte(":"+i.Kind)) {
				infoErr = fmt.Errorf("OnInfo end %d: %q", end, whole[max(0, end-20):end])
			}
		},
		OnEntry: func(e Entry, end int64) error { entries = append(entries, e); ends = append(ends, end); return nil },
	}
	for len(data) > 0 {
		k := min(n, len(data))
		if _, err := s.Write(data[:k]); err != nil {
			return info, entries, ends, err
		}
		data = data[k:]
	}
	if infoErr != nil {
		panic(infoErr)
	}
	return info, entries, ends, s.Close()
}

func sampleEntries(n int) []Entry {
	at := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	texts := []string{"Execution 12 started", "a < b & c > d \"q\" 'a'", "two\nlines", "cr\r\nlf and lone\rcr", "ünïcødé ✓ 🙂", "", "tab\there", "bell\x07 and C1 \u0085"}
	levels := []string{LevelDebug, LevelInfo, LevelWarn, LevelError}
	out := make([]Entry, n)
	for i := range out {
		out[i] = Entry{Time: at.Add(time.Duration(i) * time.Second), Level: levels[i%4], Text: texts[i%len(texts)]}
	}
	return out
}

func TestLogScannerAgreesWithParseLog(t *testing.T) {
	docs := [][]byte{
		MarshalTaskLog(&TaskLog{Config: "prod & co", Task: `a"b`, Entries: sampleEntries(40)}),
		MarshalAgentLog(&AgentLog{Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Entries: sampleEntries(9)}),
		MarshalTaskLog(&TaskLog{Config: "c", Task: "t"}),
		[]byte("<?xml version='1.0' encoding='UTF-8'?>\n<!-- x --><TaskLog config='c' task='t'>\n<?pi x?><Entry level=\"info\" time=\"2026-01-02T03:04:05Z\">a<!-- c -->b<![CDATA[<&>]]>&#x41;</Entry>\n<Entry time=\"2026-01-02T03:04:05+01:00\" level=\"warn\"/></TaskLog>\n<!-- end -->\n"),
		[]byte("<TaskLog/>"),
	}
	for _, data := range docs {
		wantInfo, want, err := ParseLog(data)
		if err != nil {
			t.Fatalf("ParseLog: %v\n%s", err, data)
		}
		for _, n := range []int{1, 3, 7, 64, 4096, len(data)} {
			info, got, ends, err := scanChunks(data, n)
			if err != nil {
				t.Fatalf("chunks of %d: %v\n%s", n, err, data)
			}
			if info != wantInfo || len(got) != len(want) {
				t.Fatalf("chunks of %d: info %+v, %d entries; want %+v, %d", n, info, len(got), wantInfo, len(want))
			}
			for i := range want {
				if !got[i].Time.Equal(want[i].Time) || got[i].Level != want[i].Level || got[i].Text != want[i].Text {
					t.Fatalf("chunks of %d: entry %d = %+v, want %+v", n, i, got[i], want[i])
				}
				if !bytes.HasSuffix(data[:ends[i]], []byte("</Entry>")) && !bytes.HasSuffix(data[:ends[i]], []byte("/>")) {
					t.Fatalf("entry %d ends at %d: %q", i, ends[i], data[max(ends[i]-10, 0):ends[i]])
				}
			}
		}
	}
}

func TestLogScannerRefuses(t *testing.T) {
	entry := `<Entry time="2026-01-02T03:04:05Z" level="info">x</Entry>`
	for _, c := range []struct{ doc, want string }{
		{`<!DOCTYPE x><TaskLog/>`, "DOCTYPE"},
		{`<Tasks/>`, "expected <TaskLog> or <AgentLog>"},
		{`<TaskLog>` + strings.Replace(entry, "2026-01-02T03:04:05Z", "yesterday", 1) + `</TaskLog>`, "entry 1: time="},
		{`<TaskLog>` + entry + strings.Replace(entry, "info", "loud", 1) + `</TaskLog>`, "entry 2: level="},
		{`<TaskLog>` + entry, "ends before"},
		{`<TaskLog>` + entry + `<Other/></TaskLog>`, "unexpected element <Other>"},
		{`<TaskLog>` + entry + `</AgentLog>`, "does not match"},
		{`<TaskLog></TaskLog>text`, "text outside"},
		{`<TaskLog></TaskLog><TaskLog/>`, "more than one root"},
		{`<TaskLog><Entry time="2026-01-02T03:04:05Z" level="info">a` + "\x01" + `</Entry></TaskLog>`, "illegal character"},
		{`<TaskLog><Entry time="2026-01-02T03:04:05Z" level="info">a &nbsp; b</Entry></TaskLog>`, "unknown reference"},
		{`<?xml version="1.0" encoding="latin1"?><TaskLog/>`, "encoding"},
		{``, "empty"},
	} {
		_, _, _, err := scanChunks([]byte(c.doc), 5)
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want an invalid log document mentioning %q", c.doc, err, c.want)
		}
	}
	// One entry past MaxEntry is refused without waiting for its end.
	s := &LogScanner{MaxEntry: 1000}
	s.Write([]byte(`<TaskLog><Entry time="2026-01-02T03:04:05Z" level="info">`))
	_, err := s.Write(bytes.Repeat([]byte("x"), 2000))
	if err == nil || !strings.Contains(err.Error(), "longer than 1000 bytes") {
		t.Fatalf("long entry: %v", err)
	}
}

func TestResumeLogScanner(t *testing.T) {
	data := MarshalTaskLog(&TaskLog{Config: "c", Task: "t", Entries: sampleEntries(20)})
	_, all, ends, err := scanChunks(data, 100)
	if err != nil {
		t.Fatal(err)
	}
	var root []byte
	s := &LogScanner{}
	s.Write(data[:40])
	root = s.Root()
	if string(root) != "TaskLog" {
		t.Fatalf("root = %q", root)
	}
	from := ends[11]
	r := ResumeLogScanner(root, from, 12)
	var got []Entry
	r.OnEntry = func(e Entry, end int64) error { got = append(got, e); return nil }
	if _, err := r.Write(data[from:]); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil || len(got) != 8 || got[0].Text != all[12].Text || r.Entries() != 20 {
		t.Fatalf("resumed: %d entries, %v", len(got), err)
	}
}

func TestLogScannerOnEntryErrorStops(t *testing.T) {
	data := MarshalTaskLog(&TaskLog{Entries: sampleEntries(5)})
	stop := errors.New("stop")
	n := 0
	s := &LogScanner{OnEntry: func(Entry, int64) error { n++; return stop }}
	if _, err := s.Write(data); err != stop || n != 1 {
		t.Fatalf("err %v after %d entries", err, n)
	}
}

// FuzzLogScanner: whatever the scanner accepts, ParseLog accepts with the
// same entries, in any chunking.
func FuzzLogScanner(f *testing.F) {
	f.Add(MarshalTaskLog(&TaskLog{Config: "c", Task: "t", Entries: sampleEntries(6)}), 3)
	f.Add(MarshalAgentLog(&AgentLog{Entries: sampleEntries(2)}), 1)
	f.Add([]byte(`<TaskLog><Entry level="info" time="2026-01-02T03:04:05Z">a<![CDATA[b]]></Entry></TaskLog>`), 2)
	f.Fuzz(func(t *testing.T, data []byte, n int) {
		if n <= 0 || n > 1<<16 {
			n = 1 + len(data)
		}
		info, got, _, err := scanChunks(data, n)
		if err != nil {
			return
		}
		wantInfo, want, werr := ParseLog(data)
		if werr != nil {
			t.Fatalf("scanner accepted what ParseLog refuses (%v):\n%q", werr, data)
		}
		if info != wantInfo || len(got) != len(want) {
			t.Fatalf("scanner %+v %d entries, ParseLog %+v %d\n%q", info, len(got), wantInfo, len(want), data)
		}
		for i := range want {
			if !got[i].Time.Equal(want[i].Time) || got[i].Level != want[i].Level || got[i].Text != want[i].Text {
				t.Fatalf("entry %d: %s, ParseLog %s", i, fmt.Sprint(got[i]), fmt.Sprint(want[i]))
			}
		}
	})
}

func TestParseEntryLineIsParseEntry(t *testing.T) {
	lines := [][]byte{[]byte(`<Entry level="warn" time="2026-01-02T03:04:05+01:00"><![CDATA[x]]></Entry>`), []byte("<Entry/>"), []byte("junk"), []byte("")}
	for _, e := range sampleEntries(8) {
		lines = append(lines, AppendEntry(nil, e))
	}
	for _, line := range lines {
		want, werr := ParseEntry(line)
		got, _, err := ParseEntryLine(line)
		if (err == nil) != (werr == nil) || !got.Time.Equal(want.Time) || got.Level != want.Level || got.Text != want.Text {
			t.Errorf("%q: %+v %v, ParseEntry %+v %v", line, got, err, want, werr)
		}
	}
}
