// Command auditbench writes a large Go heap profile for the audit benchmark: 2^depth distinct
// call stacks (a binary recursion with two call sites per level), one live allocation per leaf.
//
// Usage: auditbench -depth 17 -out heap.pb.gz
package main

import (
	"flag"
	"os"
	"runtime"
	"runtime/pprof"
)

var keep [][]byte

//go:noinline
func walk(depth, path int) {
	if depth == 0 {
		keep = append(keep, make([]byte, 64+path%7*16))
		return
	}
	if path&(1<<depth) == 0 {
		walk(depth-1, path)
	} else {
		walk(depth-1, path)
	}
}

func main() {
	depth := flag.Int("depth", 17, "recursion depth (2^depth stacks)")
	out := flag.String("out", "heap.pb.gz", "profile to write")
	flag.Parse()
	runtime.MemProfileRate = 1
	for p := 0; p < 1<<*depth; p++ {
		walk(*depth, p<<1)
	}
	runtime.GC()
	f, err := os.Create(*out)
	if err != nil {
		panic(err)
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		panic(err)
	}
	f.Close()
	runtime.KeepAlive(keep)
}
