package config

import (
	"fmt"

	"dpconsole/text/bytesize"
)

// ParseSize reads a positive byte size such as 1GiB, 256MiB, 500MB or
// 1048576; the error says how to write one.
func ParseSize(s string) (int64, error) {
	n, err := bytesize.Parse(s)
	if err == nil && n == 0 {
		err = fmt.Errorf("size %q is zero: give a positive size, e.g. 1GiB", s)
	}
	return n, err
}
