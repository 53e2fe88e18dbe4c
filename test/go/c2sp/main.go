// Command c2sp checks what lib_event publishes with Go's own implementation
// of signed notes and RFC 6962 proofs (golang.org/x/mod/sumdb/note and
// golang.org/x/mod/sumdb/tlog), and runs a test witness written from
// c2sp.org/tlog-witness and c2sp.org/tlog-cosignature. Driven by the tests
// in test/ (test/support/go-c2sp.ts builds it with GO111MODULE=off against
// Debian's golang-golang-x-mod-dev).
//
//	c2sp note -vkey V [-witness W]... [-quorum N] FILE
//	c2sp inclusion -vkey V -note FILE -index I -leaf HEX [-path HEX,...]
//	c2sp consistency -vkey V -old FILE -new FILE [-path HEX,...]
//	c2sp bundle -vkey V [-witness W]... [-quorum N] [-leaf HEX] FILE
//	c2sp tiles -vkey V -dir DIR
//	c2sp witness -name NAME -seed HEX -log-vkey V [-listen ADDR]
//
// Every check prints one JSON line and exits 0 when it holds; otherwise it
// prints the reason on stderr and exits 1.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "c2sp: "+format+"\n", args...)
	os.Exit(1)
}

func printJSON(v interface{}) {
	out, err := json.Marshal(v)
	if err != nil {
		fail("%v", err)
	}
	fmt.Println(string(out))
}

func main() {
	if len(os.Args) < 2 {
		fail("usage: c2sp note|inclusion|consistency|bundle|tiles|witness ...")
	}
	flags := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	vkey := flags.String("vkey", "", "the log's verifier key")
	var witnesses multi
	flags.Var(&witnesses, "witness", "a witness's verifier key (cosignature/v1), repeatable")
	quorum := flags.Int("quorum", 0, "how many of the witnesses must have cosigned (default all given)")
	switch os.Args[1] {
	case "note":
		flags.Parse(os.Args[2:])
		cp := openCheckpoint(readFile(flags.Arg(0)), *vkey, witnesses, *quorum)
		printJSON(cp.summary())
	case "inclusion":
		noteFile := flags.String("note", "", "the checkpoint note")
		index := flags.Int64("index", -1, "the leaf index")
		leaf := flags.String("leaf", "", "the leaf hash, hex")
		path := flags.String("path", "", "the audit path, hex, comma separated")
		flags.Parse(os.Args[2:])
		cp := openCheckpoint(readFile(*noteFile), *vkey, witnesses, *quorum)
		checkInclusion(cp, *index, hexHash(*leaf), hexHashes(*path))
		printJSON(map[string]interface{}{"included": true, "index": *index, "tree_size": cp.Size})
	case "consistency":
		oldFile := flags.String("old", "", "the earlier checkpoint note")
		newFile := flags.String("new", "", "the later checkpoint note")
		path := flags.String("path", "", "the consistency proof, hex, comma separated")
		flags.Parse(os.Args[2:])
		older := openCheckpoint(readFile(*oldFile), *vkey, nil, 0)
		newer := openCheckpoint(readFile(*newFile), *vkey, nil, 0)
		checkConsistency(older, newer, hexHashes(*path))
		printJSON(map[string]interface{}{"consistent": true, "first_size": older.Size, "second_size": newer.Size})
	case "bundle":
		leaf := flags.String("leaf", "", "the leaf hash, hex (default: the bundle's extra line)")
		flags.Parse(os.Args[2:])
		printJSON(checkBundle(readFile(flags.Arg(0)), *vkey, witnesses, *quorum, *leaf))
	case "tiles":
		dir := flags.String("dir", "", "the directory npm run tiles wrote")
		flags.Parse(os.Args[2:])
		printJSON(readTiles(*dir, *vkey))
	case "witness":
		name := flags.String("name", "", "the witness's key name")
		seed := flags.String("seed", "", "the witness's Ed25519 seed, 32 bytes hex")
		logVkey := flags.String("log-vkey", "", "the vkey of the log it witnesses")
		listen := flags.String("listen", "127.0.0.1:0", "the address to listen on")
		flags.Parse(os.Args[2:])
		runWitness(*name, hexBytes(*seed, 32), *logVkey, *listen)
	default:
		fail("unknown command %q", os.Args[1])
	}
}

func readFile(name string) []byte {
	data, err := os.ReadFile(name)
	if err != nil {
		fail("%v", err)
	}
	return data
}
