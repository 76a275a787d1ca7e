package cli

import "time"

// Options start the console; the console command fills them from flags, the
// environment and the config file.
type Options struct {
	Gateway     string        // gateway URL; empty means demo mode
	User        string        // pre-filled user name
	Demo        bool          // run the embedded mock host in-process
	Mouse       bool          // enable mouse reporting (off so text can be selected over SSH)
	Theme       string        // "dark", "light" or "" for the terminal's background
	ConfigPath  string        // config file; "" means the default location
	CAFile      string        // extra trusted CA (PEM)
	Insecure    bool          // skip TLS verification (warns)
	Timeout     time.Duration // per call
	ReadOnly    bool          // refuse functions that change the host
	ReadOnlyWhy string        // how to allow changes when the flag is not why
	TaskRefresh time.Duration // tasks table poll interval
	LogRefresh  time.Duration // log tail poll interval
	UTC         bool          // show times in UTC
	MaxLogSize  int64         // the largest log read (decoded bytes); 0: gateway.DefaultMaxLogSize

	// keptSession returns the session kept for a named gateway, or nil
	// (cli/fleetconsole.go); nil means none is used.
	keptSession func(name string) *savedSession
}
