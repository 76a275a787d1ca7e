package common

import (
	"strings"
	"testing"
)

func TestCheckXML(t *testing.T) {
	ok := []string{`<Script/>`, "<?xml version=\"1.0\"?>\n<a><b>x</b></a>\n", `<!-- c --><a/>`}
	for _, s := range ok {
		if err := CheckXML("doc", []byte(s)); err != nil {
			t.Errorf("CheckXML(%q) = %v, want nil", s, err)
		}
	}
	bad := map[string]string{
		"/tmp/machines/host-a.xml": "text outside",
		"key: value\nother: 1\n":   "text outside",
		"":                         "empty",
		"<a>":                      "not well-formed",
		"<a></b>":                  "not well-formed",
		"<a/><b/>":                 "2 root elements",
		`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`: "DOCTYPE",
		strings.Repeat(" ", MaxXMLArg+1):           "limit",
	}
	for in, want := range bad {
		err := CheckXML("doc", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckXML(%.40q) = %v, want it to say %q", in, err, want)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 fingerprints", 1: "1 fingerprint", 2: "2 fingerprints"} {
		if got := Count(n, "fingerprint"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
