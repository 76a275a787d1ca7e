package common

import (
	"context"

	"dpconsole/gateway/hostdoc"
)

// MaxRefs bounds the names taken from tasks documents to offer in a
// prompt: each is checked with one call to the host.
const MaxRefs = 12

// TaskRefs returns the distinct ID names (kind "ID") or script names
// (any other kind) that the tasks of docs refer to, in order, at most
// MaxRefs. A document that does not parse offers nothing.
func TaskRefs(kind string, docs ...string) []string {
	var refs []string
	seen := map[string]bool{}
	for _, doc := range docs {
		ts, err := hostdoc.ParseTasks([]byte(doc))
		if err != nil {
			continue
		}
		for _, t := range ts.Tasks {
			n := t.Script
			if kind == "ID" {
				n = t.ID
			}
			if n != "" && !seen[n] && len(refs) < MaxRefs {
				seen[n] = true
				refs = append(refs, n)
			}
		}
	}
	return refs
}

// Confirmed returns the names that get finds on the host, in order, so a
// prompt never offers a name the host does not have. It stops early when
// ctx is done.
func Confirmed(ctx context.Context, names []string, get func(ctx context.Context, name string) error) []string {
	var out []string
	for _, n := range names {
		if ctx.Err() != nil {
			break
		}
		if get(ctx, n) == nil {
			out = append(out, n)
		}
	}
	return out
}
