// Command deepstacks writes a large Go heap profile for bench/pprof.bench.ts: with
// runtime.MemProfileRate = 1 it allocates from 2^19 distinct call stacks (a 19-level binary
// recursion through two functions) and three object sizes per stack, keeps every object alive,
// and writes the heap profile (≈ 1.5M samples, ≈ 60 MB uncompressed).
//
// Usage: deepstacks -out heap.pb.gz [-depth 19]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

var keep [][]byte

//go:noinline
func leaf() {
	keep = append(keep, make([]byte, 16), make([]byte, 32), make([]byte, 64))
}

//go:noinline
func left(n uint32, d int) {
	if d == 0 {
		leaf()
	} else if n&1 == 0 {
		left(n>>1, d-1)
	} else {
		right(n>>1, d-1)
	}
}

//go:noinline
func right(n uint32, d int) {
	if d == 0 {
		leaf()
	} else if n&1 == 0 {
		left(n>>1, d-1)
	} else {
		right(n>>1, d-1)
	}
}

func main() {
	runtime.MemProfileRate = 1
	out := flag.String("out", "heap.pb.gz", "output file")
	depth := flag.Int("depth", 19, "recursion depth: 2^depth distinct stacks")
	flag.Parse()
	n := uint32(1) << uint(*depth)
	keep = make([][]byte, 0, 3*int(n))
	for i := uint32(0); i < n; i++ {
		left(i, *depth)
	}
	runtime.GC()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f.Close()
	fmt.Printf("stacks=%d objects=%d\n", n, len(keep))
}
