package logs

import (
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway/hostdoc"
)

// feedEvery is how often a first load hands what it parsed so far to the
// pane: often enough that the newest entries show as they are parsed,
// seldom enough that a million entries are a few dozen messages.
const feedEvery = 50 * time.Millisecond

// feed carries a first load to the pane while it runs: the entries parsed
// so far, the bytes read, and at last the load's reply. The load (on the
// command's goroutine and the parser's) puts and wakes the waiter; one
// waiting command at a time takes, at most every feedEvery, and the pane
// asks for the next only after it has shown the last, so entries arrive
// in order and the reply after all of them. Entries parsed before a host
// stalls are shown while it stalls.
type feed struct {
	gen         uint64 // the poll's generation the load began in
	mu          sync.Mutex
	batch       []hostdoc.Entry
	read, total int64
	done        *logMsg
	wake        chan struct{} // holds one wake-up: something waits to be taken
	taken       time.Time     // when the waiter last took
	shown       bool          // the pane showed a batch of this load (set by the pane only)
}

// feedMsg is what one wait took from a feed.
type feedMsg struct {
	f           *feed
	entries     []hostdoc.Entry
	read, total int64
	done        *logMsg // the load's reply, after its last entries
}

func newFeed(gen uint64) *feed { return &feed{gen: gen, wake: make(chan struct{}, 1)} }

func (f *feed) signal() {
	select {
	case f.wake <- struct{}{}:
	default: // a wake-up is pending already
	}
}

// add takes one parsed entry (logtail's callback).
func (f *feed) add(e hostdoc.Entry) error {
	f.mu.Lock()
	f.batch = append(f.batch, e)
	first := len(f.batch) == 1
	f.mu.Unlock()
	if first {
		f.signal()
	}
	return nil
}

// progress takes the bytes read so far (gateway.WithProgress's callback).
func (f *feed) progress(read, total int64) {
	f.mu.Lock()
	f.read, f.total = read, total
	f.mu.Unlock()
	f.signal()
}

// finish takes the load's reply; no entry is added after it.
func (f *feed) finish(msg logMsg) {
	f.mu.Lock()
	f.done = &msg
	f.mu.Unlock()
	f.signal()
}

// wait takes what the feed holds once there is something, and not
// sooner than feedEvery after it last took, unless the load is done.
func (f *feed) wait() tea.Cmd {
	return func() tea.Msg {
		<-f.wake
		f.mu.Lock()
		taken, done := f.taken, f.done != nil
		f.mu.Unlock()
		if d := feedEvery - time.Since(taken); !done && d > 0 {
			time.Sleep(d)
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		msg := feedMsg{f: f, entries: f.batch, read: f.read, total: f.total, done: f.done}
		f.batch, f.taken = nil, time.Now()
		return msg
	}
}
