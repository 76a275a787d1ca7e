package common

import "regexp"

// emptyElem is an element with nothing between its tags.
var emptyElem = regexp.MustCompile(`<([A-Za-z_][\w.-]*)((?:\s+[^<>]*?)?)></([A-Za-z_][\w.-]*)>`)

// SelfClose writes the empty elements encoding/xml marshals as
// <Schedule every="1m"></Schedule> as <Schedule every="1m"/>, as the
// documents operators write do, so a marshalled task reads (and diffs)
// like the rest of its document.
func SelfClose(doc []byte) []byte {
	return emptyElem.ReplaceAllFunc(doc, func(m []byte) []byte {
		g := emptyElem.FindSubmatch(m)
		if string(g[1]) != string(g[3]) {
			return m
		}
		return append(append(append([]byte("<"), g[1]...), g[2]...), "/>"...)
	})
}
