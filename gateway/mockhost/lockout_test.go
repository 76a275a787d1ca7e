package mockhost

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost/clock"
)

// fakeCompare stands in for bcrypt: it knows the answer of each hash it
// was told about and adds 2^cost to work for every compare, which is what
// bcrypt spends. Unknown hashes (the dummies) never match.
type fakeCompare struct {
	mu      sync.Mutex
	answers map[string]string
	work    int64
	calls   int
}

func newFakeCompare(users []User, answers ...string) *fakeCompare {
	f := &fakeCompare{answers: map[string]string{}}
	i := 0
	for _, u := range users {
		for _, c := range u.Challenges {
			if _, ok := f.answers[string(c.AnswerHash)]; !ok && i < len(answers) {
				f.answers[string(c.AnswerHash)] = answers[i]
				i++
			}
		}
	}
	return f
}

func (f *fakeCompare) compare(hash, answer []byte) error {
	cost, err := bcrypt.Cost(hash)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.work += 1 << cost
	f.calls++
	want, ok := f.answers[string(hash)]
	f.mu.Unlock()
	if ok && want == string(answer) {
		return nil
	}
	return bcrypt.ErrMismatchedHashAndPassword
}

func (f *fakeCompare) take() (work int64, calls int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	work, calls = f.work, f.calls
	f.work, f.calls = 0, 0
	return work, calls
}

// newTestAuth builds a login service on a fake clock with the demo users
// plus extra, whose compares go through cmp.
func newTestAuth(t testing.TB, policy LockoutPolicy, extra ...User) (*Auth, *clock.FakeClock, []User) {
	t.Helper()
	clk := clock.NewFake(t0)
	users := append(DemoUsers(), extra...)
	a, err := NewAuth(AuthOptions{Users: users, Lockout: policy, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	return a, clk, users
}

func isLockedOut(err error) bool {
	pe, ok := err.(*gateway.Error)
	return ok && pe.Status == gateway.StatusDenied && strings.Contains(pe.Message, "locked out")
}

func writeFile(t testing.TB, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentGuessesAreEachCounted: 40 wrong guesses at once. Each
// attempt counts before its answers are compared, so no more than the
// policy's five are ever compared (the others wait, then find the user
// locked out), and the right password afterwards is locked out (issue: 39
// were all compared with none counted).
func TestConcurrentGuessesAreEachCounted(t *testing.T) {
	a, _, users := newTestAuth(t, LockoutPolicy{})
	f := newFakeCompare(users, "demo", "424242")
	gate := make(chan struct{})
	var comparing, returned atomic.Int32
	a.compare = func(hash, answer []byte) error {
		comparing.Add(1)
		<-gate
		return f.compare(hash, answer)
	}
	const guesses = 40
	var wg sync.WaitGroup
	for i := 0; i < guesses; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			a.Open("operator", []string{fmt.Sprintf("guess-%d", i)})
			returned.Add(1)
		}(i)
	}
	// Wait until every guess is refused, held in its first compare, or
	// waiting for admission.
	deadline := time.Now().Add(20 * time.Second)
	for int(comparing.Load()+returned.Load())+a.waitingFor("operator") < guesses && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	held := comparing.Load()
	close(gate)
	wg.Wait()
	t.Logf("%d of %d concurrent wrong guesses were compared", held, guesses)
	if held > 5 {
		t.Errorf("%d of %d concurrent guesses reached a compare before any was counted, want at most 5", held, guesses)
	}
	a.compare = f.compare
	if _, _, _, err := a.Open("operator", []string{"demo"}); !isLockedOut(err) {
		t.Errorf("right password after %d concurrent wrong guesses: %v, want locked out", guesses, err)
	}
}

// TestConcurrentGuessesOverHTTP is the attack as the issue ran it: 40
// concurrent wrong guesses against the real host, then the right password.
func TestConcurrentGuessesOverHTTP(t *testing.T) {
	h := startHost(t, Config{Empty: true})
	f := newFakeCompare(DemoUsers(), "demo", "424242")
	// Each attempt compares its first answer with operator's password
	// hash once, whatever else it compares.
	var checked atomic.Int64
	h.Auth().compare = func(hash, answer []byte) error {
		if string(hash) == demoPasswordHash {
			checked.Add(1)
		}
		time.Sleep(2 * time.Millisecond) // what a real compare costs, roughly
		return f.compare(hash, answer)
	}
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		c := h.client(t)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			args := []gateway.Arg{gateway.Text("operator"), gateway.Named("prompt-1", fmt.Sprintf("guess-%d", i))}
			c.Do(context.Background(), &gateway.Request{Function: "hostOpenSession", Args: args})
		}(i)
	}
	wg.Wait()
	t.Logf("over HTTP, %d of 40 concurrent wrong guesses were compared", checked.Load())
	if n := checked.Load(); n > 5 {
		t.Errorf("%d of 40 concurrent guesses were compared, want at most 5", n)
	}
	c := h.client(t)
	wantResp(t, "right password after 40 concurrent guesses", round(t, c, "operator", "demo"), gateway.StatusDenied, "locked out")
}

