package logtail

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// pollErr is poll without failing on an error.
func pollErr(tl *Tail, doc []byte, rnd *rand.Rand) (Update, error) {
	p := tl.Poll(nil)
	for len(doc) > 0 {
		n := min(len(doc), 1+rnd.IntN(300_000))
		if _, err := p.Write(doc[:n]); err != nil {
			return Update{}, err
		}
		doc = doc[n:]
	}
	return p.Close()
}

// A hostile host rewrites its log between polls in every way that keeps
// the document's length or most of its bytes: one byte flipped inside the
// held prefix (before, at and after a checkpoint), the same length with
// other content, truncation, and appends on top. Whenever the tail accepts
// the new log, the entries it keeps plus the new ones must be exactly the
// log's, as a whole parse reads them.
func TestAttackRewritesBetweenPolls(t *testing.T) {
	rnd := rand.New(rand.NewPCG(42, 7))
	base := entries(0, 24_000) // about 2.9 MB: two checkpoints and a tentative end
	doc := taskDoc(base)
	mutations := []struct {
		name string
		f    func(d []byte) []byte
	}{
		{"flip a letter anywhere", func(d []byte) []byte {
			d = bytes.Clone(d)
			for {
				i := rnd.IntN(len(d))
				if c := d[i]; c >= 'a' && c <= 'z' {
					d[i] = 'a' + (c-'a'+1+byte(rnd.IntN(24)))%26
					return d
				}
			}
		}},
		{"flip a letter just before a checkpoint", func(d []byte) []byte {
			d = bytes.Clone(d)
			for i := CheckEvery - 200 + rnd.IntN(400); ; i++ {
				if c := d[i]; c >= 'a' && c <= 'z' {
					d[i] = 'a' + (c-'a'+1)%26
					return d
				}
			}
		}},
		{"flip a digit in the last entry", func(d []byte) []byte {
			d = bytes.Clone(d)
			end := bytes.LastIndex(d, []byte("</Entry>"))
			for i := end - 1; ; i-- {
				if c := d[i]; c >= '0' && c <= '8' {
					d[i]++
					return d
				}
			}
		}},
		{"same length, every entry other", func(d []byte) []byte {
			es := append([]hostdoc.Entry(nil), base...)
			for i := range es {
				es[i].Text = string(bytes.ToUpper([]byte(es[i].Text)))
			}
			return taskDoc(es)
		}},
		{"two entries of equal length swapped", func(d []byte) []byte {
			es := append([]hostdoc.Entry(nil), base...)
			i := rnd.IntN(len(es) - 1)
			es[i].Text, es[i+1].Text = es[i+1].Text, es[i].Text
			if len(es[i].Text) != len(es[i+1].Text) {
				es[i].Text = es[i+1].Text // not equal: same text twice
			}
			return taskDoc(es)
		}},
		{"truncated at a random entry", func(d []byte) []byte { return taskDoc(base[:rnd.IntN(len(base))]) }},
		{"truncated mid-byte (no end tag)", func(d []byte) []byte { return d[:rnd.IntN(len(d))] }},
		{"one byte changed and entries appended", func(d []byte) []byte {
			es := append([]hostdoc.Entry(nil), base...)
			es[rnd.IntN(len(es))].Text = "x"
			return taskDoc(append(es, entries(90_000, 7)...))
		}},
		{"root attribute changed", func(d []byte) []byte {
			return hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "c", Task: "u", Entries: base})
		}},
	}
	for _, m := range mutations {
		for round := range attackRounds {
			var tl Tail
			if _, err := pollErr(&tl, doc, rnd); err != nil {
				t.Fatal(err)
			}
			next := m.f(doc)
			up, err := pollErr(&tl, next, rnd)
			_, want, werr := hostdoc.ParseLog(next)
			if err != nil {
				t.Logf("%s #%d: refused: %v (ParseLog: %v)", m.name, round, err, werr)
				continue // refused: the held tail stays (TestFailedPollLeavesTheTail)
			}
			if werr != nil {
				t.Fatalf("%s #%d: the tail accepted a log ParseLog refuses (%v): %s", m.name, round, werr, summary(up))
			}
			got := append(append([]hostdoc.Entry(nil), base[:min(up.Kept, len(base))]...), up.New...)
			if up.Kept > len(base) || len(got) != len(want) || up.Total != len(want) {
				t.Fatalf("%s #%d: %s, want %d entries", m.name, round, summary(up), len(want))
			}
			for i := range want {
				if !got[i].Time.Equal(want[i].Time) || got[i].Text != want[i].Text || got[i].Level != want[i].Level {
					t.Fatalf("%s #%d: entry %d = %q, the log has %q (%s)", m.name, round, i, got[i].Text, want[i].Text, summary(up))
				}
			}
			if !bytes.Equal(next, doc) && !up.Reset && up.Kept == len(base) && len(up.New) == len(want)-len(base) {
				// Accepted as a pure append: only right when the old
				// document's entries are a prefix of the new one's.
				for i := range base {
					if base[i].Text != want[i].Text {
						t.Fatalf("%s #%d: a rewrite at entry %d passed as an append", m.name, round, i)
					}
				}
			}
		}
	}
}

// The same through the real client from a host that writes one byte per
// TCP write (flushed) with white space in the base64: a first load, an
// append and a rewrite in the middle, each parsed right.
func TestAttackOneByteWritesThroughTheClient(t *testing.T) {
	base := entries(0, oneByteEntries) // about 100 KB without the race detector
	docs := [][]byte{taskDoc(base), taskDoc(append(append([]hostdoc.Entry(nil), base...), entries(oneByteEntries, 5)...)), taskDoc(rewrite(append(append([]hostdoc.Entry(nil), base...), entries(oneByteEntries, 5)...), oneByteEntries/2))}
	var cur atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		b64 := base64.StdEncoding.EncodeToString(docs[cur.Load()])
		var body []byte
		for i := 0; i < len(b64); i++ {
			body = append(body, b64[i])
			if i%5 == 0 {
				body = append(body, "\r\n \t"[i%4])
			}
		}
		answer := append(append([]byte("<Response><Status>1</Status><ResultList><Result>"), body...), "</Result></ResultList></Response>"...)
		f := w.(http.Flusher)
		for i := range answer {
			w.Write(answer[i : i+1])
			f.Flush()
		}
	}))
	defer srv.Close()
	cl, err := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var tl Tail
	var shown []hostdoc.Entry
	for i := range docs {
		cur.Store(int32(i))
		up, err := tl.Fetch(context.Background(), cl, Target{Config: "c", Task: "t"}, nil)
		if err != nil {
			t.Fatalf("poll %d: %v", i, err)
		}
		shown = append(shown[:up.Kept], up.New...)
		_, want, _ := hostdoc.ParseLog(docs[i])
		sameEntries(t, fmt.Sprintf("poll %d (%s)", i, summary(up)), shown, want)
		if i == 2 && !up.Reset {
			t.Fatalf("a rewrite in the middle passed unnoticed: %s", summary(up))
		}
	}
}
