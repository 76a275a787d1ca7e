package engine

import (
	"bytes"
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
// encoded as a log document's lines, extended as entries are added, so an
// answer copies them instead of encoding a large log on every call.
type logStream struct {
	path    string
	started time.Time // agent logs only
	entries []hostdoc.Entry
	enc     []byte // "  <Entry ...>...</Entry>\n" for each entry, as MarshalTaskLog writes them
	offs    []int  // where each entry's line starts in enc
	lines   int    // lines in the file
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

// add appends one entry.
func (l *logStream) add(e hostdoc.Entry, keep int) error {
	l.push(e)
	l.trimMemory(keep)
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
// kept lines are put before.
func (l *logStream) document(empty []byte, keep int) []byte {
	i := bytes.LastIndex(empty, []byte("</"))
	lines := l.keptEnc(keep)
	doc := make([]byte, 0, len(empty)+len(lines))
	doc = append(doc, empty[:i]...)
	doc = append(doc, lines...)
	return append(doc, empty[i:]...)
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
	l.entries, l.enc, l.offs, l.lines = nil, nil, nil, 0
	return atomicfile.WriteFile(l.path, nil, permDoc)
}
