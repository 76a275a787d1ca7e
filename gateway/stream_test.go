package gateway

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// streamAll decodes data with every result streamed into its own buffer.
func streamAll(data []byte, lim Limits, hold int, maxStream int64) (*Response, []*bytes.Buffer, error) {
	var bufs []*bytes.Buffer
	resp, err := DecodeResponseStream(bytes.NewReader(data), StreamOptions{Limits: lim, Hold: hold, MaxStream: maxStream,
		Stream: func(i int) io.Writer {
			for len(bufs) <= i {
				bufs = append(bufs, nil)
			}
			bufs[i] = &bytes.Buffer{}
			return bufs[i]
		}})
	return resp, bufs, err
}

// sameAsWhole checks the streaming decoder against UnmarshalResponse:
// both refuse, or both accept with the same status, message and results.
// A refusal for markup inside a streamed result (ErrNotPlain) is the one
// allowed difference.
func sameAsWhole(t *testing.T, data []byte, lim Limits, hold int) {
	t.Helper()
	whole, werr := UnmarshalResponse(data, lim)
	resp, bufs, serr := streamAll(data, lim, hold, 0)
	if errors.Is(serr, ErrNotPlain) {
		return
	}
	if (werr == nil) != (serr == nil) {
		t.Fatalf("whole body: %v; stream: %v\n%q", werr, serr, clip(data, 300))
	}
	if werr != nil {
		return
	}
	if resp.Status != whole.Status || resp.Message != whole.Message || len(resp.Results) != len(whole.Results) {
		t.Fatalf("stream %+v, whole %+v", resp, whole)
	}
	for i, r := range whole.Results {
		got := []byte{}
		if i < len(bufs) && bufs[i] != nil {
			got = bufs[i].Bytes()
		}
		if resp.Results[i].Name != r.Name || resp.Results[i].Value != nil || !bytes.Equal(got, r.Value) {
			t.Fatalf("result %d: stream %q=%q, whole %q=%q", i, resp.Results[i].Name, got, r.Name, r.Value)
		}
	}
}

func TestStreamAgreesOnGoldenAndEdgeDocuments(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(codecDir, "response*.xml"))
	if len(files) == 0 {
		t.Fatal("no golden responses")
	}
	var docs [][]byte
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, data)
	}
	big := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("log line\n"), 5000))
	for _, s := range []string{
		"<Response><Status>1</Status><ResultList><Result name='a&amp;b'>QU JD\r\n</Result><Result/><Result>" + big + "</Result></ResultList></Response>",
		"<?xml version='1.0'?>\n<!-- <Result>QUJD</Result> --><Response><Status>1</Status><ResultList><Result><![CDATA[QQ==]]></Result></ResultList></Response>",
		"<Response><Status>1</Status><ResultList><Result>QUJD<!-- x -->QUJD</Result></ResultList></Response>",
		"<Response><Status>1</Status><ResultList><Result>QUJD&#x51;UJD</Result></ResultList></Response>",
		"<Response><Status>1</Status><ResultList><Result>QQ==QQ==</Result></ResultList></Response>",
		"<Response><Status>1</Status><ResultList><Result>QUJ</Result></ResultList></Response>",
		"<Response><Status>1</Status><ResultList><Result>" + big + "</Result></ResultList>",
		"<Response><Status>1</Status><ResultList><Result>" + big + "</Resul></ResultList></Response>",
		"<dp:Response><Status>1</Status><dp:ResultList><dp:Result a=\"/>\">" + big + "</dp:Result></dp:ResultList></dp:Response>",
		"<Response><Status>1</Status><x><ResultList><Result>" + big + "</Result></ResultList></x></Response>",
		"<Response><Status>1</Status><ResultList><Result>" + big + "</Result></ResultList></Response><Response/>",
		"<!DOCTYPE x><Response><Status>1</Status></Response>",
		"<Response><Status>1</Status><ResultList><Result>QUJD",
		"",
	} {
		docs = append(docs, []byte(s))
	}
	for _, d := range docs {
		for _, hold := range []int{1, 7, 64, DefaultHold} {
			sameAsWhole(t, d, DefaultLimits(), hold)
			sameAsWhole(t, d, fuzzLimits, hold)
		}
	}
}

