package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// A witness from c2sp.org/tlog-witness (add-checkpoint) that returns
// c2sp.org/tlog-cosignature cosignature/v1 lines, for one log. It keeps the
// latest checkpoint it cosigned in memory: the test that runs it is its life.
type witness struct {
	name    string
	key     ed25519.PrivateKey
	keyHash uint32
	log     note.Verifier
	mu      sync.Mutex
	size    int64
	root    tlog.Hash
	latest  []byte
}

func runWitness(name string, seed []byte, logVkey, listen string) {
	logVerifier, err := note.NewVerifier(logVkey)
	if err != nil {
		fail("log vkey %q: %v", logVkey, err)
	}
	key := ed25519.NewKeyFromSeed(seed)
	public := key.Public().(ed25519.PublicKey)
	w := &witness{name: name, key: key, keyHash: keyID(name, 0x04, public), log: logVerifier}
	listener, err := net.Listen("tcp", listen)
	if err != nil {
		fail("%v", err)
	}
	vkey := fmt.Sprintf("%s+%08x+%s", name, w.keyHash, base64.StdEncoding.EncodeToString(append([]byte{0x04}, public...)))
	printJSON(map[string]string{"url": "http://" + listener.Addr().String(), "vkey": vkey})
	mux := http.NewServeMux()
	mux.HandleFunc("/add-checkpoint", w.addCheckpoint)
	origin := sha256.Sum256([]byte(logVerifier.Name()))
	mux.HandleFunc(fmt.Sprintf("/%x/checkpoint", origin), w.checkpoint)
	fail("%v", http.Serve(listener, mux))
}

func (w *witness) refuse(rw http.ResponseWriter, status int, format string, args ...interface{}) {
	message := fmt.Sprintf(format, args...)
	fmt.Fprintf(os.Stderr, "witness %s: %d %s\n", w.name, status, message)
	http.Error(rw, message, status)
}

func (w *witness) addCheckpoint(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.refuse(rw, http.StatusMethodNotAllowed, "POST only")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		w.refuse(rw, http.StatusBadRequest, "%v", err)
		return
	}
	split := bytes.Index(body, []byte("\n\n"))
	if split < 0 {
		w.refuse(rw, http.StatusBadRequest, "no blank line before the checkpoint")
		return
	}
	lines := strings.Split(string(body[:split]), "\n")
	old, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "old "), 10, 64)
	if !strings.HasPrefix(lines[0], "old ") || err != nil || old < 0 || strconv.FormatInt(old, 10) != strings.TrimPrefix(lines[0], "old ") {
		w.refuse(rw, http.StatusBadRequest, "the first line %q is not old <size>", lines[0])
		return
	}
	var proof tlog.TreeProof
	for _, line := range lines[1:] {
		b, err := base64.StdEncoding.DecodeString(line)
		if err != nil || len(b) != tlog.HashSize || len(proof) == 63 {
			w.refuse(rw, http.StatusBadRequest, "bad consistency proof line %q", line)
			return
		}
		var h tlog.Hash
		copy(h[:], b)
		proof = append(proof, h)
	}
	msg := body[split+2:]
	if origin := strings.SplitN(string(msg), "\n", 2)[0]; origin != w.log.Name() {
		w.refuse(rw, http.StatusNotFound, "unknown origin %q", origin)
		return
	}
	n, err := note.Open(msg, note.VerifierList(w.log))
	if err != nil {
		w.refuse(rw, http.StatusForbidden, "the checkpoint is not signed by the log's key: %v", err)
		return
	}
	cp := parseBody(n.Text)
	if old > cp.Size {
		w.refuse(rw, http.StatusBadRequest, "old size %d is larger than the checkpoint's %d", old, cp.Size)
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if old != w.size {
		fmt.Fprintf(os.Stderr, "witness %s: 409 old size %d, latest cosigned %d\n", w.name, old, w.size)
		rw.Header().Set("Content-Type", "text/x.tlog.size")
		rw.WriteHeader(http.StatusConflict)
		fmt.Fprintf(rw, "%d\n", w.size)
		return
	}
	switch {
	case cp.Size == 0 && cp.Root != tlog.Hash(sha256.Sum256(nil)):
		w.refuse(rw, http.StatusUnprocessableEntity, "a tree of size 0 must have the empty tree's root")
		return
	case old == 0 && len(proof) > 0:
		w.refuse(rw, http.StatusUnprocessableEntity, "a proof from size 0 must be empty")
		return
	case old == cp.Size && cp.Root != w.root:
		w.refuse(rw, http.StatusUnprocessableEntity, "the checkpoint of %d has another root than the one cosigned", cp.Size)
		return
	case old > 0 && old < cp.Size:
		if err := tlog.CheckTree(proof, cp.Size, cp.Root, old, w.root); err != nil {
			w.refuse(rw, http.StatusUnprocessableEntity, "inconsistent: the tree of %d does not extend the tree of %d cosigned: %v", cp.Size, old, err)
			return
		}
	}
	timestamp := uint64(time.Now().Unix())
	signature := ed25519.Sign(w.key, cosignedMessage([]byte(n.Text), timestamp))
	sig := make([]byte, 4+8, 4+8+ed25519.SignatureSize)
	binary.BigEndian.PutUint32(sig, w.keyHash)
	binary.BigEndian.PutUint64(sig[4:], timestamp)
	line := fmt.Sprintf("\u2014 %s %s\n", w.name, base64.StdEncoding.EncodeToString(append(sig, signature...)))
	w.size, w.root = cp.Size, cp.Root
	w.latest = append(append([]byte{}, msg...), line...)
	fmt.Fprintf(os.Stderr, "witness %s: 200 cosigned %d\n", w.name, cp.Size)
	rw.Write([]byte(line))
}

// checkpoint serves the latest checkpoint cosigned (the monitoring prefix).
func (w *witness) checkpoint(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.latest == nil {
		http.NotFound(rw, r)
		return
	}
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	rw.Write(w.latest)
}
