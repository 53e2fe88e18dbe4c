package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// A checkpoint opened with note.Open: c2sp.org/tlog-checkpoint's three lines.
type checkpoint struct {
	Origin  string
	Size    int64
	Root    tlog.Hash
	Signers []string
	Text    string
}

func (c checkpoint) summary() map[string]interface{} {
	return map[string]interface{}{"origin": c.Origin, "tree_size": c.Size, "root_hash": hex.EncodeToString(c.Root[:]), "signers": c.Signers}
}

// cosigner verifies cosignature/v1 (c2sp.org/tlog-cosignature, type 0x04):
// a note.Verifier, so note.Open checks witnesses' lines as it checks the log's.
type cosigner struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func (c cosigner) Name() string    { return c.name }
func (c cosigner) KeyHash() uint32 { return c.hash }
func (c cosigner) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	return ed25519.Verify(c.key, cosignedMessage(msg, binary.BigEndian.Uint64(sig)), sig[8:])
}

func cosignedMessage(text []byte, timestamp uint64) []byte {
	return append([]byte(fmt.Sprintf("cosignature/v1\ntime %d\n", timestamp)), text...)
}

func keyID(name string, typ byte, key []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name + "\n"))
	h.Write([]byte{typ})
	h.Write(key)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

// newCosigner parses a witness vkey: name+hex(key ID)+base64(0x04 || key).
func newCosigner(vkey string) cosigner {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		fail("witness vkey %q: expected name+keyid+key", vkey)
	}
	material, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(material) != 33 || material[0] != 0x04 {
		fail("witness vkey %q: expected type 0x04 and a 32-byte Ed25519 key", vkey)
	}
	id, err := strconv.ParseUint(parts[1], 16, 32)
	if err != nil || uint32(id) != keyID(parts[0], 0x04, material[1:]) {
		fail("witness vkey %q: its key ID is not its key's", vkey)
	}
	return cosigner{name: parts[0], hash: uint32(id), key: ed25519.PublicKey(material[1:])}
}

// openCheckpoint opens a note with the log's vkey and the witnesses' (quorum
// of them, all by default, must have cosigned) and parses its text.
func openCheckpoint(msg []byte, vkey string, witnesses []string, quorum int) checkpoint {
	logVerifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("log vkey %q: %v", vkey, err)
	}
	verifiers := []note.Verifier{logVerifier}
	for _, w := range witnesses {
		verifiers = append(verifiers, newCosigner(w))
	}
	n, err := note.Open(msg, note.VerifierList(verifiers...))
	if err != nil {
		fail("note does not open: %v", err)
	}
	c := parseBody(n.Text)
	logSigned := false
	cosigned := 0
	for _, s := range n.Sigs {
		c.Signers = append(c.Signers, s.Name)
		if s.Name == logVerifier.Name() && s.Hash == logVerifier.KeyHash() {
			logSigned = true
		} else {
			cosigned++
		}
	}
	if !logSigned {
		fail("note is not signed by the log's key %s", vkey)
	}
	if c.Origin != logVerifier.Name() {
		fail("checkpoint origin %q is not the log key's name %q", c.Origin, logVerifier.Name())
	}
	if quorum == 0 {
		quorum = len(witnesses)
	}
	if cosigned < quorum {
		fail("checkpoint %d is cosigned by %d of the %d witnesses given, %d needed", c.Size, cosigned, len(witnesses), quorum)
	}
	return c
}

func parseBody(text string) checkpoint {
	lines := strings.Split(text, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		fail("checkpoint text %q: expected origin, size and root lines", text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		fail("checkpoint tree size %q is not a decimal", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		fail("checkpoint root %q is not a base64 SHA-256 hash", lines[2])
	}
	var h tlog.Hash
	copy(h[:], root)
	return checkpoint{Origin: lines[0], Size: size, Root: h, Text: text}
}

func hexBytes(s string, size int) []byte {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != size {
		fail("%q is not %d bytes of hex", s, size)
	}
	return b
}

func hexHash(s string) tlog.Hash {
	var h tlog.Hash
	copy(h[:], hexBytes(s, tlog.HashSize))
	return h
}

func hexHashes(s string) []tlog.Hash {
	if s == "" {
		return nil
	}
	var hashes []tlog.Hash
	for _, part := range strings.Split(s, ",") {
		hashes = append(hashes, hexHash(part))
	}
	return hashes
}

func checkInclusion(c checkpoint, index int64, leaf tlog.Hash, path []tlog.Hash) {
	if err := tlog.CheckRecord(tlog.RecordProof(path), c.Size, c.Root, index, leaf); err != nil {
		fail("leaf %d is not proven in the tree of %d: %v", index, c.Size, err)
	}
}

func checkConsistency(older, newer checkpoint, path []tlog.Hash) {
	if err := tlog.CheckTree(tlog.TreeProof(path), newer.Size, newer.Root, older.Size, older.Root); err != nil {
		fail("the tree of %d is not proven to extend the tree of %d: %v", newer.Size, older.Size, err)
	}
}
