// Package logtail follows a host's log across polls and parses only what
// is new (docs/protocol.md §11). The protocol has no ranges: every poll
// sends the whole log. Hosts append to a log, so the bytes a Tail already
// parsed should be an unchanged prefix of the next answer; a Tail keeps a
// keyed hash of that prefix (at checkpoints about every CheckEvery bytes,
// on entry boundaries), hashes the new answer as it streams in, and
// parses only the bytes past the prefix. A log that was reset, shrank or
// was rewritten fails a checkpoint: it is parsed again from the last
// checkpoint that held, and the Update says so.
//
// A log view keeps one Tail per log it shows and, in a command, polls a
// copy of it:
//
//	t := m.tail // a value; the model's stays as it was until the reply
//	up, err := t.Fetch(ctx, client, logtail.Target{Config: c, Task: task}, nil)
//	// reply with t and up: on success keep t; when up.Reset, keep the
//	// first up.Kept entries shown (or none) and say the log changed;
//	// then append up.New.
//
// With a callback instead of nil, entries arrive as they are parsed, on
// another goroutine, and Update.New stays empty. gateway.WithProgress on
// ctx reports the bytes read for a progress bar.
package logtail

import (
	"context"
	"hash/maphash"
	"io"
	"sync"
	"sync/atomic"

	"dpconsole/gateway"
	"dpconsole/gateway/hostdoc"
)

// CheckEvery is how far apart the checkpoints of the held prefix are.
const CheckEvery = 1 << 20

// Target names a log: a task's, or the agent's when Task is "".
type Target struct{ Config, Task string }

// Tail is what a console holds of one log between polls: no bytes, only
// the length of the prefix it parsed, its hashes and its entry count. The
// zero Tail holds nothing. A Tail is a value: a copy polls without
// changing the original (a tea.Cmd can poll a copy and hand it back to
// Update, which keeps it when the poll succeeded). One Tail is not safe
// for concurrent polls.
type Tail struct {
	seed    maphash.Seed
	seeded  bool
	have    bool
	info    hostdoc.LogInfo
	root    []byte
	entries int
	checks  []check // the first is offset 0; the last is the held prefix's end
}

// check is the hash of a log's first off bytes, where entries entries end.
// A tentative check is only where the held prefix ended at the last poll:
// it is compared, but a later poll does not keep it, so a log polled a
// thousand times still has a checkpoint per CheckEvery bytes, no more.
type check struct {
	off       int64
	sum       uint64
	entries   int
	tentative bool
}

// Update is what one poll found.
type Update struct {
	Info hostdoc.LogInfo
	// Reset is set when the held entries are not all a prefix of the new
	// log (it was reset, shrank, or was rewritten): show it afresh. Kept
	// entries of the held ones are still the same.
	Reset bool
	// Fresh is set on the first poll of a Tail: everything is new.
	Fresh bool
	Kept  int             // held entries still valid: all of them unless Reset
	New   []hostdoc.Entry // entries after Kept, unless the poll had a callback
	Total int             // entries in the log now: Kept + new ones
	Bytes int64           // the log document's size
	// Parsed is how many of its bytes were parsed; the rest were only hashed.
	Parsed int64
}

// Held returns how many entries the tail holds and the length of the
// prefix they end at.
func (t *Tail) Held() (entries int, bytes int64) {
	if !t.have {
		return 0, 0
	}
	return t.entries, t.checks[len(t.checks)-1].off
}

// Info returns the held log's root element.
func (t *Tail) Info() hostdoc.LogInfo { return t.info }

// Fetch polls target's log through cl, streaming it, and parses only what
// is new. With onEntry nil the new entries come in Update.New; otherwise
// onEntry hears each one as it is parsed (its error ends the poll). The
// tail changes only when the poll succeeds.
//
// The poll parses on a goroutine of its own while the answer is read and
// decoded, so onEntry is called from that goroutine, never concurrently
// with itself, and never after Fetch returns.
func (t *Tail) Fetch(ctx context.Context, cl *gateway.Client, target Target, onEntry func(hostdoc.Entry) error) (Update, error) {
	p := t.Poll(onEntry)
	aw := newAsyncWriter(p)
	var err error
	if target.Task == "" {
		err = cl.AgentLogStream(ctx, aw)
	} else {
		err = cl.TaskLogStream(ctx, target.Config, target.Task, aw)
	}
	if werr := aw.wait(); err == nil {
		err = werr
	}
	if err != nil {
		return Update{}, err
	}
	return p.Close()
}

