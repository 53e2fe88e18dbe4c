package main

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/mod/sumdb/tlog"
)

// c2spTiles reads c2sp.org/tlog-tiles hash tiles, tile/<L>/<N>[.p/<W>],
// from a directory: Go's tlog names its tiles tile/<H>/<L>/<N>, with the
// height, so the paths are made here from the spec.
type c2spTiles struct{ dir string }

func (t c2spTiles) Height() int { return 8 }

func tileIndexPath(n int64) string {
	path := fmt.Sprintf("%03d", n%1000)
	for n /= 1000; n > 0; n /= 1000 {
		path = fmt.Sprintf("x%03d/%s", n%1000, path)
	}
	return path
}

func (t c2spTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	var data [][]byte
	for _, tile := range tiles {
		full := filepath.Join(t.dir, "tile", fmt.Sprint(tile.L), tileIndexPath(tile.N))
		name := full
		if tile.W < 256 {
			name = fmt.Sprintf("%s.p/%d", full, tile.W)
		}
		b, err := os.ReadFile(name)
		if os.IsNotExist(err) && tile.W < 256 {
			// A partial tile may be gone once the full one is written (the spec allows it).
			if b, err = os.ReadFile(full); err == nil && len(b) >= tile.W*tlog.HashSize {
				b = b[:tile.W*tlog.HashSize]
			}
		}
		if err != nil {
			return nil, err
		}
		if len(b) != tile.W*tlog.HashSize {
			return nil, fmt.Errorf("%s holds %d bytes, not %d hashes", name, len(b), tile.W)
		}
		data = append(data, b)
	}
	return data, nil
}

func (t c2spTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

// readTiles opens DIR/checkpoint with the vkey, then computes the root of
// every tree size up to it from the tiles through tlog.TileHashReader, which
// checks every tile it reads against the signed root.
func readTiles(dir, vkey string) map[string]interface{} {
	cp := openCheckpoint(readFile(filepath.Join(dir, "checkpoint")), vkey, nil, 0)
	reader := tlog.TileHashReader(tlog.Tree{N: cp.Size, Hash: cp.Root}, c2spTiles{dir})
	roots := []string{}
	for n := int64(1); n <= cp.Size; n++ {
		root, err := tlog.TreeHash(n, reader)
		if err != nil {
			fail("tiles: the tree of %d: %v", n, err)
		}
		roots = append(roots, hex.EncodeToString(root[:]))
	}
	result := cp.summary()
	result["roots"] = roots
	return result
}
