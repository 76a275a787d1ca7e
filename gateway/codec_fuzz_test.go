package gateway

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// fuzzLimits are tight, so the fuzzer reaches every limit quickly.
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxElements: 40, MaxDepth: 5}

// addSeeds adds the golden documents whose names start with prefix, and
// hand-made edge cases, to the fuzz corpus.
func addSeeds(f *testing.F, prefix string) {
	files, err := filepath.Glob(filepath.Join(codecDir, prefix+"*.xml"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed documents in %s (%v)", codecDir, err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	root := "Request"
	if prefix == "response" {
		root = "Response"
	}
	for _, s := range []string{
		billionLaughs,
		"<" + root + "><Status>1</Status><Function>f</Function><ArgList><Argument name='a&amp;b'>QU JD\r\n</Argument></ArgList>" +
			"<ResultList><Result><![CDATA[QQ==]]></Result></ResultList></" + root + ">",
		"<" + root + "><a><b><c><d><e><f/></e></d></c></b></a></" + root + ">",
		"<" + root + ">&#x1F600;&lt;&#0;&bogus;</" + root + ">",
		"<?xml version='1.0' encoding='latin1'?><" + root + "/>",
		"<" + root + "><Function>f</Function><ArgList><Argument>QQ== QQ==</Argument></ArgList></" + root + ">",
		"<" + root,
		"",
	} {
		f.Add([]byte(s))
	}
}

func FuzzDecodeRequest(f *testing.F) {
	addSeeds(f, "request")
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := UnmarshalRequest(data, fuzzLimits)
		checkDecodeError(t, data, err)
		if err != nil {
			return
		}
		checkLimitsHeld(t, data)
		size := len(req.Session) + len(req.Function) + argsSize(req.Args)
		if size > len(data) {
			t.Fatalf("decoded %d bytes from a %d-byte document", size, len(data))
		}
		doc, err := req.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		again, err := UnmarshalRequest(doc, Limits{})
		if err != nil {
			t.Fatalf("re-encoded request does not decode: %v\n%s", err, doc)
		}
		if again.Session != req.Session || again.Function != req.Function || !sameArgs(again.Args, req.Args) {
			t.Fatalf("re-encoding changed the request:\n got %+v\nwant %+v", again, req)
		}
	})
}

func FuzzDecodeResponse(f *testing.F) {
	addSeeds(f, "response")
	f.Fuzz(func(t *testing.T, data []byte) {
		resp, err := UnmarshalResponse(data, fuzzLimits)
		checkDecodeError(t, data, err)
		if err != nil {
			return
		}
		checkLimitsHeld(t, data)
		if size := len(resp.Message) + argsSize(resp.Results); size > len(data) {
			t.Fatalf("decoded %d bytes from a %d-byte document", size, len(data))
		}
		doc, err := resp.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		again, err := UnmarshalResponse(doc, Limits{})
		if err != nil {
			t.Fatalf("re-encoded response does not decode: %v\n%s", err, doc)
		}
		if again.Status != resp.Status || again.Message != resp.Message || !sameArgs(again.Results, resp.Results) {
			t.Fatalf("re-encoding changed the response:\n got %+v\nwant %+v", again, resp)
		}
	})
}

func argsSize(args []Arg) int {
	n := 0
	for _, a := range args {
		n += len(a.Name) + len(a.Value)
	}
	return n
}

// checkDecodeError: every failure is a *DecodeError wrapping exactly one of
// the sentinels, pointing inside the document; and a document one byte over
// the size limit is refused before it is read.
func checkDecodeError(t *testing.T, data []byte, err error) {
	t.Helper()
	if len(data) > 1 { // a limit of 0 means none
		_, tooLarge := UnmarshalRequest(data, Limits{MaxBytes: int64(len(data) - 1)})
		if !errors.Is(tooLarge, ErrTooLarge) {
			t.Fatalf("a %d-byte document under a %d-byte limit gave %v", len(data), len(data)-1, tooLarge)
		}
	}
	if err == nil {
		return
	}
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %T %v is not a *DecodeError", err, err)
	}
	known := 0
	for _, s := range []error{ErrTooLarge, ErrTooManyElements, ErrTooDeep, ErrDoctype, ErrBadBase64, ErrMalformed} {
		if errors.Is(err, s) {
			known++
		}
	}
	if known != 1 {
		t.Fatalf("error %v matches %d sentinels, want 1", err, known)
	}
	if de.Offset < -1 || de.Offset > int64(len(data)) || de.Detail == "" {
		t.Fatalf("error %v has offset %d for a %d-byte document", err, de.Offset, len(data))
	}
}

// checkLimitsHeld asks encoding/xml, where it also accepts the document,
// how many elements and how deep it is, and checks that a document the
// codec accepted is within the limits.
func checkLimitsHeld(t *testing.T, data []byte) {
	t.Helper()
	if bytes.Contains(bytes.ToUpper(data), []byte("<!DOCTYPE")) {
		t.Fatal("a document with a DOCTYPE was accepted")
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(string, io.Reader) (io.Reader, error) { return nil, errors.New("no charsets") }
	elements, depth, maxDepth := 0, 0, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return // encoding/xml refuses it: no second opinion
		}
		switch tok.(type) {
		case xml.StartElement:
			elements++
			depth++
			maxDepth = max(maxDepth, depth)
		case xml.EndElement:
			depth--
		}
	}
	if elements > fuzzLimits.MaxElements || maxDepth > fuzzLimits.MaxDepth {
		t.Fatalf("accepted %d elements %d deep, over the limits %+v", elements, maxDepth, fuzzLimits)
	}
}
