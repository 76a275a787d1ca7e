package mockhost

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/crypto/bcrypt"
	"gopkg.in/yaml.v3"
)

// The users file (--users FILE) adds accounts to the demo ones, or replaces
// one of the same name. It is YAML:
//
//	users:
//	  - name: alice
//	    password_hash: "$2a$10$..."      # asked first, as "Password:"
//	    prompts:                          # optional further rounds, in order
//	      - prompt: "PIN:"
//	        answer_hash: "$2a$10$..."
//
// Every hash is bcrypt; `dpconsole mock-host hash-password` prints one. No
// clear-text secret is ever read from the file.
type usersFile struct {
	Users []struct {
		Name         string `yaml:"name"`
		PasswordHash string `yaml:"password_hash"`
		Prompts      []struct {
			Prompt     string `yaml:"prompt"`
			AnswerHash string `yaml:"answer_hash"`
		} `yaml:"prompts"`
	} `yaml:"users"`
}

// LoadUsers reads a users file; errors name the file and the entry at fault.
func LoadUsers(path string) ([]User, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("users file: %w", err)
	}
	users, err := ParseUsers(data)
	if err != nil {
		return nil, fmt.Errorf("users file %s: %w", path, err)
	}
	return users, nil
}

// ParseUsers decodes the users file format documented above.
func ParseUsers(data []byte) ([]User, error) {
	var f usersFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("not a valid users document (see the format in 'dpconsole mock-host --help'): %v", err)
	}
	seen := map[string]bool{}
	out := make([]User, 0, len(f.Users))
	for i, fu := range f.Users {
		where := fmt.Sprintf("user %d", i+1)
		if fu.Name != "" {
			where = fmt.Sprintf("user %d (%q)", i+1, fu.Name)
		}
		name := strings.TrimSpace(fu.Name)
		if name == "" || name != fu.Name {
			return nil, fmt.Errorf("%s: name must be non-empty, without leading or trailing spaces", where)
		}
		if seen[name] {
			return nil, fmt.Errorf("%s: the name appears twice", where)
		}
		seen[name] = true
		if err := checkHash(fu.PasswordHash); err != nil {
			return nil, fmt.Errorf("%s: password_hash %v", where, err)
		}
		u := User{Name: name, Challenges: []Challenge{{Prompt: "Password:", AnswerHash: []byte(fu.PasswordHash)}}}
		for j, p := range fu.Prompts {
			if strings.TrimSpace(p.Prompt) == "" {
				return nil, fmt.Errorf("%s, prompt %d: the prompt text is empty", where, j+1)
			}
			if err := checkHash(p.AnswerHash); err != nil {
				return nil, fmt.Errorf("%s, prompt %d: answer_hash %v", where, j+1, err)
			}
			u.Challenges = append(u.Challenges, Challenge{Prompt: p.Prompt, AnswerHash: []byte(p.AnswerHash)})
		}
		out = append(out, u)
	}
	return out, nil
}

func checkHash(h string) error {
	if h == "" {
		return errors.New("is missing: make one with 'dpconsole mock-host hash-password'")
	}
	if _, err := bcrypt.Cost([]byte(h)); err != nil {
		return errors.New("is not a bcrypt hash: make one with 'dpconsole mock-host hash-password'")
	}
	return nil
}
