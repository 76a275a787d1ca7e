package login

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dpconsole/gateway"
	"dpconsole/keymap"
	"dpconsole/views/common"
	"dpconsole/views/panetest"
)

// askingHost challenges every login with the prompts of one answer
// built by results: it only misbehaves.
func askingHost(t *testing.T, results func() []gateway.Arg) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp := &gateway.Response{Status: gateway.StatusChallenged, Message: "Challenged", Results: results()}
		data, err := resp.Marshal()
		if err != nil {
			t.Error(err)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func commonFor(t *testing.T, url string) *common.Common {
	t.Helper()
	client, err := gateway.NewClient(gateway.Options{URL: url, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return &common.Common{Ctx: ctx, Client: client, Styles: panetest.AsciiStyles(),
		Keys: keymap.Default(), Now: time.Now, Calls: common.NewCalls(ctx, time.Now)}
}

// TestHugeQuestionsAreRefused: an 8 MB prompt and 10,000 prompts are
// refused with the limit named, before anything is laid out, and the
// screen stays small and quick to draw.
func TestHugeQuestionsAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name    string
		results func() []gateway.Arg
		want    string
	}{
		{"an 8 MB prompt", func() []gateway.Arg {
			return []gateway.Arg{gateway.Named("prompt-1", strings.Repeat("A", 8<<20))}
		}, "the limit is 1024 bytes per prompt"},
		{"10,000 prompts", func() []gateway.Arg {
			out := make([]gateway.Arg, 10000)
			for i := range out {
				out[i] = gateway.Named(fmt.Sprintf("prompt-%d", i+1), "Password:")
			}
			return out
		}, "the limit is 16 prompts per round"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := commonFor(t, askingHost(t, tc.results))
			m := New(c, Options{Gateway: "http://host/api", Keys: c.Keys.Form})
			m.SetSize(80, 24)
			submit(t, m, "admin")
			v := m.View()
			if !strings.Contains(strings.Join(strings.Fields(v), " "), tc.want) {
				t.Fatalf("the refusal does not name the limit %q:\n%s", tc.want, v)
			}
			if lines := strings.Count(v, "\n") + 1; lines > 24 || len(v) > 24*80*4 {
				t.Fatalf("the screen is %d lines, %d bytes", lines, len(v))
			}
			if len(m.prompts) != 0 || len(m.inputs) != 0 {
				t.Fatalf("%d prompts laid out", len(m.prompts))
			}
		})
	}
}

// BenchmarkHugeQuestions measures the console's login against the two
// hostile answers: time to the refusal and the heap it leaves in use.
func BenchmarkHugeQuestions(b *testing.B) {
	for _, tc := range []struct {
		name    string
		results []gateway.Arg
	}{
		{"8MB-prompt", []gateway.Arg{gateway.Named("prompt-1", strings.Repeat("A", 8<<20))}},
		{"10000-prompts", func() []gateway.Arg {
			out := make([]gateway.Arg, 10000)
			for i := range out {
				out[i] = gateway.Named(fmt.Sprintf("prompt-%d", i+1), "Password:")
			}
			return out
		}()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				data, _ := (&gateway.Response{Status: gateway.StatusChallenged, Results: tc.results}).Marshal()
				w.Write(data)
			}))
			defer srv.Close()
			client, _ := gateway.NewClient(gateway.Options{URL: srv.URL, Timeout: 10 * time.Second})
			ctx := context.Background()
			c := &common.Common{Ctx: ctx, Client: client, Styles: panetest.AsciiStyles(),
				Keys: keymap.Default(), Now: time.Now, Calls: common.NewCalls(ctx, time.Now)}
			var peak uint64
			for b.Loop() {
				m := New(c, Options{Gateway: "http://host/api", Keys: c.Keys.Form})
				m.SetSize(80, 24)
				submit(b, m, "admin")
				_ = m.View()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			b.ReportMetric(float64(peak)/(1<<20), "heap-MiB")
		})
	}
}

// submit types user and Enter, and feeds the login's own replies back
// until none is left (blinks and spinner ticks are left out: they never
// end).
func submit(tb testing.TB, m *Model, user string) {
	tb.Helper()
	m.Init() // focuses the user field; its blink is left out
	for _, r := range user {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if batch, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, batch...)
			continue
		}
		if msg == nil || reflect.TypeOf(msg).PkgPath() != reflect.TypeOf(DoneMsg{}).PkgPath() {
			continue
		}
		_, next := m.Update(msg)
		queue = append(queue, next)
	}
}
