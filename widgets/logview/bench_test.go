package logview

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"dpconsole/keymap"
)

var benchSizes = []int{100, 10_000, 1_000_000}

// benchEntry is a realistic task-log entry of 70-100 bytes.
func benchEntry(i int) Entry {
	levels := [...]string{"info", "info", "debug", "info", "warn", "info", "error", "info"}
	return Entry{
		Time:  base.Add(time.Duration(i) * time.Second),
		Level: levels[i%len(levels)],
		Text:  fmt.Sprintf("Execution %d of protect-inbox: protected /data/inbox/report-%07d.docx (%d KiB)", i/3, i, i%4096),
	}
}

type benchLog struct {
	m         *Model
	heapRatio float64 // heap bytes held by the model / bytes of entry text
}

// buildBenchLog fills a 120x40 colour view with n entries, measuring the
// heap it holds against the text it stores.
func buildBenchLog(n int) benchLog {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := New(styles(termenv.TrueColor), keymap.Default())
	m.SetLocation(time.UTC)
	m.SetSize(120, 40)
	text := 0
	for i := 0; i < n; i++ {
		e := benchEntry(i)
		text += len(e.Text)
		m.Append(e)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	return benchLog{m: m, heapRatio: float64(after.HeapAlloc-before.HeapAlloc) / float64(text)}
}

// trimTo drops entries from the end so append benchmarks keep the log at
// its nominal size.
func (m *Model) trimTo(n int) {
	for m.st.n > n {
		last := len(m.st.chunks) - 1
		drop := min(m.st.n-n, len(m.st.chunks[last]))
		m.st.chunks[last] = m.st.chunks[last][:len(m.st.chunks[last])-drop]
		if len(m.st.chunks[last]) == 0 {
			m.st.chunks = m.st.chunks[:last]
		}
		m.st.n -= drop
	}
	m.settle()
}

// BenchmarkLogView times one frame, a one-line scroll and a one-entry
// append (following) on logs of 100, 10,000 and 1,000,000 entries at
// 120x40. Each figure is also reported as x-baseline: its ratio to the
// 100-entry figure of the same operation (the goal is under 2).
func BenchmarkLogView(b *testing.B) {
	logs := map[int]benchLog{}
	get := func(n int) benchLog {
		if _, ok := logs[n]; !ok {
			logs[n] = buildBenchLog(n)
		}
		return logs[n]
	}
	ops := []struct {
		name string
		run  func(b *testing.B, l benchLog, n int)
	}{
		{"frame", func(b *testing.B, l benchLog, n int) {
			l.m.Follow()
			b.ReportMetric(l.heapRatio, "heap/text")
			for i := 0; i < b.N; i++ {
				_ = l.m.View()
			}
		}},
		{"scroll", func(b *testing.B, l benchLog, n int) {
			keys := [2]tea.KeyMsg{{Type: tea.KeyUp}, {Type: tea.KeyDown}}
			l.m.Follow()
			l.m.Update(keys[0])
			for i := 0; i < b.N; i++ {
				l.m.Update(keys[i&1])
			}
		}},
		{"append", func(b *testing.B, l benchLog, n int) {
			l.m.Follow()
			e := benchEntry(n)
			for i := 0; i < b.N; i++ {
				l.m.Append(e)
				if i%1024 == 1023 {
					b.StopTimer()
					l.m.trimTo(n)
					b.StartTimer()
				}
			}
			b.StopTimer()
			l.m.trimTo(n)
		}},
	}
	for _, op := range ops {
		var baseline float64
		b.Run(op.name, func(b *testing.B) {
			for _, n := range benchSizes {
				b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
					l := get(n)
					b.ReportAllocs()
					b.ResetTimer()
					op.run(b, l, n)
					perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
					if n == benchSizes[0] {
						baseline = perOp
					}
					if baseline > 0 {
						b.ReportMetric(perOp/baseline, "x-baseline")
					}
				})
			}
		})
	}
}

// BenchmarkLogViewSearch times committing a search, which reads every
// entry once (typing and jumping between matches do not).
func BenchmarkLogViewSearch(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			l := buildBenchLog(n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				l.m.Search("report-0001")
			}
		})
	}
}

// BenchmarkLogViewLongLine renders a frame whose entries include a
// 100,000-character line, unwrapped and wrapped (scrolled into its middle),
// beside a frame of ordinary entries as the baseline.
func BenchmarkLogViewLongLine(b *testing.B) {
	build := func(long string) *Model {
		m := New(styles(termenv.TrueColor), keymap.Default())
		m.SetSize(120, 40)
		for i := 0; i < 100; i++ {
			m.Append(benchEntry(i))
		}
		if long != "" {
			m.Append(Entry{Level: "error", Text: long}, benchEntry(101))
		}
		return m
	}
	var baseline float64
	report := func(b *testing.B, isBaseline bool) {
		perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		if isBaseline {
			baseline = perOp
		}
		b.ReportMetric(perOp/baseline, "x-baseline")
	}
	cases := []struct {
		name string
		long string
		wrap bool
	}{
		{"ordinary", "", false},
		{"ascii-100k", fmt.Sprintf("%0100000d", 7), false},
		{"ascii-100k-wrapped", fmt.Sprintf("%0100000d", 7), true},
		{"wide-100k-wrapped", strings.Repeat("日本", 50_000), true},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			m := build(c.long)
			m.SetWrap(c.wrap)
			if c.wrap && c.long != "" {
				m.top, m.topRow, m.follow = m.shown()-2, 500, false
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = m.View()
			}
			report(b, c.long == "")
		})
	}
}