// TestThrowawayNamesNeverStopTracking fills the failure table with 10,000
// unknown names (then with 10,000 locked ones); a real user's failures are
// still counted and lock it, and an unknown name still locks like a known
// one, so lockouts tell nothing.
func TestThrowawayNamesNeverStopTracking(t *testing.T) {
	a, clk, users := newTestAuth(t, LockoutPolicy{})
	f := newFakeCompare(users, "demo", "424242")
	a.compare = f.compare
	for round := 0; round < 2; round++ {
		// Round 0: one failure per name; round 1: every name locked.
		tries := 1
		if round == 1 {
			tries = 5
		}
		for i := 0; i < maxTrackedNames; i++ {
			for j := 0; j < tries; j++ {
				a.Open(fmt.Sprintf("throwaway-%d-%d", round, i), []string{"x"})
			}
		}
		for _, user := range []string{"operator", fmt.Sprintf("mallory-%d", round)} {
			for i := 0; i < 5; i++ {
				if _, _, _, err := a.Open(user, []string{"wrong"}); err == nil || isLockedOut(err) {
					t.Fatalf("round %d: %s failure %d: %v, want a plain denial", round, user, i+1, err)
				}
			}
			if _, _, _, err := a.Open(user, []string{"demo"}); !isLockedOut(err) {
				t.Errorf("round %d: %s after 5 failures behind 10,000 throwaway names: %v, want locked out", round, user, err)
			}
		}
		if n := a.trackedNames(); n > maxTrackedNames+len(users) {
			t.Errorf("round %d: %d names tracked, want at most %d", round, n, maxTrackedNames+len(users))
		}
		clk.Advance(time.Hour) // every lockout over
		if _, _, _, err := a.Open("operator", []string{"demo"}); err != nil {
			t.Fatalf("round %d: operator after the lockout: %v", round, err)
		}
	}
}

