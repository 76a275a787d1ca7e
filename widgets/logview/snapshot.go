package logview

import (
	"bufio"
	"io"
	"time"
)

// Snapshot is the log as shown at one moment (level filter applied),
// unaffected by later appends or resets, so a tea.Cmd can write it to a
// file while the view keeps tailing. Taking one copies no entries.
type Snapshot struct {
	st       store
	filtered []int32
	utc      bool
	loc      *time.Location
}

// Snapshot captures the shown entries for saving.
func (m *Model) Snapshot() Snapshot {
	s := Snapshot{st: m.st.snapshot(), utc: m.timeMode != TimeLocal, loc: m.loc}
	if m.filtered != nil {
		s.filtered = m.filtered[:len(m.filtered):len(m.filtered)]
	}
	return s
}

// Len returns the number of entries the snapshot will write.
func (s Snapshot) Len() int {
	if s.filtered != nil {
		return len(s.filtered)
	}
	return s.st.n
}

// WriteTo writes one line per entry: an RFC 3339 timestamp (UTC unless
// the view showed local time; "-" when the entry has none), the level
// label and the text as shown (control characters in their visible form).
func (s Snapshot) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 64<<10)
	var buf [64]byte
	for p, n := 0, s.Len(); p < n; p++ {
		e := p
		if s.filtered != nil {
			e = int(s.filtered[p])
		}
		it := s.st.at(e)
		if it.nanos == noTime {
			bw.WriteString("-")
		} else {
			t := time.Unix(0, it.nanos)
			if s.utc {
				t = t.UTC()
			} else {
				t = t.In(s.loc)
			}
			bw.Write(t.AppendFormat(buf[:0], time.RFC3339Nano))
		}
		bw.WriteByte(' ')
		bw.WriteString(it.level.label())
		bw.WriteByte(' ')
		bw.WriteString(it.text)
		if err := bw.WriteByte('\n'); err != nil {
			break
		}
	}
	err := bw.Flush()
	return cw.n, err
}

// WriteTo writes the shown entries; see Snapshot.WriteTo. Call it on a
// Snapshot from a tea.Cmd rather than on the live model.
func (m *Model) WriteTo(w io.Writer) (int64, error) { return m.Snapshot().WriteTo(w) }

type countWriter struct {
	w io.Writer
	n int64
}

// Write passes p on, counting the bytes written.
func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