func TestStreamResultPastTheBodyLimit(t *testing.T) {
	payload := bytes.Repeat([]byte("0123456789abcdef"), 256<<10) // 4 MiB
	doc, _ := (&Response{Status: StatusOK, Results: []Arg{{Value: payload}, Text("small")}}).Marshal()
	lim := Limits{MaxBytes: 1 << 20, MaxElements: 100, MaxDepth: 8}
	if _, err := UnmarshalResponse(doc, lim); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("whole body: %v, want too large", err)
	}
	var got bytes.Buffer
	resp, err := DecodeResponseStream(bytes.NewReader(doc), StreamOptions{Limits: lim, MaxStream: 8 << 20,
		Stream: func(i int) io.Writer {
			if i == 0 {
				return &got
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), payload) || resp.Results[0].Value != nil || string(resp.Results[1].Value) != "small" {
		t.Fatalf("streamed %d bytes, results %d", got.Len(), len(resp.Results))
	}
	// The streamed result has its own limit.
	_, err = DecodeResponseStream(bytes.NewReader(doc), StreamOptions{Limits: lim, MaxStream: 1 << 20,
		Stream: func(int) io.Writer { return io.Discard }})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "limit for this result") {
		t.Fatalf("over MaxStream: %v", err)
	}
	// So has a small one, held rather than streamed.
	_, err = DecodeResponseStream(bytes.NewReader(doc), StreamOptions{Limits: lim, MaxStream: 4,
		Stream: func(i int) io.Writer { return io.Discard }, Hold: 64 << 20})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("a held result over MaxStream: %v", err)
	}
	// A result not streamed keeps the body limit.
	if _, err := DecodeResponseStream(bytes.NewReader(doc), StreamOptions{Limits: lim}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("not streamed: %v", err)
	}
}

// countingReader counts what is read from it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// endless repeats its pattern without end.
type endless struct {
	head, pattern []byte
	i             int
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(e.head) > 0 {
			c := copy(p[n:], e.head)
			e.head = e.head[c:]
			n += c
			continue
		}
		c := copy(p[n:], e.pattern[e.i:])
		e.i = (e.i + c) % len(e.pattern)
		n += c
	}
	return n, nil
}

func TestStreamRefusesEndlessAnswersEarly(t *testing.T) {
	head := []byte("<Response><Status>1</Status><ResultList><Result>")
	for _, c := range []struct {
		name    string
		pattern string
		want    error
	}{
		{"white space", " \n", ErrTooLarge},
		{"base64", "QUJD", ErrTooLarge},
		{"envelope text", "x", ErrTooLarge},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := head
			if c.name == "envelope text" {
				h = []byte("<Response><StatusMessage>")
			}
			r := &countingReader{r: &endless{head: h, pattern: []byte(c.pattern)}}
			_, err := DecodeResponseStream(r, StreamOptions{Limits: Limits{MaxBytes: 1 << 20}, MaxStream: 4 << 20,
				Stream: func(int) io.Writer { return io.Discard }})
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if r.n > 8<<20 {
				t.Fatalf("read %d bytes before refusing", r.n)
			}
		})
	}
}

func TestStreamRefusesMarkupPastTheHold(t *testing.T) {
	big := base64.StdEncoding.EncodeToString(make([]byte, 300))
	doc := "<Response><Status>1</Status><ResultList><Result>" + big + "<!-- x -->QUJD</Result></ResultList></Response>"
	if _, _, err := streamAll([]byte(doc), DefaultLimits(), 100, 0); !errors.Is(err, ErrNotPlain) {
		t.Fatalf("err = %v, want ErrNotPlain", err)
	}
	// Under the hold it is decoded as a whole body would.
	sameAsWhole(t, []byte(doc), DefaultLimits(), 1000)
}

func TestStreamWriterErrorEndsTheDecode(t *testing.T) {
	doc, _ := (&Response{Status: StatusOK, Results: []Arg{{Value: make([]byte, 1<<20)}}}).Marshal()
	stop := errors.New("enough")
	_, err := DecodeResponseStream(bytes.NewReader(doc), StreamOptions{Limits: DefaultLimits(),
		Stream: func(int) io.Writer { return failWriter{stop} }})
	if err != stop {
		t.Fatalf("err = %v, want the writer's", err)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func FuzzDecodeResponseStream(f *testing.F) {
	addSeeds(f, "response")
	f.Add([]byte("<Response><Status>1</Status><ResultList><Result>QUJDRA==</Result><Result>QU JD</Result></ResultList></Response>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, hold := range []int{1, 5, 64} {
			sameAsWhole(t, data, fuzzLimits, hold)
		}
	})
}