// TestLoginWorkIsTheSameForEveryone counts bcrypt's work (2^cost per
// compare) for known users, with cheap and dear hashes, and unknown ones,
// with any number of answers, right or wrong: every attempt that answers
// costs the same, and asking for the first prompt costs nothing.
func TestLoginWorkIsTheSameForEveryone(t *testing.T) {
	hash := func(pw string, cost int) []byte {
		h, err := bcrypt.GenerateFromPassword([]byte(pw), cost)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	alice := User{Name: "alice", Challenges: []Challenge{
		{Prompt: "Password:", AnswerHash: hash("alice-pw", 7)},
		{Prompt: "PIN:", AnswerHash: hash("1234", 5)},
		{Prompt: "Word:", AnswerHash: hash("w", 4)},
	}}
	a, _, users := newTestAuth(t, LockoutPolicy{Failures: 1 << 30}, alice)
	f := newFakeCompare(users, "demo", "424242", "alice-pw", "1234", "w")
	a.compare = f.compare
	cases := []struct {
		user    string
		answers []string
	}{
		{"operator", []string{"demo"}},
		{"operator", []string{"wrong"}},
		{"operator", []string{"demo", "extra"}},
		{"operator", []string{"wrong", "extra", "more", "and", "more"}},
		{"admin", []string{"demo"}},
		{"admin", []string{"demo", "424242"}},
		{"admin", []string{"wrong", "424242"}},
		{"admin", []string{"demo", "424242", "extra"}},
		{"alice", []string{"alice-pw"}},
		{"alice", []string{"alice-pw", "1234", "w"}},
		{"alice", []string{"nope"}},
		{"alice", []string{"alice-pw", "1234", "w", "x", "y", "z", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}},
		{"mallory", []string{"demo"}},
		{"mallory", []string{"demo", "424242"}},
		{"mallory", []string{"a", "b", "c", "d", "e", "f"}},
	}
	var first int64 = -1
	for _, c := range cases {
		a.Open(c.user, c.answers)
		work, calls := f.take()
		if first < 0 {
			first = work
		}
		if work != first || work == 0 {
			t.Errorf("%s with %d answers: work %d in %d compares, want %d like every other attempt", c.user, len(c.answers), work, calls, first)
		}
	}
	for _, user := range []string{"operator", "alice", "mallory"} {
		a.Open(user, nil)
		if work, _ := f.take(); work != 0 {
			t.Errorf("%s asking for the first prompt: work %d, want none", user, work)
		}
	}
}

// BenchmarkLoginTiming prints the median answer time of a known user with
// cheap hashes and more answers than it has prompts, a known user with
// dear (default cost) hashes, and an unknown user, over loopback HTTP with
// the real bcrypt. Goal: within 1.5x of each other. Run it with
// -bench LoginTiming -benchtime 20x.
func BenchmarkLoginTiming(b *testing.B) {
	pw, _ := bcrypt.GenerateFromPassword([]byte("alice-pw"), bcrypt.DefaultCost)
	path := b.TempDir() + "/users.yaml"
	writeFile(b, path, "users:\n  - name: alice\n    password_hash: \""+string(pw)+"\"\n")
	h := startHost(b, Config{Empty: true, UsersFile: path, Lockout: LockoutPolicy{Failures: 1 << 30}})
	c := h.client(b)
	kinds := []struct {
		name, user string
		answers    []string
	}{
		{"known-cheap-extra-answers", "operator", []string{"wrong", "extra", "more"}},
		{"known-dear-extra-answers", "alice", []string{"wrong", "extra", "more"}},
		{"unknown-extra-answers", "mallory", []string{"wrong", "extra", "more"}},
	}
	times := make([][]time.Duration, len(kinds))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, kind := range kinds {
			args := []gateway.Arg{gateway.Text(kind.user)}
			for j, ans := range kind.answers {
				args = append(args, gateway.Named(fmt.Sprintf("prompt-%d", j+1), ans))
			}
			start := time.Now()
			r := do(b, c, &gateway.Request{Function: "hostOpenSession", Args: args})
			times[k] = append(times[k], time.Since(start))
			if r.Status != gateway.StatusDenied {
				b.Fatalf("%s: status %d %q, want 3", kind.name, r.Status, r.Message)
			}
		}
	}
	b.StopTimer()
	medians := make([]time.Duration, len(kinds))
	for k, kind := range kinds {
		sort.Slice(times[k], func(i, j int) bool { return times[k][i] < times[k][j] })
		medians[k] = times[k][len(times[k])/2]
		b.ReportMetric(float64(medians[k].Microseconds())/1000, kind.name+"-median-ms")
	}
	lo, hi := slices.Min(medians), slices.Max(medians)
	b.ReportMetric(float64(hi)/float64(lo), "max/min")
	b.Logf("medians: %s %v, %s %v, %s %v; max/min %.2f", kinds[0].name, medians[0], kinds[1].name, medians[1], kinds[2].name, medians[2], float64(hi)/float64(lo))
}
