// Command mapretain fills two long-lived global maps, deletes most of their keys, rebuilds one of
// them (the control) and writes Go heap profiles before and after the deletes, as protobuf
// (pprof.WriteHeapProfile) and as the legacy debug=1 text (pprof.Lookup("heap").WriteTo(w, 1)).
//
// The helpers are not inlined so that every symboliser (runtime.CallersFrames for the text
// profile, pprof reading the binary) names the same frames.
//
// Usage: mapretain -out DIR [-rate N]   (N = runtime.MemProfileRate; 0 keeps Go's default)
//
// What the profiles must show (tests check it):
//   - main.fill's bucket-array site under main.main's "big" call still holds a B=16 array
//     (2^16+2^12 buckets x 208 B = 14,483,456 B) after 299,000 of 300,000 keys were deleted;
//   - the control map "small" was rebuilt with make(map, len) after the same deletes, so its
//     grown array is garbage and only a small B=8 array remains at main.rebuild.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

type entry struct {
	name  string
	value [4]int64
}

var (
	big   map[string]*entry
	small map[string]*entry
)

const (
	filled = 300000
	kept   = 1000
)

// fill inserts n entries; the entry allocation and the map assignment are on separate lines so
// their allocation sites (file:line) differ.
//go:noinline
func fill(m map[string]*entry, n int) {
	for i := 0; i < n; i++ {
		k := fmt.Sprintf("key-%07d", i)
		e := &entry{name: k}
		m[k] = e
	}
}

// shrink deletes every key but the first `keep`.
//go:noinline
func shrink(m map[string]*entry, keep int) {
	for i := keep; i < filled; i++ {
		delete(m, fmt.Sprintf("key-%07d", i))
	}
}

// rebuild copies the survivors into a map sized for them: the old bucket array becomes garbage.
//go:noinline
func rebuild(m map[string]*entry) map[string]*entry {
	out := make(map[string]*entry, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

//go:noinline
func write(dir, name string) {
	runtime.GC()
	runtime.GC()
	f, err := os.Create(filepath.Join(dir, name+".pb.gz"))
	check(err)
	check(pprof.WriteHeapProfile(f))
	check(f.Close())
	t, err := os.Create(filepath.Join(dir, name+".txt"))
	check(err)
	check(pprof.Lookup("heap").WriteTo(t, 1))
	check(t.Close())
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	out := flag.String("out", ".", "output directory")
	rate := flag.Int("rate", 0, "runtime.MemProfileRate (0: Go's default)")
	flag.Parse()
	if *rate > 0 {
		runtime.MemProfileRate = *rate
	}
	check(os.MkdirAll(*out, 0o755))

	big = make(map[string]*entry)
	fill(big, filled)
	small = make(map[string]*entry)
	fill(small, filled)
	write(*out, "heap-before")

	shrink(big, kept)
	shrink(small, kept)
	small = rebuild(small)
	write(*out, "heap")

	fmt.Printf("big=%d small=%d rate=%d\n", len(big), len(small), runtime.MemProfileRate)
	runtime.KeepAlive(big)
	runtime.KeepAlive(small)
}
