package gateway

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"pgregory.net/rapid"
)

// xmlRune draws any character XML can carry, often one that needs escaping.
var xmlRune = rapid.OneOf(
	rapid.RuneFrom([]rune{'&', '<', '>', '"', '\'', ';', '#', '\t', '\n', '\r', ' ', '=', 'é', '€', '😀', 0xFFFD, 0x10FFFF}),
	rapid.RuneFrom(nil, unicode.L, unicode.P, unicode.S, unicode.Z),
	rapid.Rune().Filter(isXMLChar),
)

var xmlText = rapid.StringOf(xmlRune)

// trimmedText is text as a decoder gives it back: no white space at the ends.
var trimmedText = rapid.Custom(func(t *rapid.T) string { return trimXMLSpace(xmlText.Draw(t, "text")) })

var argGen = rapid.Custom(func(t *rapid.T) Arg {
	return Arg{Name: xmlText.Draw(t, "name"), Value: rapid.SliceOfN(rapid.Byte(), 0, 600).Draw(t, "value")}
})

var requestGen = rapid.Custom(func(t *rapid.T) *Request {
	return &Request{
		Session:  trimmedText.Draw(t, "session"),
		Function: trimmedText.Filter(func(s string) bool { return s != "" }).Draw(t, "function"),
		Args:     rapid.SliceOfN(argGen, 0, 12).Draw(t, "args"),
	}
})

var responseGen = rapid.Custom(func(t *rapid.T) *Response {
	return &Response{
		Status:  Status(rapid.Int().Draw(t, "status")),
		Message: trimmedText.Draw(t, "message"),
		Results: rapid.SliceOfN(argGen, 0, 12).Draw(t, "results"),
	}
})

func TestCodecRoundTripRequest(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := requestGen.Draw(t, "request")
		doc, err := want.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		var streamed bytes.Buffer
		if err := want.Encode(&streamed); err != nil || !bytes.Equal(streamed.Bytes(), doc) {
			t.Fatalf("Encode differs from Marshal (err %v)", err)
		}
		got, err := UnmarshalRequest(doc, DefaultLimits())
		if err != nil {
			t.Fatalf("%v\n%s", err, doc)
		}
		if got.Session != want.Session || got.Function != want.Function || !sameArgs(got.Args, want.Args) {
			t.Fatalf("round trip changed the request:\n got %+v\nwant %+v\n doc %s", got, want, doc)
		}
	})
}

func TestCodecRoundTripResponse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := responseGen.Draw(t, "response")
		doc, err := want.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if want.EncodedLen() != len(doc) { // a host sends it as the Content-Length
			t.Fatalf("EncodedLen %d, the document is %d bytes:\n%s", want.EncodedLen(), len(doc), doc)
		}
		got, err := UnmarshalResponse(doc, DefaultLimits())
		if err != nil {
			t.Fatalf("%v\n%s", err, doc)
		}
		if got.Status != want.Status || got.Message != want.Message || !sameArgs(got.Results, want.Results) {
			t.Fatalf("round trip changed the response:\n got %+v\nwant %+v\n doc %s", got, want, doc)
		}
	})
}

// TestCodecDecodesAnyLayout writes a response the way other hosts might —
// declaration, comments, indentation, wrapped or spaced base64, CDATA,
// character references, single quotes, unknown elements — and checks it
// decodes to the same value as the compact form.
func TestCodecDecodesAnyLayout(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := responseGen.Draw(t, "response")
		var b strings.Builder
		ws := func(label string) {
			b.WriteString(rapid.SampledFrom([]string{"", " ", "\n  ", "\r\n\t"}).Draw(t, label))
		}
		if rapid.Bool().Draw(t, "decl") {
			b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		}
		b.WriteString("<!-- generated -->")
		ws("ws")
		b.WriteString("<Response>")
		ws("ws")
		if rapid.Bool().Draw(t, "unknown") {
			b.WriteString(`<Extra a="1"><Status>99</Status><Result>!!</Result></Extra>`)
		}
		b.WriteString("<Status>" + strconv.Itoa(int(want.Status)) + "</Status>")
		ws("ws")
		b.WriteString("<StatusMessage>" + charRefs(want.Message) + "</StatusMessage>")
		ws("ws")
		if len(want.Results) > 0 || rapid.Bool().Draw(t, "empty list") {
			b.WriteString("<ResultList>")
			for i, r := range want.Results {
				ws("ws")
				b.WriteString("<Result")
				if r.Name != "" {
					b.WriteString(" name='" + charRefs(r.Name) + "'")
				}
				b.WriteString(">")
				b.WriteString(layoutBase64(t, i, base64.StdEncoding.EncodeToString(r.Value)))
				b.WriteString("</Result>")
			}
			ws("ws")
			b.WriteString("</ResultList>")
		}
		b.WriteString("</Response>\n")
		got, err := UnmarshalResponse([]byte(b.String()), DefaultLimits())
		if err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		if got.Status != want.Status || got.Message != want.Message || !sameArgs(got.Results, want.Results) {
			t.Fatalf("got %+v\nwant %+v\n doc %s", got, want, b.String())
		}
	})
}

// charRefs writes every character as a numeric reference, which keeps
// white space and markup characters exactly.
func charRefs(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteString("&#x" + strconv.FormatInt(int64(r), 16) + ";")
	}
	return b.String()
}

// layoutBase64 breaks base64 text up in one of the ways the decoder accepts.
func layoutBase64(t *rapid.T, i int, enc string) string {
	switch rapid.IntRange(0, 5).Draw(t, "layout"+strconv.Itoa(i)) {
	case 1: // wrapped at 76 with CRLF, as MIME does
		var b strings.Builder
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		return b.String() + enc
	case 2: // indented on its own lines
		return "\n      " + enc + "\n    "
	case 3: // spaces and tabs anywhere
		var b strings.Builder
		for j := 0; j < len(enc); j++ {
			if rapid.IntRange(0, 7).Draw(t, "space") == 0 {
				b.WriteString(" \t")
			}
			b.WriteByte(enc[j])
		}
		return b.String()
	case 4: // CDATA pieces, comments and references
		mid := len(enc) / 2
		return "<![CDATA[" + enc[:mid] + "]]><!-- x -->" + strings.ReplaceAll(enc[mid:], "+", "&#43;")
	case 5:
		return "&#x20;" + strings.ReplaceAll(enc, "/", "&#x2F;")
	}
	return enc
}
