package config

import (
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Error is a problem in the config file, worded for the operator:
// the line, the setting and what is wrong with it, never a Go type.
type Error struct {
	Line int // 1-based; 0 when the problem has no one line
	Msg  string
}

// Error returns "line N: message".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// knownSettings are the config file's settings, as the errors list them.
func knownSettings() string {
	return "gateway, user, theme, task_refresh, log_refresh, utc, read_only, max_log_size, editor, keys, gateways"
}

// Parse decodes the config file format documented on File.
// It walks the YAML itself rather than decoding into a struct, so every
// error names the line and the setting as the operator wrote them.
func Parse(data []byte) (File, error) {
	var fc File
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		}
		if first := firstBadLine(data); first > 0 {
			line = first // the YAML parser's own line is often one off
		}
		return fc, &Error{Line: line, Msg: "not valid YAML (" + msg + "): write one `setting: value` per line"}
	}
	if len(doc.Content) == 0 {
		return fc, nil // an empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fc, &Error{Line: root.Line, Msg: "want one `setting: value` per line (known settings: " + knownSettings() + ")"}
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if first, ok := seen[k.Value]; ok {
			return File{}, &Error{Line: k.Line, Msg: fmt.Sprintf("%q is set twice (first on line %d): keep one", k.Value, first)}
		}
		seen[k.Value] = k.Line
		if err := setting(&fc, k, v); err != nil {
			return File{}, err
		}
	}
	return fc, nil
}

// setting reads one setting's value into fc.
func setting(fc *File, k, v *yaml.Node) error {
	fail := func(format string, a ...any) error {
		return &Error{Line: v.Line, Msg: k.Value + ": " + fmt.Sprintf(format, a...)}
	}
	text := func() (string, error) {
		if v.Kind != yaml.ScalarNode {
			return "", fail("want a single value, not a list or a map")
		}
		return strings.TrimSpace(v.Value), nil
	}
	flag := func(dst *bool) error {
		if v.Kind != yaml.ScalarNode || v.Decode(dst) != nil {
			return fail("%q is not true or false", v.Value)
		}
		return nil
	}
	var err error
	switch k.Value {
	case "gateway":
		if fc.Gateway, err = text(); err == nil && fc.Gateway != "" &&
			!strings.HasPrefix(fc.Gateway, "http://") && !strings.HasPrefix(fc.Gateway, "https://") {
			err = fail("%q must start with http:// or https://", fc.Gateway)
		}
	case "gateways":
		fc.Gateways, err = parseGateways(v)
	case "user":
		fc.User, err = text()
	case "theme":
		fc.Theme, err = text()
	case "task_refresh", "log_refresh":
		var s string
		if s, err = text(); err != nil {
			return err
		}
		d, perr := refresh(s)
		if perr != nil {
			return fail("%v", perr)
		}
		if k.Value == "task_refresh" {
			fc.TaskRefresh = d
		} else {
			fc.LogRefresh = d
		}
	case "utc":
		err = flag(&fc.UTC)
	case "read_only":
		err = flag(&fc.ReadOnly)
	case "max_log_size":
		var s string
		if s, err = text(); err == nil {
			if fc.MaxLogSize, err = ParseSize(s); err != nil {
				err = fail("%v", err)
			}
		}
	case "editor":
		if fc.Editor, err = text(); err == nil && fc.Editor != "" && fc.Editor != "builtin" && fc.Editor != "external" {
			err = fail("%q is not an editor: write builtin (the console's own) or external ($VISUAL, $EDITOR)", fc.Editor)
		}
	case "keys":
		if derr := v.Decode(&fc.Keys); derr != nil {
			err = &Error{Line: k.Line, Msg: strings.TrimPrefix(derr.Error(), "yaml: ")}
		}
	default:
		err = &Error{Line: k.Line, Msg: fmt.Sprintf("unknown setting %q (known: %s)", k.Value, knownSettings())}
	}
	return err
}

// refresh reads a poll interval; the error says what to write instead.
func refresh(text string) (time.Duration, error) {
	if text == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(text)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration: write it like 2s or 500ms", text)
	}
	if d < minRefresh {
		return 0, fmt.Errorf("%s is too short: use at least %s", d, minRefresh)
	}
	return d, nil
}

// firstBadLine returns the first line (1-based) at which the document
// stops parsing: the shortest prefix of whole lines that the YAML parser
// refuses ends there. That is where an unclosed bracket or quote opens,
// or where a bad line stands. It returns 0 when every prefix parses (the
// problem is the end of the document). A config file is a few dozen
// lines, so parsing each prefix costs nothing.
func firstBadLine(data []byte) int {
	lines := strings.SplitAfter(string(data), "\n")
	var prefix strings.Builder
	for i, l := range lines {
		prefix.WriteString(l)
		var n yaml.Node
		if yaml.Unmarshal([]byte(prefix.String()), &n) != nil {
			return i + 1
		}
	}
	return 0
}
