package mockhost

import (
	linkedlist "container/list"
	"crypto/rand"
	"fmt"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"dpconsole/gateway"
	"dpconsole/gateway/mockhost/clock"
)

// Challenge is one login round: the prompt shown and the bcrypt hash of the
// expected answer.
type Challenge struct {
	Prompt     string
	AnswerHash []byte
}

// User is one account of the mock host: the challenges it must answer, one
// per round, in order (the first is normally "Password:").
type User struct {
	Name       string
	Challenges []Challenge
}

// Demo credentials, as README.md gives them. The hashes use bcrypt's minimum cost
// because the passwords are published anyway, and logins stay fast in tests;
// hash-password uses the default cost for real users.
const (
	demoPasswordHash = "$2a$04$ji6eIZp5oJi.TU.EDRgsvux1p6oe3bT.8ZfmTydMdH/TDY0mAweiK" // "demo"
	demoOTPHash      = "$2a$04$sZLMm3mz3G25LMHBe/DF6Ogzg6NGkc/GRdeo.Z64N2woMWmxMIJ7a" // "424242"
)

// DemoUsers returns the built-in accounts: operator/demo (one round) and
// admin/demo plus the one-time code 424242 (two rounds).
func DemoUsers() []User {
	pw := Challenge{Prompt: "Password:", AnswerHash: []byte(demoPasswordHash)}
	return []User{
		{Name: "operator", Challenges: []Challenge{pw}},
		{Name: "admin", Challenges: []Challenge{pw, {Prompt: "One-time code:", AnswerHash: []byte(demoOTPHash)}}},
	}
}

// LockoutPolicy locks a user out after Failures failed logins within Window,
// for Duration. Zero fields take the defaults of docs/protocol.md §5.
type LockoutPolicy struct {
	Failures int
	Window   time.Duration
	Duration time.Duration
}

func (p LockoutPolicy) withDefaults() LockoutPolicy {
	if p.Failures <= 0 {
		p.Failures = 5
	}
	if p.Window <= 0 {
		p.Window = 15 * time.Minute
	}
	if p.Duration <= 0 {
		p.Duration = 15 * time.Minute
	}
	return p
}

// maxTrackedNames bounds the failure records of names that are no user's.
// Callers may try any name, and unknown names are tracked like known ones
// so that lockouts reveal nothing; when the table is full the least
// recently tried name that is not locked out gives way. Known users have
// records of their own that are never evicted, so throwaway names cannot
// stop their failures from counting (docs/protocol.md §5).
const maxTrackedNames = 10_000

// failures is the lockout record of one name.
type failures struct {
	name        string
	times       []time.Time // failed logins inside the window
	lockedUntil time.Time
	pending     int                 // attempts admitted and not yet resolved
	waiting     int                 // attempts waiting for admission
	wake        chan struct{}       // closed when an attempt ends; nil when nobody waits
	elem        *linkedlist.Element // place in Auth.order (unknown names only)
}

// account is a user with the bcrypt cost of each challenge's hash.
type account struct {
	User
	costs []int
}

// Auth answers hostOpenSession: the stateless challenge rounds of
// docs/protocol.md §5, the per-user lockout, and the sessions it grants.
//
// Every attempt that answers costs the same bcrypt work, whoever the user
// and however many the answers: slots compares of top-cost work each. A
// slot compares one answer with its challenge's hash and, when that hash
// is cheaper than top, with dummy hashes of each cost from it up to top-1
// (2^c + 2^c + ... + 2^(top-1) = 2^top); an answer with no challenge (an
// unknown user, an answer past the user's prompts, or no answer in that
// slot) is compared with the top-cost dummy. So answer times do not tell
// known users from unknown ones, nor cheap hashes from dear ones.
type Auth struct {
	clock    clock.Clock
	users    map[string]account
	policy   LockoutPolicy
	slots    int                             // the most challenges any user has
	top      int                             // the highest bcrypt cost of any challenge
	dummies  [][]byte                        // dummies[c]: a hash of cost c nobody can answer, for c in use
	compare  func(hash, answer []byte) error // bcrypt's; tests count the work
	Sessions *Sessions

	mu      sync.Mutex
	known   map[string]*failures // users' records, never evicted
	unknown map[string]*failures // other names, at most maxTrackedNames
	order   *linkedlist.List     // of unknown records, least recently tried first
}

// AuthOptions configure NewAuth. Zero values take the defaults.
type AuthOptions struct {
	Users       []User // later users replace earlier ones of the same name
	Lockout     LockoutPolicy
	SessionIdle time.Duration // 30 minutes when zero
	Clock       clock.Clock   // real time when nil; tests inject a fake one
}

