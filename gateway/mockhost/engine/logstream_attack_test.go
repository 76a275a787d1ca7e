package engine

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// The host keeps one lock over its logs: appends (trims, resets) under
// the write lock, an answer's pieces taken under the read lock and then
// sent after it. Answers taken while appends go on, with a small keep
// that trims often, odd entry lengths (every residue mod 3) and resets,
// must each decode to exactly the document of that moment. Run with
// -race: the kept base64 is sent after the lock while appends extend it.
func TestAttackEncodedAnswersDuringAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.log")
	keep := 20
	l, err := loadLog(path, keep)
	if err != nil {
		t.Fatal(err)
	}
	empty := hostdoc.MarshalTaskLog(&hostdoc.TaskLog{Config: "c", Task: "t"})
	var mu sync.RWMutex
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() { // the scheduler
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			mu.Lock()
			e := hostdoc.Entry{Time: t0.Add(time.Duration(i) * time.Second), Level: hostdoc.LevelInfo,
				Text: fmt.Sprintf("entry %d %s<&>", i, strings.Repeat("é", i%7))}
			if i%137 == 136 {
				err = l.reset()
			} else {
				err = l.add(e, keep)
			}
			mu.Unlock()
			if err != nil {
				t.Error(err)
				return
			}
		}
	}()
	type answer struct {
		pieces [][]byte
		want   []byte
	}
	var answers []answer
	for range 3000 {
		mu.RLock()
		pieces := l.encoded(empty)
		want := l.document(empty, keep)
		mu.RUnlock()
		answers = append(answers, answer{pieces, want})
		// Sent after the lock, as the dispatcher does: through the codec.
		var buf bytes.Buffer
		resp := &gateway.Response{Status: gateway.StatusOK, Message: "OK", Results: []gateway.Arg{{Encoded: pieces}}}
		if err := resp.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		got, err := gateway.UnmarshalResponse(buf.Bytes(), gateway.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Results[0].Value, want) {
			t.Fatalf("an answer decodes to\n%s\nwant\n%s", got.Results[0].Value, want)
		}
	}
	close(stop)
	wg.Wait()
	// And later, after many more appends: the pieces sent were not changed.
	for i, a := range answers {
		got, err := base64.StdEncoding.DecodeString(string(bytes.Join(a.pieces, nil)))
		if err != nil || !bytes.Equal(got, a.want) {
			t.Fatalf("answer %d changed after it was taken (%v)", i, err)
		}
		if _, _, err := hostdoc.ParseLog(got); err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
	}
}
