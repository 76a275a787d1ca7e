package engine

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"time"

	"dpconsole/atomicfile"
	"dpconsole/gateway/hostdoc"
)

// logStream is a log kept in memory (the newest entries) and on disk as
// one <Entry> per line. Appends are not fsynced; when the file holds a
// quarter more lines than are kept, it is rewritten atomically with the
// kept ones, so it never grows without bound. The entries are also kept
// encoded as a log document's lines and those lines in base64, both
// extended as entries are added, so an answer is sent as it is kept
// instead of encoding a large log on every call (docs/protocol.md §11).
type logStream struct {
	path    string
	started time.Time // agent logs only
	entries []hostdoc.Entry
	enc     []byte // "  <Entry ...>...</Entry>\n" for each entry, as MarshalTaskLog writes them
	offs    []int  // where each entry's line starts in enc
	lines   int    // lines in the file
	// b64 is enc[:b64n] in base64, b64n the largest multiple of 3 that
	// enc holds. Bytes of b64 are never changed once written (a trim makes
	// a new array), so an answer may send a slice of it after the lock.
	b64  []byte
	b64n int
}

// slack is how far a log may grow past keep before it is trimmed.
func slack(keep int) int { return max(keep/4, 16) }

// loadLog reads a log file, skipping lines that do not parse (a torn last
// line after a crash). A torn file is rewritten so later appends start on
// a fresh line.
func loadLog(path string, keep int) (*logStream, error) {
	l := &logStream{path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, err
	}
	torn := len(data) > 0 && data[len(data)-1] != '\n'
	// Only the newest keep+slack lines can stay: skip parsing the rest.
	total := bytes.Count(data, []byte{'\n'})
	if torn {
		total++
	}
	skip := total - (keep + slack(keep))
	n := min(total, keep+slack(keep))
	l.entries, l.offs = make([]hostdoc.Entry, 0, n), make([]int, 0, n)
	l.enc = make([]byte, 0, len(data)+3*n)
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		l.lines++
		if l.lines <= skip {
			continue
		}
		e, plain, err := hostdoc.ParseEntryLine(line)
		switch {
		case err != nil:
			torn = true
		case plain: // served as it is: no need to encode it again
			l.entries = append(l.entries, e)
			l.offs = append(l.offs, len(l.enc))
			l.enc = append(append(append(l.enc, "  "...), bytes.TrimSpace(line)...), '\n')
		default:
			l.push(e)
		}
	}
	l.trimMemory(keep)
	l.extendB64()
	if torn || l.lines > keep+slack(keep) {
		if err := l.compact(keep); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// push appends an entry in memory, encoded too.
func (l *logStream) push(e hostdoc.Entry) {
	l.entries = append(l.entries, e)
	l.offs = append(l.offs, len(l.enc))
	l.enc = append(l.enc, "  "...)
	l.enc = hostdoc.AppendEntry(l.enc, e)
}

// extendB64 encodes what enc gained since the last call, up to a multiple
// of 3 bytes, so the base64 texts join.
func (l *logStream) extendB64() {
	if end := len(l.enc) - len(l.enc)%3; end > l.b64n {
		l.b64 = base64.StdEncoding.AppendEncode(l.b64, l.enc[l.b64n:end])
		l.b64n = end
	}
}

// add appends one entry.
func (l *logStream) add(e hostdoc.Entry, keep int) error {
	l.push(e)
	l.trimMemory(keep)
	l.extendB64()
	l.lines++
	if l.lines > keep+slack(keep) {
		return l.compact(keep)
	}
	// The file's line is the encoded one without its indent.
	return atomicfile.Append(l.path, l.enc[l.offs[len(l.offs)-1]+2:], permDoc)
}

// trimMemory drops the oldest entries past keep, in batches so that the
// copy is rare.
func (l *logStream) trimMemory(keep int) {
	if len(l.entries) > keep+slack(keep) {
		l.keepNewest(keep)
	}
}

// keepNewest keeps only the newest keep entries, in fresh arrays.
func (l *logStream) keepNewest(keep int) {
	drop := max(len(l.entries)-keep, 0)
	l.entries = append([]hostdoc.Entry(nil), l.entries[drop:]...)
	l.b64, l.b64n = nil, 0 // a new enc: encoded afresh
	defer l.extendB64()
	if drop == len(l.offs) {
		l.enc, l.offs = nil, nil
		return
	}
	cut := l.offs[drop]
	l.enc = append([]byte(nil), l.enc[cut:]...)
	offs := make([]int, len(l.offs)-drop)
	for i, o := range l.offs[drop:] {
		offs[i] = o - cut
	}
	l.offs = offs
}

// kept returns the entries served, oldest first: the newest keep, and up
// to slack(keep) more. The oldest are dropped in batches, as a log is
// rotated, not one per new entry: so a log served twice is most often the
// first answer with entries added, and a client parses only those
// (docs/protocol.md §11).
func (l *logStream) kept(int) []hostdoc.Entry { return l.entries }

// keptEnc returns the encoded lines of kept(keep).
func (l *logStream) keptEnc(int) []byte { return l.enc }

// document returns the log document: empty is the document with no
// entries (from MarshalTaskLog or MarshalAgentLog), whose end tag the
// kept lines are put before. Its first line is padded with spaces to a
// multiple of 3 bytes, so the kept base64 of the lines joins it (encoded).
func (l *logStream) document(empty []byte, keep int) []byte {
	head, foot := splitEmpty(empty)
	lines := l.keptEnc(keep)
	doc := make([]byte, 0, len(head)+len(lines)+len(foot))
	doc = append(doc, head...)
	doc = append(doc, lines...)
	return append(doc, foot...)
}

// encoded returns document(empty, keep) in base64, in pieces: the head,
// the kept base64 of the lines, and the rest (the lines' last bytes and
// the end tag). Only the first and last are encoded on each call.
func (l *logStream) encoded(empty []byte) [][]byte {
	head, foot := splitEmpty(empty)
	rest := append(append([]byte(nil), l.enc[l.b64n:]...), foot...)
	enc := base64.StdEncoding
	return [][]byte{enc.AppendEncode(nil, head), l.b64[:len(l.b64):len(l.b64)], enc.AppendEncode(nil, rest)}
}

// splitEmpty cuts an empty log document before its end tag, padding the
// head's line with spaces to a multiple of 3 bytes.
func splitEmpty(empty []byte) (head, foot []byte) {
	i := bytes.LastIndex(empty, []byte("</"))
	head, foot = empty[:i:i], empty[i:]
	if pad := (3 - len(head)%3) % 3; pad > 0 {
		nl := bytes.LastIndexByte(head, '\n')
		if nl < 0 {
			nl = len(head)
		}
		padded := append(append(append(make([]byte, 0, len(head)+pad), head[:nl]...), "  "[:pad]...), head[nl:]...)
		head = padded
	}
	return head, foot
}

// compact rewrites the file with the kept entries only.
func (l *logStream) compact(keep int) error {
	l.keepNewest(keep)
	buf := make([]byte, 0, len(l.enc))
	for i := range l.offs {
		end := len(l.enc)
		if i+1 < len(l.offs) {
			end = l.offs[i+1]
		}
		buf = append(buf, l.enc[l.offs[i]+2:end]...)
	}
	if err := atomicfile.WriteFile(l.path, buf, permDoc); err != nil {
		return err
	}
	l.lines = len(l.entries)
	return nil
}

// reset empties the log (taskReset).
func (l *logStream) reset() error {
	l.entries, l.enc, l.offs, l.lines, l.b64, l.b64n = nil, nil, nil, 0, nil, 0
	return atomicfile.WriteFile(l.path, nil, permDoc)
}