// NewAuth builds the login service. It checks every hash so a bad users file
// fails at start, not at the first login, and prepares the dummy hashes
// that even out the work of a login.
func NewAuth(opts AuthOptions) (*Auth, error) {
	clk := opts.Clock
	if clk == nil {
		clk = clock.RealClock{}
	}
	a := &Auth{clock: clk, users: map[string]account{}, policy: opts.Lockout.withDefaults(),
		compare: bcrypt.CompareHashAndPassword, known: map[string]*failures{}, unknown: map[string]*failures{}, order: linkedlist.New()}
	for _, u := range opts.Users {
		if u.Name == "" || len(u.Challenges) == 0 {
			return nil, fmt.Errorf("user %q: needs a name and at least one challenge", u.Name)
		}
		acct := account{User: u}
		for i, c := range u.Challenges {
			n, err := bcrypt.Cost(c.AnswerHash)
			if err != nil {
				return nil, fmt.Errorf("user %q, challenge %d: not a bcrypt hash: %v", u.Name, i+1, err)
			}
			acct.costs = append(acct.costs, n)
		}
		a.users[u.Name] = acct
	}
	a.slots, a.top = 1, bcrypt.MinCost
	low := bcrypt.MaxCost
	for _, acct := range a.users {
		a.slots = max(a.slots, len(acct.costs))
		for _, c := range acct.costs {
			a.top, low = max(a.top, c), min(low, c)
		}
	}
	low = min(low, a.top)
	a.dummies = make([][]byte, a.top+1)
	secret := make([]byte, 16)
	rand.Read(secret)
	for c := low; c <= a.top; c++ {
		d, err := bcrypt.GenerateFromPassword(secret, c)
		if err != nil {
			return nil, fmt.Errorf("preparing login: %w", err)
		}
		a.dummies[c] = d
	}
	a.Sessions = NewSessions(clk, opts.SessionIdle)
	return a, nil
}

// Open runs one round of hostOpenSession for user with every answer given so
// far. It returns the new session id when all challenges are answered, the
// next prompts (numbered from first) when more are needed, or an *Error with
// status 3 (denied or locked out) or 408 (no user name).
//
// An attempt with answers is counted before they are compared, in the same
// step as the lockout check, so concurrent guesses each count.
func (a *Auth) Open(user string, answers []string) (session string, prompts []string, first int, err error) {
	deny := func(msg string) error {
		return &gateway.Error{Function: "hostOpenSession", Status: gateway.StatusDenied, Message: msg}
	}
	if user == "" {
		return "", nil, 0, &gateway.Error{Function: "hostOpenSession", Status: gateway.StatusInvalid,
			Message: "client-user is empty: give a user name"}
	}
	acct, known := a.users[user]
	if len(answers) == 0 {
		if err := a.lockedOut(user, known); err != nil {
			return "", nil, 0, err
		}
		// Everyone, known or not, is asked the same first question.
		prompt := "Password:"
		if known {
			prompt = acct.Challenges[0].Prompt
		}
		return "", []string{prompt}, 1, nil
	}
	rec, err := a.admit(user, known)
	if err != nil {
		return "", nil, 0, err
	}
	outcome := attemptFailed
	defer func() { a.resolve(rec, outcome) }() // even if a compare panics
	right := known && len(answers) <= len(acct.Challenges)
	for i := 0; i < a.slots; i++ {
		var ans []byte
		if i < len(answers) {
			ans = []byte(answers[i])
		}
		if known && i < len(answers) && i < len(acct.Challenges) {
			right = a.slot(acct.Challenges[i].AnswerHash, acct.costs[i], ans) && right
		} else {
			a.compare(a.dummies[a.top], ans)
		}
	}
	switch {
	case !right:
		return "", nil, 0, deny("Denied")
	case len(answers) < len(acct.Challenges):
		outcome = attemptPartial
		return "", []string{acct.Challenges[len(answers)].Prompt}, len(answers) + 1, nil
	}
	outcome = attemptSucceeded
	id, err := a.Sessions.New(user)
	if err != nil {
		return "", nil, 0, &gateway.Error{Function: "hostOpenSession", Status: gateway.StatusGeneral, Message: err.Error()}
	}
	return id, nil, 0, nil
}

// slot compares answer with hash (of cost) and pads the work to one
// compare at the top cost. bcrypt compares in constant time.
func (a *Auth) slot(hash []byte, cost int, answer []byte) bool {
	ok := a.compare(hash, answer) == nil
	for c := cost; c < a.top; c++ {
		a.compare(a.dummies[c], answer)
	}
	return ok
}

// Outcomes of an admitted attempt.
const (
	attemptFailed = iota
	attemptPartial
	attemptSucceeded
)

func (a *Auth) lockedMessage(user string, until time.Time) error {
	return &gateway.Error{Function: "hostOpenSession", Status: gateway.StatusDenied,
		Message: fmt.Sprintf("Denied: user %q is locked out after %d failed logins; try again after %s",
			user, a.policy.Failures, until.UTC().Format(time.RFC3339))}
}

