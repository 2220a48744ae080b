// Command gateway is the Go half of the hybrid sample service: a session cache (a global map)
// that is filled, then mostly deleted. delete() frees no bucket memory, so the map's bucket
// array stays as large as at its peak.
//
// Usage:
//
//	gateway -mode profile  -out DIR   heap-before.pb.gz (after the fill), heap.pb.gz and heap.txt
//	                                  (after the deletes; proto and debug=1 text)
//	gateway -mode heapdump -out DIR   heapdump (runtime/debug.WriteHeapDump) after the deletes
//
// Both modes print "FACT key=value" lines read from the runtime: len and B of the map (B through
// the go1.19 hmap layout: count@0, B@9) and the MemProfileRate.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"unsafe"
)

type session struct {
	token string
	hits  [6]int64
}

var sessions map[string]*session

const (
	filled = 50000
	kept   = 500
)

//go:noinline
func openSessions(n int) {
	for i := 0; i < n; i++ {
		k := fmt.Sprintf("sess-%06d", i)
		s := &session{token: k}
		sessions[k] = s
	}
}

//go:noinline
func closeSessions(keep int) {
	for i := keep; i < filled; i++ {
		delete(sessions, fmt.Sprintf("sess-%06d", i))
	}
}

// mapB reads B from the runtime's map header (go1.19 hmap: count int @0, flags @8, B @9).
func mapB(m map[string]*session) uint8 {
	h := *(**struct {
		count int
		flags uint8
		B     uint8
	})(unsafe.Pointer(&m))
	return h.B
}

func writeProfile(dir, name string, text bool) {
	runtime.GC()
	runtime.GC()
	f, err := os.Create(filepath.Join(dir, name+".pb.gz"))
	check(err)
	check(pprof.WriteHeapProfile(f))
	check(f.Close())
	if text {
		t, err := os.Create(filepath.Join(dir, name+".txt"))
		check(err)
		check(pprof.Lookup("heap").WriteTo(t, 1))
		check(t.Close())
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	mode := flag.String("mode", "profile", "profile | heapdump")
	out := flag.String("out", ".", "output directory")
	flag.Parse()
	// Every allocation sampled: profiles and dump samples are exact, not estimates.
	runtime.MemProfileRate = 1
	check(os.MkdirAll(*out, 0o755))

	sessions = make(map[string]*session)
	openSessions(filled)
	fmt.Printf("FACT peak.len=%d\nFACT peak.B=%d\n", len(sessions), mapB(sessions))
	if *mode == "profile" {
		writeProfile(*out, "heap-before", false)
	}
	closeSessions(kept)
	fmt.Printf("FACT len=%d\nFACT B=%d\nFACT rate=%d\n", len(sessions), mapB(sessions), runtime.MemProfileRate)
	switch *mode {
	case "profile":
		writeProfile(*out, "heap", true)
	case "heapdump":
		runtime.GC()
		f, err := os.Create(filepath.Join(*out, "heapdump"))
		check(err)
		debug.WriteHeapDump(f.Fd())
		check(f.Close())
	default:
		check(fmt.Errorf("unknown mode %q", *mode))
	}
	runtime.KeepAlive(sessions)
}
