package ui

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dpconsole/keymap"

	"gopkg.in/yaml.v3"
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

// rawConfig is the file as written: durations as text, checked after.
type rawConfig struct {
	Gateway     string           `yaml:"gateway"`
	User        string           `yaml:"user"`
	Theme       string           `yaml:"theme"`
	TaskRefresh string           `yaml:"task_refresh"`
	LogRefresh  string           `yaml:"log_refresh"`
	UTC         bool             `yaml:"utc"`
	ReadOnly    bool             `yaml:"read_only"`
	Keys        keymap.Overrides `yaml:"keys"`
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
	if err != nil {
		return fc, fmt.Errorf("config file %s: %w", path, err)
	}
	return fc, nil
}

// ParseConfig decodes the config file format documented on FileConfig.
func ParseConfig(data []byte) (FileConfig, error) {
	var raw rawConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil && !errors.Is(err, io.EOF) {
		return FileConfig{}, fmt.Errorf("%s (known fields: gateway, user, theme, task_refresh, log_refresh, utc, read_only, keys)", yamlMessage(err))
	}
	fc := FileConfig{Gateway: strings.TrimSpace(raw.Gateway), User: strings.TrimSpace(raw.User), Theme: raw.Theme,
		UTC: raw.UTC, ReadOnly: raw.ReadOnly, Keys: raw.Keys}
	var err error
	if fc.TaskRefresh, err = refresh("task_refresh", raw.TaskRefresh); err != nil {
		return FileConfig{}, err
	}
	if fc.LogRefresh, err = refresh("log_refresh", raw.LogRefresh); err != nil {
		return FileConfig{}, err
	}
	if fc.Gateway != "" && !strings.HasPrefix(fc.Gateway, "http://") && !strings.HasPrefix(fc.Gateway, "https://") {
		return FileConfig{}, fmt.Errorf("gateway: %q must start with http:// or https://", fc.Gateway)
	}
	return fc, nil
}

func refresh(field, text string) (time.Duration, error) {
	if strings.TrimSpace(text) == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(text))
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a duration: write it like 2s or 500ms", field, text)
	}
	if d < minRefresh {
		return 0, fmt.Errorf("%s: %s is too short: use at least %s", field, d, minRefresh)
	}
	return d, nil
}

// yamlMessage drops the yaml package's "yaml: " prefix.
func yamlMessage(err error) string {
	return strings.TrimPrefix(strings.ReplaceAll(err.Error(), "yaml: ", ""), "unmarshal errors:\n  ")
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
