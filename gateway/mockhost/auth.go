package mockhost

import (
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

// maxTrackedNames bounds the failure table, which callers fill with any name
// they like (unknown users are tracked too, so lockouts reveal nothing).
const maxTrackedNames = 10_000

type failures struct {
	times       []time.Time // failed logins inside the window
	lockedUntil time.Time
}

// Auth answers hostOpenSession: the stateless challenge rounds of
// docs/protocol.md §5, the per-user lockout, and the sessions it grants.
type Auth struct {
	clock    clock.Clock
	users    map[string]User
	policy   LockoutPolicy
	dummy    []byte // compared for unknown users so they take as long as known ones
	Sessions *Sessions

	mu    sync.Mutex
	fails map[string]*failures
}

// AuthOptions configure NewAuth. Zero values take the defaults.
type AuthOptions struct {
	Users       []User // later users replace earlier ones of the same name
	Lockout     LockoutPolicy
	SessionIdle time.Duration // 30 minutes when zero
	Clock       clock.Clock   // real time when nil; tests inject a fake one
}

// NewAuth builds the login service. It checks every hash so a bad users file
// fails at start, not at the first login.
func NewAuth(opts AuthOptions) (*Auth, error) {
	clk := opts.Clock
	if clk == nil {
		clk = clock.RealClock{}
	}
	a := &Auth{clock: clk, users: map[string]User{}, policy: opts.Lockout.withDefaults(), fails: map[string]*failures{}}
	cost := bcrypt.MinCost
	for _, u := range opts.Users {
		if u.Name == "" || len(u.Challenges) == 0 {
			return nil, fmt.Errorf("user %q: needs a name and at least one challenge", u.Name)
		}
		for i, c := range u.Challenges {
			n, err := bcrypt.Cost(c.AnswerHash)
			if err != nil {
				return nil, fmt.Errorf("user %q, challenge %d: not a bcrypt hash: %v", u.Name, i+1, err)
			}
			if i == 0 && n > cost {
				cost = n
			}
		}
		a.users[u.Name] = u
	}
	// The dummy hash matches the costliest first challenge, so "no such
	// user" is not faster than "wrong password".
	secret := make([]byte, 16)
	rand.Read(secret)
	dummy, err := bcrypt.GenerateFromPassword(secret, cost)
	if err != nil {
		return nil, fmt.Errorf("preparing login: %w", err)
	}
	a.dummy = dummy
	a.Sessions = NewSessions(clk, opts.SessionIdle)
	return a, nil
}

// Open runs one round of hostOpenSession for user with every answer given so
// far. It returns the new session id when all challenges are answered, the
// next prompts (numbered from first) when more are needed, or an *Error with
// status 3 (denied or locked out) or 408 (no user name).
func (a *Auth) Open(user string, answers []string) (session string, prompts []string, first int, err error) {
	deny := func(msg string) error {
		return &gateway.Error{Function: "hostOpenSession", Status: gateway.StatusDenied, Message: msg}
	}
	if user == "" {
		return "", nil, 0, &gateway.Error{Function: "hostOpenSession", Status: gateway.StatusInvalid,
			Message: "client-user is empty: give a user name"}
	}
	if until, locked := a.lockedUntil(user); locked {
		return "", nil, 0, deny(fmt.Sprintf("Denied: user %q is locked out after %d failed logins; try again after %s",
			user, a.policy.Failures, until.UTC().Format(time.RFC3339)))
	}
	u, known := a.users[user]
	if len(answers) == 0 {
		// Everyone, known or not, is asked the same first question.
		prompt := "Password:"
		if known {
			prompt = u.Challenges[0].Prompt
		}
		return "", []string{prompt}, 1, nil
	}
	if !known {
		// Spend the time a real check would, then deny.
		bcrypt.CompareHashAndPassword(a.dummy, []byte(answers[0]))
		a.fail(user)
		return "", nil, 0, deny("Denied")
	}
	if len(answers) > len(u.Challenges) {
		a.fail(user)
		return "", nil, 0, deny("Denied")
	}
	for i, ans := range answers {
		// bcrypt compares in constant time.
		if bcrypt.CompareHashAndPassword(u.Challenges[i].AnswerHash, []byte(ans)) != nil {
			a.fail(user)
			return "", nil, 0, deny("Denied")
		}
	}
	if len(answers) < len(u.Challenges) {
		return "", []string{u.Challenges[len(answers)].Prompt}, len(answers) + 1, nil
	}
	a.succeed(user)
	id, err := a.Sessions.New(user)
	if err != nil {
		return "", nil, 0, &gateway.Error{Function: "hostOpenSession", Status: gateway.StatusGeneral, Message: err.Error()}
	}
	return id, nil, 0, nil
}

func (a *Auth) lockedUntil(user string) (time.Time, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f := a.fails[user]
	if f == nil {
		return time.Time{}, false
	}
	return f.lockedUntil, a.clock.Now().Before(f.lockedUntil)
}

// fail records a failed login and locks the user once the policy's count is
// reached inside its window.
func (a *Auth) fail(user string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.clock.Now()
	if len(a.fails) >= maxTrackedNames {
		a.pruneLocked(now)
	}
	f := a.fails[user]
	if f == nil {
		if len(a.fails) >= maxTrackedNames {
			return // table full of live records: refuse to grow
		}
		f = &failures{}
		a.fails[user] = f
	}
	kept := f.times[:0]
	for _, t := range f.times {
		if now.Sub(t) < a.policy.Window {
			kept = append(kept, t)
		}
	}
	f.times = append(kept, now)
	if len(f.times) >= a.policy.Failures {
		f.lockedUntil = now.Add(a.policy.Duration)
		f.times = nil
	}
}

func (a *Auth) succeed(user string) {
	a.mu.Lock()
	delete(a.fails, user)
	a.mu.Unlock()
}

// pruneLocked drops records with no failure in the window and no lockout.
func (a *Auth) pruneLocked(now time.Time) {
	for name, f := range a.fails {
		recent := len(f.times) > 0 && now.Sub(f.times[len(f.times)-1]) < a.policy.Window
		if !recent && !now.Before(f.lockedUntil) {
			delete(a.fails, name)
		}
	}
}