// asyncWriter hands copies of what it is given to a writer on another
// goroutine, so decoding the answer and parsing it use two cores. It holds
// at most a few chunks.
type asyncWriter struct {
	ch   chan []byte
	free chan []byte
	done chan struct{}
	err  atomic.Pointer[error]
}

func newAsyncWriter(w io.Writer) *asyncWriter {
	a := &asyncWriter{ch: make(chan []byte, 4), free: make(chan []byte, 6), done: make(chan struct{})}
	go func() {
		defer close(a.done)
		for b := range a.ch {
			if a.err.Load() == nil {
				if _, err := w.Write(b); err != nil {
					a.err.Store(&err)
				}
			}
			select {
			case a.free <- b[:0]:
			default:
			}
		}
	}()
	return a
}

func (a *asyncWriter) Write(p []byte) (int, error) {
	if e := a.err.Load(); e != nil {
		return 0, *e
	}
	var b []byte
	select {
	case b = <-a.free:
	default:
	}
	a.ch <- append(b, p...)
	return len(p), nil
}

// wait ends the writes and returns the writer's first error.
func (a *asyncWriter) wait() error {
	close(a.ch)
	<-a.done
	if e := a.err.Load(); e != nil {
		return *e
	}
	return nil
}

// Poll starts reading a new answer: write the decoded log document to it,
// then Close it.
func (t *Tail) Poll(onEntry func(hostdoc.Entry) error) *Poll {
	if !t.seeded {
		t.seed, t.seeded = maphash.MakeSeed(), true
	}
	p := &Poll{t: t, onEntry: onEntry}
	p.h.SetSeed(t.seed)
	if t.have {
		p.matching = true
		p.pend = (*pendBufs.Get().(*[]byte))[:0]
		// Ready to go on from the held end before the answer streams
		// in: by the time it is reached, the held prefix has gone through
		// the caches and this memory would be cold.
		p.startScanner(t.checks[len(t.checks)-1])
	} else {
		p.up.Fresh = true
		p.startScanner(check{})
	}
	return p
}

// Poll reads one answer for a Tail. It is an io.Writer.
type Poll struct {
	t       *Tail
	onEntry func(hostdoc.Entry) error
	h       maphash.Hash // over every byte written so far
	off     int64

	// While matching, the bytes are compared with the held prefix.
	matching bool
	next     int          // the next of t.checks to compare
	matched  check        // the last check that held
	atMatch  maphash.Hash // h at matched
	pend     []byte       // bytes since matched

	sc       *hostdoc.LogScanner
	checks   []check // checkpoints of the new log
	lastKeep int64   // where the last of them is, counting those of this Write
	splits   []split // where this Write's bytes need a hash
	last     check   // the end of the last entry parsed
	haveLast bool
	info     hostdoc.LogInfo
	up       Update
	err      error
}

type split struct {
	off     int64
	entries int
	keep    bool // a checkpoint, not only the tentative end
}

// startScanner parses from checkpoint c on.
func (p *Poll) startScanner(c check) {
	p.checks = append(p.checks[:0], check{sum: p.emptySum()})
	if c.off == 0 {
		p.sc = &hostdoc.LogScanner{}
	} else {
		for _, k := range p.t.checks {
			if k.off > c.off {
				break
			}
			if k.off > 0 && !k.tentative {
				p.checks = append(p.checks, k)
			}
		}
		p.sc = hostdoc.ResumeLogScanner(p.t.root, c.off, c.entries)
		p.info = p.t.info
	}
	p.up.Kept = c.entries
	p.last = c
	p.lastKeep = p.checks[len(p.checks)-1].off
	p.sc.OnInfo = func(info hostdoc.LogInfo, end int64) {
		p.info = info
		p.splits = append(p.splits, split{off: end, keep: true})
		p.lastKeep = end
	}
	p.sc.OnEntry = func(e hostdoc.Entry, end int64) error {
		n := p.sc.Entries() // this entry counted
		if p.onEntry != nil {
			if err := p.onEntry(e); err != nil {
				return err
			}
		} else {
			p.up.New = append(p.up.New, e)
		}
		keep := end-p.lastKeep >= CheckEvery
		if keep {
			p.lastKeep = end
		}
		p.splits = append(p.splits, split{off: end, entries: n, keep: keep})
		return nil
	}
}

