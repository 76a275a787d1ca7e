// Package config reads the console's config file
// ($XDG_CONFIG_HOME/dpconsole/config.yaml) and words its errors for the
// operator: the file, the line and the setting at fault.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"dpconsole/keymap"
)

// minRefresh keeps a configured poll interval from hammering the host.
const minRefresh = 100 * time.Millisecond

// File is the console's config file
// ($XDG_CONFIG_HOME/dpconsole/config.yaml):
//
//	gateway: https://dp.example.com/api
//	user: operator
//	theme: dark            # dark, light or auto
//	task_refresh: 2s
//	log_refresh: 1s
//	utc: false
//	read_only: false
//	max_log_size: 1GiB     # the largest task or agent log read (decoded)
//	editor: builtin        # the console's own editor instead of $VISUAL/$EDITOR
//	keys:                  # action: key or [keys]; see keymap action names
//	  quit: [q, ctrl+q]
//	gateways:              # named gateways; see Gateway
//	  prod-eu: {url: https://dp-eu.example.com/api, read_only: true}
type File struct {
	Gateway     string
	User        string
	Theme       string
	TaskRefresh time.Duration
	LogRefresh  time.Duration
	UTC         bool
	ReadOnly    bool
	MaxLogSize  int64  // bytes; 0 means the client's default
	Editor      string // "builtin" edits in the console; "" or "external" runs $VISUAL/$EDITOR
	Keys        keymap.Overrides
	Gateways    map[string]Gateway // named gateways (gateways.go), by name
	Path        string             // the file Load read, for errors; "" from Parse
}

// DefaultPath returns $XDG_CONFIG_HOME/dpconsole/config.yaml, or
// ~/.config/dpconsole/config.yaml when XDG_CONFIG_HOME is unset.
func DefaultPath() string {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "dpconsole", "config.yaml")
}

// Load reads the config file at path. A missing file is no error
// when must is false (the default location); every other problem names
// the file and the field at fault.
func Load(path string, must bool) (File, error) {
	var fc File
	if path == "" {
		return fc, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !must {
			return fc, nil
		}
		return fc, fmt.Errorf("config file %s: %w", path, err)
	}
	fc, err = Parse(data)
	fc.Path = path
	var ce *Error
	switch {
	case errors.As(err, &ce) && ce.Line > 0:
		return fc, fmt.Errorf("config file %s line %d: %s", path, ce.Line, ce.Msg)
	case err != nil:
		return fc, fmt.Errorf("config file %s: %w", path, err)
	}
	return fc, nil
}
