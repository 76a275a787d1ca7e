package gateway

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// decodeErr decodes doc as a request (or a response when it starts so) and
// returns the *DecodeError.
func decodeErr(t *testing.T, doc string, lim Limits) *DecodeError {
	t.Helper()
	var err error
	if strings.Contains(doc, "<Response") {
		_, err = UnmarshalResponse([]byte(doc), lim)
	} else {
		_, err = UnmarshalRequest([]byte(doc), lim)
	}
	if err == nil {
		t.Fatalf("%q decoded without error", doc)
	}
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("%q: error %T %v is not a *DecodeError", doc, err, err)
	}
	return de
}

func TestCodecLimits(t *testing.T) {
	lim := Limits{MaxBytes: 1000, MaxElements: 6, MaxDepth: 4}
	args := strings.Repeat("<Argument>QQ==</Argument>", 3)
	cases := []struct {
		name   string
		doc    string
		want   error
		offset int64
		detail string
	}{
		{"size", "<Request><Function>f</Function>" + strings.Repeat(" ", 1000) + "</Request>", ErrTooLarge, 1000, "limit is 1000 bytes"},
		{"elements", "<Request><Function>f</Function><ArgList>" + args + args + "</ArgList></Request>", ErrTooManyElements, 115, "limit is 6 elements"},
		{"elements in unknown", "<Request><Function>f</Function><X/><X/><X/><X/><X/></Request>", ErrTooManyElements, 47, "limit is 6 elements"},
		{"depth", "<Request><Function>f</Function><A><B><C><D/></C></B></A></Request>", ErrTooDeep, 40, "<D> is nested deeper than the limit of 4 levels"},
		{"depth in list", "<Request><Function>f</Function><ArgList><Argument><x><y/></x></Argument></ArgList></Request>", ErrTooDeep, 53, "limit of 4"},
		{"doctype", "<!DOCTYPE Request><Request><Function>f</Function></Request>", ErrDoctype, 0, "DOCTYPE"},
		{"doctype lower case", "<?xml version=\"1.0\"?>\n<!doctype r [<!ENTITY a \"b\">]><Request/>", ErrDoctype, 22, "DOCTYPE"},
		{"doctype inside", "<Request><!DOCTYPE x><Function>f</Function></Request>", ErrDoctype, 9, "DOCTYPE"},
		{"billion laughs", billionLaughs, ErrDoctype, 22, "DOCTYPE"},
		{"bad base64 byte", "<Request><Function>f</Function><ArgList><Argument>QQ==</Argument><Argument> QU!D</Argument></ArgList></Request>", ErrBadBase64, 78, "<Argument> 2: byte '!' is not base64"},
		{"bad base64 padding", "<Request><Function>f</Function><ArgList><Argument>QUJ</Argument></ArgList></Request>", ErrBadBase64, 50, "wrong length or padding"},
		{"bad base64 padding bits", "<Request><Function>f</Function><ArgList><Argument>QR==</Argument></ArgList></Request>", ErrBadBase64, 50, "wrong length or padding"},
		{"base64 after padding, spaced", "<Request><Function>f</Function><ArgList><Argument>QQ== QUJD</Argument></ArgList></Request>", ErrBadBase64, 50, "wrong length or padding"},
		{"bad base64 gathered", "<Request><Function>f</Function><ArgList><Argument><![CDATA[Q!==]]></Argument></ArgList></Request>", ErrBadBase64, 40, "<Argument> 1 is not standard padded base64"},
		{"bad base64 result", "<Response><Status>1</Status><ResultList><Result>%%%%</Result></ResultList></Response>", ErrBadBase64, 48, "<Result> 1: byte '%'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			de := decodeErr(t, c.doc, lim)
			if !errors.Is(de, c.want) {
				t.Errorf("got %v, want %v", de, c.want)
			}
			if de.Offset != c.offset {
				t.Errorf("offset %d, want %d (%v)", de.Offset, c.offset, de)
			}
			if !strings.Contains(de.Error(), c.detail) {
				t.Errorf("error %q does not say %q", de, c.detail)
			}
		})
	}
}

