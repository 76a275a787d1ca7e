package engine

import (
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"os"
	"time"

	"dpconsole/atomicfile"
)

// runtimeFile is a task's runtime as stored in runtime/TASK.json.
type runtimeFile struct {
	Paused        bool      `json:"paused"`
	StartTime     time.Time `json:"startTime"`
	EndTime       time.Time `json:"endTime"`
	LastErrorTime time.Time `json:"lastErrorTime"`
	LastError     string    `json:"lastError"`
	LastFailed    bool      `json:"lastFailed"`
	ExecCount     int       `json:"execCount"`
	ErrorCount    int       `json:"errorCount"`
}

func encodeRuntime(f runtimeFile) ([]byte, error) {
	b, err := json.MarshalIndent(f, "", "  ")
	return append(b, '\n'), err
}

// snapshot is a runtime's persisted fields at one version.
type snapshot struct {
	rt   *taskRT
	ver  uint64
	path string
	file runtimeFile
}

// snap copies what to persist; the caller holds h.mu.
func (h *Host) snap(rt *taskRT) snapshot {
	return snapshot{rt: rt, ver: rt.ver, path: h.runtimePath(rt.cfg, rt.name, ".json"),
		file: runtimeFile{Paused: rt.paused, StartTime: rt.start, EndTime: rt.end,
			LastErrorTime: rt.lastErrTime, LastError: rt.lastError, LastFailed: rt.lastFailed,
			ExecCount: rt.execCount, ErrorCount: rt.errorCount}}
}

// write stores a snapshot unless a newer one is already on disk, so the
// background writer and callers can never put an older state over a newer.
func (h *Host) write(s snapshot) error {
	h.ioMu.Lock()
	defer h.ioMu.Unlock()
	if s.ver <= s.rt.diskVer {
		return nil
	}
	b, err := encodeRuntime(s.file)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(s.path, b, permDoc); err != nil {
		return err
	}
	s.rt.diskVer = s.ver
	return nil
}

// saveRuntime persists a runtime before returning, for the functions a
// caller waits on (pause, resume, reset). The caller holds h.mu.
func (h *Host) saveRuntime(rt *taskRT) error {
	rt.ver++
	delete(h.dirty, rt)
	return h.write(h.snap(rt))
}

// persist queues a runtime for the background writer; the caller holds h.mu.
func (h *Host) persist(rt *taskRT) {
	rt.ver++
	h.dirty[rt] = struct{}{}
	if h.kick != nil {
		select {
		case h.kick <- struct{}{}:
		default: // a flush is already due and will see this runtime
		}
	}
}

// persister writes queued runtimes until Close closes kick.
func (h *Host) persister(kick <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	for range kick {
		h.mu.Lock()
		snaps := h.takeDirty()
		h.mu.Unlock()
		for _, s := range snaps {
			if err := h.write(s); err != nil {
				h.logf("task %s/%s: saving runtime: %v", s.rt.cfg, s.rt.name, err)
			}
		}
	}
}

func (h *Host) takeDirty() []snapshot {
	snaps := make([]snapshot, 0, len(h.dirty))
	for rt := range h.dirty {
		snaps = append(snaps, h.snap(rt))
	}
	clear(h.dirty)
	return snaps
}

// flush writes every queued runtime now; the caller holds h.mu.
func (h *Host) flush() error {
	var errs []error
	for _, s := range h.takeDirty() {
		errs = append(errs, h.write(s))
	}
	return errors.Join(errs...)
}

// forget stops any later write of a runtime whose files are going away.
func (h *Host) forget(rt *taskRT) {
	delete(h.dirty, rt)
	h.ioMu.Lock()
	rt.diskVer = math.MaxUint64
	h.ioMu.Unlock()
}

// removeRuntime deletes the files of a task that no longer exists.
func (h *Host) removeRuntime(rt *taskRT) error {
	h.forget(rt)
	var errs []error
	for _, ext := range []string{".json", ".log"} {
		if err := os.Remove(h.runtimePath(rt.cfg, rt.name, ext)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
