package logview

import (
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"dpconsole/text/sanitize"
)

// Entry is one log entry as the host reported it.
type Entry struct {
	Time  time.Time
	Level string // "debug", "info", "warn", "error"; anything else shows no label
	Text  string
}

// Level is a log level, ordered from least to most severe.
type Level uint8

// Log levels. LevelNone marks entries without a recognised level; the
// filter treats them as info.
const (
	LevelNone Level = iota
	LevelDebug
	LevelInfo
	LevelWarn
	LevelError
)

// ParseLevel maps a level name (case-insensitive; "warning", "fatal" and
// similar spellings included) to a Level, LevelNone when unrecognised.
func ParseLevel(s string) Level {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug", "trace":
		return LevelDebug
	case "info", "information", "notice":
		return LevelInfo
	case "warn", "warning":
		return LevelWarn
	case "error", "err", "fatal", "critical", "crit":
		return LevelError
	}
	return LevelNone
}

// String returns the level's name as shown in the filter ("warn").
func (l Level) String() string {
	return [...]string{"none", "debug", "info", "warn", "error"}[min(int(l), 4)]
}

// label is the fixed-width label shown before an entry's text.
func (l Level) label() string {
	return [...]string{"     ", "DEBUG", "INFO ", "WARN ", "ERROR"}[min(int(l), 4)]
}

// rank is the level the filter compares: unlabelled entries count as info.
func (l Level) rank() Level {
	if l == LevelNone {
		return LevelInfo
	}
	return l
}

// noTime marks an entry without a timestamp.
const noTime = math.MinInt64

// item is an entry prepared for display once, at append: text made safe
// for the terminal and its width measured, so rendering never re-measures.
type item struct {
	text  string
	nanos int64
	width int32
	level Level
}

func newItem(e Entry) item {
	text := sanitize.SanitizeLine(e.Text)
	w := len(text)
	if !isASCII(text) {
		w = ansi.StringWidth(text)
	}
	it := item{text: text, nanos: noTime, width: int32(min(w, math.MaxInt32)), level: ParseLevel(e.Level)}
	if !e.Time.IsZero() {
		it.nanos = e.Time.UnixNano()
	}
	return it
}

// ascii reports whether every cell of the item is one byte, which lets
// slicing by column be slicing by byte.
func (it *item) ascii() bool { return int(it.width) == len(it.text) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// chunkBits sizes the store's chunks: appends never copy earlier entries,
// and a snapshot can share every chunk with the live store.
const chunkBits = 12

const chunkSize = 1 << chunkBits

// store holds the entries in fixed-size chunks that are only appended to.
type store struct {
	chunks [][]item
	n      int
}

func (s *store) append(it item) {
	last := len(s.chunks) - 1
	if last < 0 || len(s.chunks[last]) == chunkSize {
		s.chunks = append(s.chunks, make([]item, 0, chunkSize))
		last++
	}
	s.chunks[last] = append(s.chunks[last], it)
	s.n++
}

func (s *store) at(i int) *item { return &s.chunks[i>>chunkBits][i&(chunkSize-1)] }

// snapshot returns a copy of the store that later appends do not change;
// it shares the entries, copying only the chunk list.
func (s *store) snapshot() store {
	return store{chunks: append([][]item(nil), s.chunks...), n: s.n}
}
