package gateway

import (
	"bytes"
	"encoding/base64"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/marshal")

// codecDir holds the golden documents, at the module root's testdata/.
const codecDir = "testdata"

func readGolden(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(codecDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

const sess = "6f1c2a9e4b7d4e0f8a3b5c6d7e8f9012"

var goldenRequests = map[string]*Request{
	"request-agentGetStatus.xml": {Session: sess, Function: "agentGetStatus"},
	"request-agentPing.xml":      {Function: "agentPing"},
	"request-hostOpenSession.xml": {Function: "hostOpenSession",
		Args: []Arg{Text("admin"), Named("prompt-1", "correct horse"), Named("prompt-2", "123456")}},
	"request-taskGetStatus.xml": {Session: sess, Function: "taskGetStatus",
		Args: []Arg{Text("production"), Text("protect-inbox")}},
	"request-tolerant.xml": {Session: "session & more", Function: "configSaveScript",
		Args: []Arg{Named(`a & <b> "c"`, "production"), Text("protect.xml"), Text("<Script/>"), Text("")}},
}

func wrappedPayload() []byte {
	b := make([]byte, 200)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

var goldenResponses = map[string]*Response{
	"response-agentGetStatus.xml": {Status: StatusOK, Message: StatusOK.Text(), Results: []Arg{
		Text("Active"), Text("Sertainty Data Protector"), Text("3.4.0"), Text("production"), Text("Active"), Text("Normal")}},
	"response-hostOpenSession-challenged.xml": {Status: StatusChallenged, Message: "Challenged",
		Results: []Arg{Named("prompt-1", "Password:"), Named("prompt-2", "One-time code:")}},
	"response-hostOpenSession-denied.xml": {Status: StatusDenied, Message: "Denied"},
	"response-taskGetStatus.xml": {Status: StatusOK, Message: StatusOK.Text(), Results: []Arg{
		Named("StartTime", "2026-11-29T09:00:00Z"), Named("EndTime", "2026-11-29T09:00:02Z"),
		Named("LastErrorTime", ""), Named("Status", "Waiting"), Named("Error", ""),
		Named("ExecCnt", "12"), Named("ErrorCnt", "0")}},
	"response-empty-resultlist.xml": {Status: StatusOK, Message: StatusOK.Text()},
	"response-wrapped-base64.xml": {Status: StatusOK, Message: "OK", Results: []Arg{
		{Name: "id-contents", Value: wrappedPayload()}, {Value: wrappedPayload()}}},
}

// sameArgs compares argument lists, taking nil and empty values as equal.
func sameArgs(a, b []Arg) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Value, b[i].Value) {
			return false
		}
	}
	return true
}

func TestCodecGoldenRequests(t *testing.T) {
	for name, want := range goldenRequests {
		t.Run(name, func(t *testing.T) {
			got, err := UnmarshalRequest(readGolden(t, name), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if got.Session != want.Session || got.Function != want.Function || !sameArgs(got.Args, want.Args) {
				t.Errorf("decoded\n %+v\nwant\n %+v", got, want)
			}
			checkMarshalGolden(t, name, got.Marshal)
		})
	}
}

func TestCodecGoldenResponses(t *testing.T) {
	for name, want := range goldenResponses {
		t.Run(name, func(t *testing.T) {
			got, err := UnmarshalResponse(readGolden(t, name), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != want.Status || got.Message != want.Message || !sameArgs(got.Results, want.Results) {
				t.Errorf("decoded\n %+v\nwant\n %+v", got, want)
			}
			checkMarshalGolden(t, name, got.Marshal)
		})
	}
}

// checkMarshalGolden compares what the codec writes for a decoded golden
// document with testdata/marshal/NAME; -update rewrites it.
func checkMarshalGolden(t *testing.T, name string, marshal func() ([]byte, error)) {
	t.Helper()
	out, err := marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(codecDir, "marshal", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./gateway -run Golden -update to create it)", err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("Marshal output differs from %s:\n got %s\nwant %s", path, out, want)
	}
}

func TestCodecMarshalExact(t *testing.T) {
	req := &Request{Session: "s<1>", Function: "configSaveID",
		Args: []Arg{Text("prod"), {Name: "a\"&\t\n\r", Value: []byte{0, 1, 2, 0xff}}}}
	got, _ := req.Marshal()
	want := `<Request><Session>s&lt;1&gt;</Session><Function>configSaveID</Function><ArgList>` +
		`<Argument>cHJvZA==</Argument><Argument name="a&quot;&amp;&#x9;&#xA;&#xD;">AAEC/w==</Argument></ArgList></Request>` + "\n"
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if cap(got) != len(got) {
		t.Errorf("Marshal allocated %d bytes for a %d-byte document; it should size it exactly", cap(got), len(got))
	}
	resp := &Response{Status: 502, Message: "bad\x01 \xff char\r\n"}
	got, _ = resp.Marshal()
	want = "<Response><Status>502</Status><StatusMessage>bad\uFFFD \uFFFD char&#xD;\n</StatusMessage></Response>\n"
	if string(got) != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// shortWriter accepts a few bytes at a time and fails after limit bytes.
type shortWriter struct {
	buf   bytes.Buffer
	limit int
	calls int
}

var errWriterFull = errors.New("writer full")

func (w *shortWriter) Write(p []byte) (int, error) {
	w.calls++
	if w.buf.Len()+len(p) > w.limit {
		return 0, errWriterFull
	}
	return w.buf.Write(p)
}

func TestCodecEncodeStreamsAndMatchesMarshal(t *testing.T) {
	payload := benchBytes(300<<10 + 7)
	req := &Request{Session: "s", Function: "sharedSaveID", Args: []Arg{Text("a.iic"), {Name: "id", Value: payload}}}
	want, _ := req.Marshal()
	w := &shortWriter{limit: 1 << 30}
	if err := req.Encode(w); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w.buf.Bytes(), want) {
		t.Fatal("Encode and Marshal disagree")
	}
	if w.calls < 5 {
		t.Errorf("Encode wrote a 400 kB document in %d writes; it should stream in chunks", w.calls)
	}
	resp := &Response{Status: 1, Message: "ok", Results: req.Args}
	want, _ = resp.Marshal()
	w = &shortWriter{limit: 1 << 30}
	if err := resp.Encode(w); err != nil || !bytes.Equal(w.buf.Bytes(), want) {
		t.Fatalf("Response Encode: err %v, same %v", err, bytes.Equal(w.buf.Bytes(), want))
	}
	if err := req.Encode(&shortWriter{limit: 100 << 10}); !errors.Is(err, errWriterFull) {
		t.Errorf("Encode to a failing writer returned %v, want its error", err)
	}
}

// TestCodecSendsEncodedValuesAsTheyAre: a result kept in base64 already
// (Arg.Encoded, in pieces) is sent as if its Value had been encoded, by
// Marshal and by Encode, with its size counted for EncodedLen.
func TestCodecSendsEncodedValuesAsTheyAre(t *testing.T) {
	payload := benchBytes(300<<10 + 7)
	b64 := []byte(base64.StdEncoding.EncodeToString(payload))
	plain := &Response{Status: 1, Results: []Arg{Text("x"), {Name: "log", Value: payload}}}
	want, _ := plain.Marshal()
	// Pieces at multiples of 4 characters: 12 bytes, 200 KiB, the rest.
	k := 4 * (200 << 10 / 4)
	kept := &Response{Status: 1, Results: []Arg{Text("x"), {Name: "log", Encoded: [][]byte{b64[:16], b64[16:k], b64[k:]}}}}
	if got, _ := kept.Marshal(); !bytes.Equal(got, want) {
		t.Fatal("Marshal of an encoded value differs from its plain value's")
	}
	w := &shortWriter{limit: 1 << 30}
	if err := kept.Encode(w); err != nil || !bytes.Equal(w.buf.Bytes(), want) {
		t.Fatalf("Encode of an encoded value: err %v, same %v", err, bytes.Equal(w.buf.Bytes(), want))
	}
	if kept.EncodedLen() != len(want) {
		t.Fatalf("EncodedLen %d, the document is %d bytes", kept.EncodedLen(), len(want))
	}
	if err := kept.Encode(&shortWriter{limit: 100 << 10}); !errors.Is(err, errWriterFull) {
		t.Errorf("Encode to a failing writer returned %v, want its error", err)
	}
}

// TestCodecLargeArgumentMemory checks the bound: a 50 MiB ID (8 MiB
// under -race) is encoded and decoded without holding more than about three
// copies of it. Allocation is measured, not time.
func TestCodecLargeArgumentMemory(t *testing.T) {
	const size = largeArgSize
	payload := benchBytes(size)
	req := &Request{Session: sess, Function: "configSaveID", Args: []Arg{Text("prod"), Text("big.iic"), {Value: payload}}}
	lim := DefaultLimits()
	lim.MaxBytes = 80 << 20

	var doc []byte
	allocated := allocatedBy(func() { doc, _ = req.Marshal() })
	if max := uint64(size * 14 / 10); allocated > max {
		t.Errorf("Marshal allocated %d bytes for a %d-byte payload, want at most %d", allocated, size, max)
	}
	if allocated = allocatedBy(func() { _ = req.Encode(discard{}) }); allocated > 1<<20 {
		t.Errorf("streaming Encode allocated %d bytes, want under 1 MiB", allocated)
	}
	var got *Request
	var err error
	allocated = allocatedBy(func() { got, err = UnmarshalRequest(doc, lim) })
	if err != nil {
		t.Fatal(err)
	}
	if max := uint64(size * 11 / 10); allocated > max {
		t.Errorf("UnmarshalRequest allocated %d bytes for a %d-byte payload, want at most %d", allocated, size, max)
	}
	if !bytes.Equal(got.Args[2].Value, payload) {
		t.Error("the payload did not survive the round trip")
	}
	var body []byte
	allocated = allocatedBy(func() { body, err = ReadBody(bytes.NewReader(doc), lim.MaxBytes) })
	if err != nil || !bytes.Equal(body, doc) {
		t.Fatalf("ReadBody: %v", err)
	}
	// Chunks add up to the body plus at most one part-filled 4 MiB chunk,
	// then one exact copy.
	if max := 2*int64(len(doc)) + 4<<20; int64(allocated) > max {
		t.Errorf("ReadBody allocated %d bytes for a %d-byte body, want at most %d", allocated, len(doc), max)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestReadBody(t *testing.T) {
	for _, n := range []int{0, 1, 4 << 10, 4<<10 + 1, 100_000} {
		data := benchBytes(n)
		got, err := ReadBody(bytes.NewReader(data), 100_000)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%d bytes: err %v, same %v", n, err, bytes.Equal(got, data))
		}
	}
	_, err := ReadBody(bytes.NewReader(make([]byte, 100_001)), 100_000)
	var de *DecodeError
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &de) || de.Offset != 100_000 {
		t.Errorf("over the limit: %v, want ErrTooLarge at byte 100000", err)
	}
	if got, err := ReadBody(strings.NewReader("abc"), 0); err != nil || string(got) != "abc" {
		t.Errorf("no limit: %q %v", got, err)
	}
	boom := errors.New("connection reset")
	if _, err := ReadBody(&failReader{err: boom}, 100); !errors.Is(err, boom) {
		t.Errorf("read error: %v, want %v", err, boom)
	}
}

type failReader struct{ err error }

func (r *failReader) Read([]byte) (int, error) { return 0, r.err }

func TestCodecTolerance(t *testing.T) {
	cases := map[string]*Response{
		"\xEF\xBB\xBF<Response><Status> 213 </Status><StatusMessage>\n  gone\n</StatusMessage></Response>": {Status: 213, Message: "gone"},
		"<Response><Status>1</Status></Response>":                                                          {Status: 1},
		"<Response><Status>1</Status><StatusMessage/><ResultList></ResultList></Response>":                 {Status: 1},
		"<Response><Status>-7</Status><StatusMessage>a\r\nb\rc&#xD;d</StatusMessage></Response>":           {Status: -7, Message: "a\nb\nc\rd"},
		"<Response ><Extra><Status>9</Status></Extra><Status\n>2</Status ><ResultList><Result name = \"p\tq\r\nr\">QQ==</Result><Result\n/></ResultList><ResultList><Result>Qg==</Result></ResultList></Response>": {
			Status: 2, Results: []Arg{Named("p q r", "A"), Text(""), Text("B")}},
		"<Response><Status>1</Status><ResultList><Result>QU JD\tRE\nVG</Result><Result>&#x20;QUJD&#10;</Result><Result><![CDATA[ Q\nU ]]>JD</Result></ResultList></Response>": {
			Status: 1, Results: []Arg{Text("ABCDEF"), Text("ABC"), Text("ABC")}},
	}
	for doc, want := range cases {
		got, err := UnmarshalResponse([]byte(doc), DefaultLimits())
		if err != nil {
			t.Errorf("%q: %v", doc, err)
			continue
		}
		if got.Status != want.Status || got.Message != want.Message || !sameArgs(got.Results, want.Results) {
			t.Errorf("%q:\n got %+v\nwant %+v", doc, got, want)
		}
	}
}

func TestResponseResult(t *testing.T) {
	r := goldenResponses["response-taskGetStatus.xml"]
	if v, ok := r.Result("ExecCnt"); !ok || string(v) != "12" {
		t.Errorf("Result(ExecCnt) = %q, %v", v, ok)
	}
	if _, ok := r.Result("missing"); ok {
		t.Error("Result(missing) found something")
	}
	if !reflect.DeepEqual(Named("n", "v"), Arg{Name: "n", Value: []byte("v")}) || Text("v").Name != "" {
		t.Error("Named/Text build the wrong Arg")
	}
}

// TestHugeStatusMessageIsCut: a host's megabyte of <StatusMessage> is
// kept cut at MaxMessage, on a character boundary, saying how long it was.
func TestHugeStatusMessageIsCut(t *testing.T) {
	msg := strings.Repeat("é", 512<<10) // 1 MiB, two bytes a character
	body, err := (&Response{Status: StatusDenied, Message: msg}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := UnmarshalResponse(body, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Message) > MaxMessage+64 || !utf8.ValidString(resp.Message) ||
		!strings.HasSuffix(resp.Message, "… (1048576 bytes in all)") {
		t.Fatalf("%d bytes, ending %q", len(resp.Message), resp.Message[max(0, len(resp.Message)-40):])
	}
	short, _ := (&Response{Status: StatusDenied, Message: "Denied"}).Marshal()
	if resp, err := UnmarshalResponse(short, DefaultLimits()); err != nil || resp.Message != "Denied" {
		t.Fatalf("%v %+v", err, resp)
	}
}
