package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dpconsole/keymap"
)

// minRefresh keeps a configured poll interval from hammering the host.
const minRefresh = 100 * time.Millisecond

// FileConfig is the console's config file
// ($XDG_CONFIG_HOME/dpconsole/config.yaml):
//
//	gateway: https://dp.example.com/api
//	user: operator
//	theme: dark            # dark, light or auto
//	task_refresh: 2s
//	log_refresh: 1s
//	utc: false
//	read_only: false
//	keys:                  # action: key or [keys]; see keymap action names
//	  quit: [q, ctrl+q]
type FileConfig struct {
	Gateway     string
	User        string
	Theme       string
	TaskRefresh time.Duration
	LogRefresh  time.Duration
	UTC         bool
	ReadOnly    bool
	Keys        keymap.Overrides
}

// DefaultConfigPath returns $XDG_CONFIG_HOME/dpconsole/config.yaml, or
// ~/.config/dpconsole/config.yaml when XDG_CONFIG_HOME is unset.
func DefaultConfigPath() string {
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

// LoadConfig reads the config file at path. A missing file is no error
// when must is false (the default location); every other problem names
// the file and the field at fault.
func LoadConfig(path string, must bool) (FileConfig, error) {
	var fc FileConfig
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
	fc, err = ParseConfig(data)
	var ce *ConfigError
	switch {
	case errors.As(err, &ce) && ce.Line > 0:
		return fc, fmt.Errorf("config file %s line %d: %s", path, ce.Line, ce.Msg)
	case err != nil:
		return fc, fmt.Errorf("config file %s: %w", path, err)
	}
	return fc, nil
}

// merge fills what the flags left unset from the environment and the file:
// flags win over DPCONSOLE_GATEWAY, which wins over the file.
func merge(opts Options, fc FileConfig) Options {
	if opts.Gateway == "" {
		opts.Gateway = strings.TrimSpace(os.Getenv("DPCONSOLE_GATEWAY"))
	}
	if opts.Gateway == "" {
		opts.Gateway = fc.Gateway
	}
	if opts.User == "" {
		opts.User = fc.User
	}
	if opts.Theme == "" {
		opts.Theme = fc.Theme
	}
	if opts.TaskRefresh <= 0 {
		opts.TaskRefresh = fc.TaskRefresh
	}
	if opts.LogRefresh <= 0 {
		opts.LogRefresh = fc.LogRefresh
	}
	opts.UTC = opts.UTC || fc.UTC
	opts.ReadOnly = opts.ReadOnly || fc.ReadOnly
	return opts
}
