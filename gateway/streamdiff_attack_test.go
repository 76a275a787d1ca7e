package gateway

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// Differential attack on the streamed decode: random structural mutations
// (tags, quotes, comments, CDATA, references, white space, namespaces) of
// answers whose result passes a tiny hold, checked against the whole-body
// decoder: both refuse, or both give the same results.
func TestAttackStreamAgreesUnderMutation(t *testing.T) {
	seeds := []string{
		"<Response><Status>1</Status><StatusMessage>OK</StatusMessage><ResultList><Result name=\"a\">QUJDREVGR0hJSktM</Result><Result>TU5P UFFS\n</Result></ResultList></Response>",
		"<?xml version=\"1.0\"?><dp:Response xmlns:dp=\"u\"><dp:Status>1</dp:Status><dp:ResultList><dp:Result>QUJDREVGR0hJSktM</dp:Result></dp:ResultList></dp:Response>",
		"<Response><ResultList><Result>QUJDREVGR0hJSktMTU5PUA==</Result></ResultList><Status>1</Status></Response>",
	}
	bits := []string{"<", ">", "/", "\"", "'", "=", " ", "\n", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#65;", "&#x51;",
		"</Result>", "<Result>", "<Result/>", "</ResultList>", "<ResultList>", "<x:Result>", "</x:Result>", "QUJD", "==", "?>", "<?x ", "</Response>", "\r"}
	rnd := rand.New(rand.NewPCG(11, 13))
	n := streamMutations
	if testing.Short() {
		n = 5_000
	}
	for i := range n {
		s := seeds[rnd.IntN(len(seeds))]
		for range 1 + rnd.IntN(3) {
			at := rnd.IntN(len(s) + 1)
			switch rnd.IntN(3) {
			case 0: // insert
				s = s[:at] + bits[rnd.IntN(len(bits))] + s[at:]
			case 1: // delete a few bytes
				s = s[:at] + s[min(len(s), at+1+rnd.IntN(4)):]
			default: // replace one byte
				if at < len(s) {
					b := bits[rnd.IntN(len(bits))]
					s = s[:at] + b[:1] + s[at+1:]
				}
			}
		}
		data := []byte(s)
		for _, hold := range []int{1, 4, 9} {
			t.Run("", func(t *testing.T) {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic %v on %q", r, s)
					}
				}()
				sameAsWhole(t, data, DefaultLimits(), hold)
			})
			if t.Failed() {
				t.Fatalf("iteration %d, hold %d: %q", i, hold, strings.ToValidUTF8(s, "?"))
			}
		}
	}
}
