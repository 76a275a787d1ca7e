package engine

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"dpconsole/gateway/hostdoc"
)

// IDMagic starts every ID file the mock host creates: a name and a format
// version.
const IDMagic = "SDPMOCKID\x00\x01"

// idKeyLen is the length of an ID's random key material.
const idKeyLen = 32

// maxBound is how many machines one ID may bind (the count is one byte).
const maxBound = 255

// IDFile is a decoded ID: the fingerprints it binds and its key material.
type IDFile struct {
	Fingerprints []string // 64 hex digits each
	Key          []byte
}

// NewIDFile builds an ID binding the given machines, with fresh random
// key material: magic, a count byte, 32 bytes per fingerprint, the key.
func NewIDFile(machines []*hostdoc.Machine) ([]byte, error) {
	if len(machines) > maxBound {
		return nil, fmt.Errorf("an ID binds at most %d machines, got %d", maxBound, len(machines))
	}
	var b bytes.Buffer
	b.WriteString(IDMagic)
	b.WriteByte(byte(len(machines)))
	for i, m := range machines {
		fp, err := m.FingerprintBytes()
		if err != nil {
			return nil, fmt.Errorf("machine-fingerprint %d: %w", i+1, err)
		}
		b.Write(fp)
	}
	key := make([]byte, idKeyLen)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	b.Write(key)
	return b.Bytes(), nil
}

// ParseIDFile decodes an ID that NewIDFile made. IDs saved with the Save
// functions may hold anything and need not parse.
func ParseIDFile(data []byte) (*IDFile, error) {
	rest, ok := bytes.CutPrefix(data, []byte(IDMagic))
	if !ok || len(rest) < 1 {
		return nil, errors.New("not a mock host ID: the magic header is missing")
	}
	n := int(rest[0])
	rest = rest[1:]
	if len(rest) != n*hostdoc.FingerprintLen/2+idKeyLen {
		return nil, fmt.Errorf("mock host ID is %d bytes after its header, want %d for %d machines", len(rest), n*hostdoc.FingerprintLen/2+idKeyLen, n)
	}
	out := &IDFile{}
	for i := 0; i < n; i++ {
		out.Fingerprints = append(out.Fingerprints, hex.EncodeToString(rest[:32]))
		rest = rest[32:]
	}
	out.Key = rest
	return out, nil
}
