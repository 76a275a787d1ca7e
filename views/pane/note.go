package pane

import (
	"bytes"
	"strings"
)

// The note an edit-again opens beside the operator's version: the host's
// change as a comment at the top of the document, taken out again when
// the editor returns, so it never reaches the host.
const (
	noteStart = "<!-- dpconsole: the host's version changed while you were editing. Its change is below;\n" +
		"     this note is removed when you save.\n"
	noteEnd = "     end of dpconsole's note -->\n"
)

// WithHostChange returns mine with the host's change (a unified diff) as
// a note at the top, where the editor opens, after an XML declaration if
// there is one (nothing may come before that).
func WithHostChange(mine []byte, change string) []byte {
	// "--" may not appear inside an XML comment: the diff's markers are
	// shown with a look-alike.
	change = strings.ReplaceAll(change, "--", "‐‐")
	var note bytes.Buffer
	note.WriteString(noteStart)
	for _, l := range strings.Split(strings.TrimRight(change, "\n"), "\n") {
		note.WriteString("     " + l + "\n")
	}
	note.WriteString(noteEnd)
	at := 0
	if bytes.HasPrefix(bytes.TrimLeft(mine, " \t\r\n"), []byte("<?xml")) {
		if end := bytes.Index(mine, []byte("?>")); end >= 0 {
			at = end + 2
			if at < len(mine) && mine[at] == '\n' {
				at++
			}
		}
	}
	var b bytes.Buffer
	b.Write(mine[:at])
	if at > 0 && mine[at-1] != '\n' {
		b.WriteByte('\n')
	}
	b.Write(note.Bytes())
	b.Write(mine[at:])
	return b.Bytes()
}

// StripNote takes the note out of what the editor returned, if it is
// still there whole.
func StripNote(data []byte) []byte {
	i := bytes.Index(data, []byte(noteStart))
	if i < 0 {
		return data
	}
	j := bytes.Index(data[i:], []byte(noteEnd))
	if j < 0 {
		return data
	}
	return append(append([]byte{}, data[:i]...), data[i+j+len(noteEnd):]...)
}