func (p *Poll) emptySum() uint64 {
	var h maphash.Hash
	h.SetSeed(p.t.seed)
	return h.Sum64()
}

// Write takes the next bytes of the log document.
func (p *Poll) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n := len(b)
	for p.matching && len(b) > 0 {
		target := p.t.checks[p.next].off
		k := int(min(int64(len(b)), target-p.off))
		p.h.Write(b[:k])
		p.pend = append(p.pend, b[:k]...)
		p.off += int64(k)
		b = b[k:]
		if p.off == target {
			p.compare()
		}
	}
	if len(b) > 0 {
		if err := p.parse(b); err != nil {
			p.err = err
			return 0, err
		}
	}
	return n, nil
}

// compare checks the checkpoint just reached.
func (p *Poll) compare() {
	c := p.t.checks[p.next]
	if p.h.Sum64() != c.sum {
		p.rewind()
		return
	}
	p.matched, p.atMatch, p.pend = c, p.h, p.pend[:0]
	p.next++
	if p.next == len(p.t.checks) { // the whole held prefix is unchanged: go on (Poll set it up)
		p.matching = false
		p.dropPend()
	}
}

// rewind parses again from the last checkpoint that held.
func (p *Poll) rewind() {
	p.matching = false
	p.up.Reset = true
	p.h, p.off = p.atMatch, p.matched.off
	if p.matched.off == 0 {
		p.h.Reset()
	}
	p.startScanner(p.matched)
	if err := p.parse(p.pend); err != nil {
		p.err = err
	}
	p.dropPend()
}

// pendBufs keeps the buffers of the bytes since the last checkpoint that
// matched, up to CheckEvery: one per poll would be a MiB of garbage a poll.
var pendBufs = sync.Pool{New: func() any { b := make([]byte, 0, CheckEvery+64<<10); return &b }}

func (p *Poll) dropPend() {
	if cap(p.pend) <= 2*CheckEvery {
		b := p.pend[:0]
		pendBufs.Put(&b)
	}
	p.pend = nil
}

// parse feeds the scanner and hashes b, taking the sums the scanner's
// entry ends ask for.
func (p *Poll) parse(b []byte) error {
	p.splits = p.splits[:0]
	p.up.Parsed += int64(len(b))
	if _, err := p.sc.Write(b); err != nil {
		return err
	}
	for i, s := range p.splits {
		if !s.keep && i != len(p.splits)-1 {
			continue
		}
		k := int(s.off - p.off)
		p.h.Write(b[:k])
		b, p.off = b[k:], s.off
		c := check{off: s.off, sum: p.h.Sum64(), entries: s.entries}
		if s.keep {
			p.checks = append(p.checks, c)
		}
		p.last, p.haveLast = c, true
	}
	p.h.Write(b)
	p.off += int64(len(b))
	return nil
}

// Close ends the answer: it reports what is new and, when the log parsed,
// moves the tail on.
func (p *Poll) Close() (Update, error) {
	if p.err == nil && p.matching {
		p.rewind() // the log ends inside the held prefix: it shrank
	}
	if p.err != nil {
		return Update{}, p.err
	}
	if err := p.sc.Close(); err != nil {
		return Update{}, err
	}
	checks := p.checks
	if p.last.off > checks[len(checks)-1].off {
		end := p.last
		end.tentative = true
		checks = append(checks, end)
	}
	t := p.t
	t.have, t.info, t.root, t.entries, t.checks = true, p.info, append([]byte(nil), p.sc.Root()...), p.sc.Entries(), checks
	p.up.Info, p.up.Total, p.up.Bytes = p.info, p.sc.Entries(), p.off
	return p.up, nil
}
