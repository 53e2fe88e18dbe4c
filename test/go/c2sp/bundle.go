package main

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// checkBundle checks a c2sp.org/tlog-proof@v1 bundle offline: the
// checkpoint opens with the log's vkey (and the witnesses'), and the
// inclusion proof leads from the leaf hash (given, else the extra line's) to its root.
func checkBundle(data []byte, vkey string, witnesses []string, quorum int, leafHex string) map[string]interface{} {
	text := string(data)
	split := strings.Index(text, "\n\n")
	if split < 0 {
		fail("bundle: no blank line before the checkpoint")
	}
	lines := strings.Split(text[:split], "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" {
		fail("bundle: the first line is %q, not c2sp.org/tlog-proof@v1", lines[0])
	}
	lines = lines[1:]
	var extra []byte
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		var err error
		if extra, err = base64.StdEncoding.DecodeString(strings.TrimPrefix(lines[0], "extra ")); err != nil {
			fail("bundle: extra line: %v", err)
		}
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		fail("bundle: no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	if err != nil || index < 0 {
		fail("bundle: index %q", lines[0])
	}
	var path []tlog.Hash
	for _, line := range lines[1:] {
		b, err := base64.StdEncoding.DecodeString(line)
		if err != nil || len(b) != tlog.HashSize {
			fail("bundle: proof line %q is not a base64 SHA-256 hash", line)
		}
		var h tlog.Hash
		copy(h[:], b)
		path = append(path, h)
	}
	cp := openCheckpoint([]byte(text[split+2:]), vkey, witnesses, quorum)
	if leafHex == "" {
		leafHex = hex.EncodeToString(extra)
	}
	checkInclusion(cp, index, hexHash(leafHex), path)
	result := cp.summary()
	result["index"] = index
	result["leaf_hash"] = leafHex
	return result
}
