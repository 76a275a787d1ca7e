package gateway

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Prompt is one challenge the host asks during login.
type Prompt struct {
	Name string // prompt-1, prompt-2, …
	Text string // what to show, e.g. "Password:"
}

// Answerer answers one round of prompts, in order. Returning an error (for
// example context.Canceled when the operator gives up) ends the login.
type Answerer func(ctx context.Context, round int, prompts []Prompt) ([]string, error)

// Login limits (docs/protocol.md §5): a host that challenges for ever, asks
// thousands of questions or sends megabytes of prompt text is refused
// before anything is shown or asked. The console's login uses the same
// limits through ChallengePrompts.
const (
	MaxLoginRounds  = 16   // challenge rounds in one login
	MaxLoginPrompts = 16   // prompts in one round
	MaxPromptText   = 1024 // bytes of one prompt's text
)

// ErrLoginLimit is matched (errors.Is) by the error of a login the host
// took past MaxLoginRounds, MaxLoginPrompts or MaxPromptText.
var ErrLoginLimit = errors.New("the host went past a login limit")

type limitError struct{ msg string }

func (e *limitError) Error() string        { return "login refused: " + e.msg }
func (e *limitError) Is(target error) bool { return target == ErrLoginLimit }

// ChallengePrompts turns the results of a status-2 answer into the round's
// prompts, naming unnamed ones after the answered prompts so far. It
// refuses a round with no prompt, more than MaxLoginPrompts prompts or a
// prompt text over MaxPromptText bytes, with an error naming the limit.
func ChallengePrompts(results []Arg, answered int) ([]Prompt, error) {
	refuse := func(format string, a ...any) error { return &limitError{fmt.Sprintf(format, a...)} }
	switch {
	case len(results) == 0:
		return nil, &Error{Function: "hostOpenSession", Status: StatusChallenged, Message: "challenged without any prompt"}
	case len(results) > MaxLoginPrompts:
		return nil, refuse("the host asked %d questions in one round; the limit is %d prompts per round", len(results), MaxLoginPrompts)
	}
	prompts := make([]Prompt, 0, len(results))
	for i, r := range results {
		if len(r.Value) > MaxPromptText {
			return nil, refuse("prompt %d is %d bytes long; the limit is %d bytes per prompt", i+1, len(r.Value), MaxPromptText)
		}
		if len(r.Name) > MaxPromptText {
			return nil, refuse("prompt %d has a %d-byte name; the limit is %d bytes", i+1, len(r.Name), MaxPromptText)
		}
		name := r.Name
		if name == "" {
			name = fmt.Sprintf("prompt-%d", answered+i+1)
		}
		prompts = append(prompts, Prompt{Name: name, Text: string(r.Value)})
	}
	return prompts, nil
}

// Login drives the challenge login of docs/protocol.md §5: it calls
// hostOpenSession with the user and every answer so far until the host
// grants a session (kept on the client and returned), denies (*Error
// matching ErrDenied) or the answerer or context gives up.
func (c *Client) Login(ctx context.Context, user string, answer Answerer) (string, error) {
	if strings.TrimSpace(user) == "" {
		return "", errors.New("login: the user name is empty")
	}
	var answers []string
	for round := 1; round <= MaxLoginRounds; round++ {
		resp, err := c.HostOpenSession(ctx, user, answers...)
		switch {
		case err == nil:
			if len(resp.Results) != 1 || len(resp.Results[0].Value) == 0 {
				return "", &Error{Function: "hostOpenSession", Status: resp.Status, Message: "granted without a session id"}
			}
			id := string(resp.Results[0].Value)
			c.SetSession(id)
			return id, nil
		case errors.Is(err, ErrChallenged):
			prompts, err := ChallengePrompts(resp.Results, len(answers))
			if err != nil {
				return "", err
			}
			got, err := answer(ctx, round, prompts)
			if err != nil {
				return "", err
			}
			if len(got) != len(prompts) {
				return "", fmt.Errorf("login: %d answers for %d prompts", len(got), len(prompts))
			}
			answers = append(answers, got...)
		default:
			return "", err
		}
	}
	return "", &limitError{fmt.Sprintf("the host still challenges after %d rounds; the limit is %d rounds", MaxLoginRounds, MaxLoginRounds)}
}

// HostOpenSession runs one login round: the user and the answers so far,
// named prompt-1 … prompt-N. Status 2 comes back as an *Error matching
// ErrChallenged together with the Response holding the prompts.
func (c *Client) HostOpenSession(ctx context.Context, user string, answers ...string) (*Response, error) {
	args := make([]Arg, 0, len(answers)+1)
	args = append(args, Text(user))
	for i, a := range answers {
		args = append(args, Named(fmt.Sprintf("prompt-%d", i+1), a))
	}
	return c.Call(ctx, "hostOpenSession", args...)
}

// HostCloseSession ends the client's session on the host and forgets it.
func (c *Client) HostCloseSession(ctx context.Context) error {
	_, err := c.Call(ctx, "hostCloseSession")
	if err == nil {
		c.SetSession("")
	}
	return err
}
