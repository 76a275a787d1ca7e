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
// kept ones, so it never grows without bound.
type logStream struct {
	path    string
	started time.Time // agent logs only
	entries []hostdoc.Entry
	lines   int // lines in the file
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
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		l.lines++
		e, err := hostdoc.ParseEntry(line)
		if err != nil {
			torn = true
			continue
		}
		l.entries = append(l.entries, e)
	}
	l.trimMemory(keep)
	if torn || l.lines > keep+slack(keep) {
		if err := l.compact(keep); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// add appends one entry.
func (l *logStream) add(e hostdoc.Entry, keep int) error {
	l.entries = append(l.entries, e)
	l.trimMemory(keep)
	l.lines++
	if l.lines > keep+slack(keep) {
		return l.compact(keep)
	}
	return atomicfile.Append(l.path, hostdoc.AppendEntry(nil, e), permDoc)
}

// trimMemory drops the oldest entries past keep, in batches so that the
// copy is rare.
func (l *logStream) trimMemory(keep int) {
	if len(l.entries) > keep+slack(keep) {
		l.entries = append([]hostdoc.Entry(nil), l.entries[len(l.entries)-keep:]...)
	}
}

// kept returns the newest keep entries, oldest first.
func (l *logStream) kept(keep int) []hostdoc.Entry {
	if len(l.entries) > keep {
		return l.entries[len(l.entries)-keep:]
	}
	return l.entries
}

// compact rewrites the file with the kept entries only.
func (l *logStream) compact(keep int) error {
	kept := l.kept(keep)
	var buf []byte
	for _, e := range kept {
		buf = hostdoc.AppendEntry(buf, e)
	}
	if err := atomicfile.WriteFile(l.path, buf, permDoc); err != nil {
		return err
	}
	l.entries = append([]hostdoc.Entry(nil), kept...)
	l.lines = len(kept)
	return nil
}

// reset empties the log (taskReset).
func (l *logStream) reset() error {
	l.entries, l.lines = nil, 0
	return atomicfile.WriteFile(l.path, nil, permDoc)
}