// lockedOut answers the first round: a locked-out user is told at once.
func (a *Auth) lockedOut(user string, known bool) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	f := a.unknown[user]
	if known {
		f = a.known[user]
	}
	if f != nil && a.clock.Now().Before(f.lockedUntil) {
		return a.lockedMessage(user, f.lockedUntil)
	}
	return nil
}

// maxWaiting bounds the attempts of one name waiting for admission.
const maxWaiting = 64

// admit checks the lockout and counts the attempt in one step. At most as
// many attempts as the policy has failures left are admitted at once; a
// further one waits for one of them to end, then checks again, so
// concurrent guesses can never outnumber the policy while concurrent logins
// that succeed all get through.
func (a *Auth) admit(user string, known bool) (*failures, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for {
		now := a.clock.Now()
		f := a.record(user, known, now)
		f.prune(now, a.policy.Window)
		if now.Before(f.lockedUntil) {
			return nil, a.lockedMessage(user, f.lockedUntil)
		}
		if len(f.times)+f.pending < a.policy.Failures {
			f.pending++
			return f, nil
		}
		if f.waiting >= maxWaiting {
			return nil, &gateway.Error{Function: "hostOpenSession", Status: gateway.StatusDenied,
				Message: fmt.Sprintf("Denied: too many logins of user %q at once; try again in a moment", user)}
		}
		if f.wake == nil {
			f.wake = make(chan struct{})
		}
		wake := f.wake
		f.waiting++
		a.mu.Unlock()
		<-wake
		a.mu.Lock()
		f.waiting--
	}
}

// resolve records how an admitted attempt ended and wakes the attempts
// waiting behind it. Success clears the record, lockout included: whoever
// succeeded knew every answer.
func (a *Auth) resolve(f *failures, outcome int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.clock.Now()
	f.pending--
	switch outcome {
	case attemptFailed:
		a.failLocked(f, now)
	case attemptSucceeded:
		f.times, f.lockedUntil = nil, time.Time{}
	}
	f.wakeAll()
	if f.pending == 0 && f.waiting == 0 && len(f.times) == 0 && !now.Before(f.lockedUntil) {
		a.drop(f)
	}
}

func (f *failures) wakeAll() {
	if f.wake != nil {
		close(f.wake)
		f.wake = nil
	}
}

// failLocked records a failure and locks the name once the policy's count
// is reached inside its window. The caller holds a.mu.
func (a *Auth) failLocked(f *failures, now time.Time) {
	f.prune(now, a.policy.Window)
	f.times = append(f.times, now)
	if len(f.times) >= a.policy.Failures {
		f.lockedUntil = now.Add(a.policy.Duration)
		f.times = nil
	}
}

func (f *failures) prune(now time.Time, window time.Duration) {
	kept := f.times[:0]
	for _, t := range f.times {
		if now.Sub(t) < window {
			kept = append(kept, t)
		}
	}
	f.times = kept
}

// record returns the name's record, making one when needed. A new unknown
// name in a full table evicts the least recently tried name that is not
// locked out and has no attempt being checked, or failing that the least
// recently tried of all. The caller holds a.mu.
func (a *Auth) record(name string, known bool, now time.Time) *failures {
	if known {
		f := a.known[name]
		if f == nil {
			f = &failures{name: name}
			a.known[name] = f
		}
		return f
	}
	if f := a.unknown[name]; f != nil {
		a.order.MoveToBack(f.elem)
		return f
	}
	if len(a.unknown) >= maxTrackedNames {
		victim := a.order.Front()
		for e := victim; e != nil; e = e.Next() {
			if g := e.Value.(*failures); g.pending == 0 && !now.Before(g.lockedUntil) {
				victim = e
				break
			}
		}
		a.drop(victim.Value.(*failures))
	}
	f := &failures{name: name}
	f.elem = a.order.PushBack(f)
	a.unknown[name] = f
	return f
}

// drop forgets a record, unless it was already replaced. The caller holds a.mu.
func (a *Auth) drop(f *failures) {
	if a.known[f.name] == f {
		delete(a.known, f.name)
		return
	}
	if a.unknown[f.name] == f {
		delete(a.unknown, f.name)
		a.order.Remove(f.elem)
		f.elem = nil
	}
	f.wakeAll() // waiters look the name up again
}

// waitingFor is how many attempts of user wait for admission, for tests.
func (a *Auth) waitingFor(user string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, f := range []*failures{a.known[user], a.unknown[user]} {
		if f != nil {
			n += f.waiting
		}
	}
	return n
}

// trackedNames is how many names the failure table holds, for tests.
func (a *Auth) trackedNames() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.known) + len(a.unknown)
}
