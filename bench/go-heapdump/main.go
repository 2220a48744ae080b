// Command go-heapdump-bench builds a large, object-dense Go heap and writes it with
// debug.WriteHeapDump, for heaplens's godump benchmark (bench/godump.bench.ts).
// With -mb 1024: about 10 million objects and a ~1 GB dump.
//
// Usage: go-heapdump-bench -out FILE [-mb N]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
)

type rec struct {
	id      int64
	name    string
	tags    []string
	next    *rec
	payload []byte
}

type node struct {
	left, right *node
	key         int64
	val         *rec
}

var (
	recs  []*rec
	index map[int64]*rec
	// sparse grew to n/2 entries and keeps 1% of them: a retained bucket array for the map detectors.
	sparse map[int64]*rec
	root  *node
	blobs [][]byte
)

func insert(n *node, k int64, v *rec) *node {
	// iterative insert into an unbalanced tree keyed by a scrambled id (depth stays ~2·log n)
	nn := &node{key: k, val: v}
	if n == nil {
		return nn
	}
	cur := n
	for {
		if k < cur.key {
			if cur.left == nil {
				cur.left = nn
				return n
			}
			cur = cur.left
		} else {
			if cur.right == nil {
				cur.right = nn
				return n
			}
			cur = cur.right
		}
	}
}

func main() {
	out := flag.String("out", "heap.dump", "dump file")
	mb := flag.Int("mb", 1024, "approximate heap size in MiB")
	flag.Parse()
	// Per record: rec (80 B), name (tiny/16 B), tags backing array (32 B), payload (64 B), tree node (32 B)
	// plus map slots: about 5 objects and ~290 B; the rest of the budget is 4 KiB pointer-free blobs.
	n := *mb * 1024 * 1024 * 2 / 3 / 290
	recs = make([]*rec, 0, n)
	index = make(map[int64]*rec)
	var prev *rec
	for i := 0; i < n; i++ {
		name := strconv.Itoa(i)
		r := &rec{id: int64(i), name: name, tags: []string{"bench", name}, next: prev, payload: make([]byte, 64)}
		if i%16 != 0 {
			prev = r
		} else {
			prev = nil
		}
		recs = append(recs, r)
		index[int64(i)] = r
		k := int64(uint64(i) * 0x9E3779B97F4A7C15 >> 1)
		root = insert(root, k, r)
	}
	sparse = make(map[int64]*rec)
	for i := 0; i < n/2; i++ {
		sparse[int64(i)] = recs[i]
	}
	for i := 0; i < n/2; i++ {
		if i%100 != 0 {
			delete(sparse, int64(i))
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	for rest := int64(*mb)*1024*1024 - int64(ms.HeapAlloc); rest > 0; rest -= 4096 {
		blobs = append(blobs, make([]byte, 4096))
	}
	runtime.GC()
	f, err := os.Create(*out)
	if err != nil {
		panic(err)
	}
	debug.WriteHeapDump(f.Fd())
	f.Close()
	runtime.ReadMemStats(&ms)
	fmt.Printf("{\"records\": %d, \"HeapObjects\": %d, \"HeapAlloc\": %d}\n", n, ms.HeapObjects, ms.HeapAlloc)
	runtime.KeepAlive(recs)
}