// billionLaughs would expand to gigabytes in a parser that honours DTDs.
var billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Request><Function>&lol9;</Function></Request>`

func TestCodecZeroLimitsMeanUnlimited(t *testing.T) {
	doc := "<Request><Function>f</Function>" + strings.Repeat("<a>", 50) + strings.Repeat("</a>", 50) + "</Request>"
	if _, err := UnmarshalRequest([]byte(doc), Limits{}); err != nil {
		t.Errorf("zero limits: %v", err)
	}
	if _, err := UnmarshalRequest([]byte(doc), DefaultLimits()); !errors.Is(err, ErrTooDeep) {
		t.Errorf("default limits: %v, want ErrTooDeep", err)
	}
}

func TestCodecMalformed(t *testing.T) {
	cases := []struct {
		doc    string
		offset int64
		detail string
	}{
		{"", 0, "no <Request> element"},
		{"   \n", 4, "no <Request> element"},
		{"<Reply><Function>f</Function></Reply>", 0, "root element is <Reply>, want <Request>"},
		{"<Request/><Response/>", 0, "root element is <Request>, want <Response>"},
		{"<Request><Function>f</Function></Request><Request/>", 41, "more than one root element"},
		{"junk<Request/>", 0, "text outside the root element"},
		{"<Request><Function>f</Function></Request>x", 41, "text outside the root element"},
		{"<Request><Function>f</Function>", 31, "document ends inside <Request> (opened at byte 0)"},
		{"<Request><Function>f</Func></Request>", 20, "end tag </Func> does not match <Function> at byte 9"},
		{"</Request>", 0, "end tag </Request> without a start tag"},
		{"<Request><Function>f</Function></Request  x>", 42, "expected > to close </Request>"},
		{"<Request><Function>a&b</Function></Request>", 20, "& must start a reference"},
		{"<Request><Function>&lol;</Function></Request>", 19, "unknown entity &lol;"},
		{"<Request><Function>&#0;</Function></Request>", 19, "&#0; is not a valid XML character"},
		{"<Request><Function>&#x;</Function></Request>", 19, "&#x; is not a valid XML character"},
		{"<Request><Function>&#xD800;</Function></Request>", 19, "is not a valid XML character"},
		{"<Request><Function>&#99999999999;</Function></Request>", 19, "is not a valid XML character"},
		{"<Request><X a=1/></Request>", 14, "attribute a in <X> needs a quoted value"},
		{"<Request><X a/></Request>", 13, "attribute a in <X> has no =value"},
		{"<Request><X a='1'b='2'/></Request>", 17, "expected a space before an attribute"},
		{"<Request><X a='1/></Request>", 14, "attribute a in <X> is never closed"},
		{"<Request><X a='<'/></Request>", 15, "< in the value of attribute a"},
		{"<Request><X / ></Request>", 12, "expected /> in <X>"},
		{"<Request><X", 9, "document ends inside the tag <X>"},
		{"<Request>< X/></Request>", 10, "expected an element name"},
		{"<Request><1/></Request>", 10, "expected an element name"},
		{"<Request><!-- x </Request>", 9, "comment is never closed"},
		{"<Request><![CDATA[ x </Request>", 9, "CDATA section is never closed"},
		{"<![CDATA[x]]><Request/>", 0, "CDATA section outside the root element"},
		{"<Request><!ELEMENT x></Request>", 9, `unexpected markup "<!ELEMENT x>"`},
		{"<?xml version='1.0'", 0, "processing instruction is never closed"},
		{"<?xml version='1.0' encoding='ISO-8859-1'?><Request/>", 0, `encoding "iso-8859-1" is not supported; send UTF-8`},
		{"<?xml version='1.0' encoding=latin1?><Request/>", 0, "malformed encoding"},
		{"<Request><Function>f\x01</Function></Request>", 9, "<Function>: byte 1 of its text is not an XML character"},
		{"<Request><Function>\xff</Function></Request>", 9, "<Function>: byte 0"},
		{"<Request><Function>f</Function><ArgList><Argument name='\x02'>QQ==</Argument></ArgList></Request>", 50, "attribute name of <Argument>"},
		{"<Request><Function>f</Function><ArgList><Argument name='a' name='b'/></ArgList></Request>", 59, "attribute name given twice"},
		{"<Request><Session>s</Session></Request>", -1, "<Function> is missing or empty"},
		{"<Request><Function> \n </Function></Request>", -1, "<Function> is missing or empty"},
		{"<Response><StatusMessage>ok</StatusMessage></Response>", -1, "<Status> is missing"},
		{"<Response><Status>one</Status></Response>", -1, `<Status> "one" is not a number`},
		{"<Response><Status/></Response>", -1, `<Status> "" is not a number`},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%.40q", c.doc), func(t *testing.T) {
			de := decodeErr(t, c.doc, DefaultLimits())
			if !errors.Is(de, ErrMalformed) {
				t.Errorf("got %v, want ErrMalformed", de)
			}
			if de.Offset != c.offset {
				t.Errorf("offset %d, want %d (%v)", de.Offset, c.offset, de)
			}
			if !strings.Contains(de.Error(), c.detail) {
				t.Errorf("error %q does not say %q", de, c.detail)
			}
		})
	}
}

func TestDecodeErrorText(t *testing.T) {
	e := &DecodeError{Offset: 12, Detail: "limit is 4 levels", Err: ErrTooDeep}
	if got, want := e.Error(), "document exceeds the nesting limit at byte 12: limit is 4 levels"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	e = &DecodeError{Offset: -1, Detail: "<Status> is missing", Err: ErrMalformed}
	if got, want := e.Error(), "malformed document: <Status> is missing"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, s := range []error{ErrTooLarge, ErrTooManyElements, ErrTooDeep, ErrDoctype, ErrBadBase64} {
		if errors.Is(&DecodeError{Err: ErrMalformed}, s) {
			t.Errorf("ErrMalformed matches %v", s)
		}
	}
}

// A body reader that fails with io.ErrUnexpectedEOF (net/http's answer to
// a truncated chunked body) must not pass for a complete document.
func TestReadBodyKeepsTruncationErrors(t *testing.T) {
	r := io.MultiReader(strings.NewReader("<Response><Status>1</Status>"), iotest.ErrReader(io.ErrUnexpectedEOF))
	if _, err := ReadBody(r, 1<<20); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("ReadBody of a truncated body: err = %v, want io.ErrUnexpectedEOF", err)
	}
	got, err := ReadBody(strings.NewReader("<Response/>"), 1<<20)
	if err != nil || string(got) != "<Response/>" {
		t.Fatalf("ReadBody of a whole body = %q, %v", got, err)
	}
}
