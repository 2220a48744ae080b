// Command heapdump-sample builds a few Go maps whose retention heaplens must explain, then writes a
// runtime heap dump (debug.WriteHeapDump), a pprof heap profile and a JSON file of ground-truth
// facts read from the runtime itself (len, B read through unsafe from the hmap, addresses,
// runtime.MemStats taken right after the dump).
//
// Usage: heapdump-sample -out DIR [-rate1]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"unsafe"
)

type entry struct {
	name  string
	value [4]int64
}

type resource struct {
	id  int
	buf []byte
}

// garbage objects: a distinctive size (72 B -> size class 80) allocated after the last GC.
type garbage struct{ words [9]uint64 }

var (
	big     map[string]*entry // filled, then mostly deleted: keeps its bucket array
	small   map[string]*entry // the same, then rebuilt: the control
	handler func() int        // a closure capturing a map
	res     *resource         // an object with a finalizer
	sink    []*garbage
	stop    = make(chan struct{})
	ready   = make(chan mapFacts)
)

const (
	fillN = 6000
	keepN = 60
)

type mapFacts struct {
	Name     string `json:"name"`
	Len      int    `json:"len"`
	B        uint8  `json:"B"`
	Hmap     string `json:"hmap"`
	Buckets  string `json:"buckets"`
	Global   string `json:"global,omitempty"`
	Retainer string `json:"retainer"`
	OnStack  bool   `json:"onStack,omitempty"`
}

// hmapOf reads the runtime's map header behind a map value (go1.19 layout: count@0, B@9, buckets@16).
func hmapOf(m unsafe.Pointer) (addr uintptr, b uint8, buckets uintptr) {
	h := *(*unsafe.Pointer)(m)
	return uintptr(h), *(*uint8)(unsafe.Add(h, 9)), *(*uintptr)(unsafe.Add(h, 16))
}

func facts(name string, m *map[string]*entry, global bool, retainer string) mapFacts {
	h, b, bk := hmapOf(unsafe.Pointer(m))
	f := mapFacts{Name: name, Len: len(*m), B: b, Hmap: hex(h), Buckets: hex(bk), Retainer: retainer}
	if global {
		f.Global = hex(uintptr(unsafe.Pointer(m)))
	}
	return f
}

func hex(p uintptr) string { return fmt.Sprintf("0x%x", p) }

func fill(m map[string]*entry, n int) {
	for i := 0; i < n; i++ {
		k := fmt.Sprintf("key-%06d", i)
		m[k] = &entry{name: k}
	}
}

func shrinkTo(m map[string]*entry, keep int) {
	for i := keep; i < fillN; i++ {
		delete(m, fmt.Sprintf("key-%06d", i))
	}
}

// newLocalMap returns a heap-allocated map (a map that never escapes gets its hmap on the stack,
// which the dump does not list as an object).
//
//go:noinline
func newLocalMap() map[string]*entry { return make(map[string]*entry) }

// worker holds a map in its own stack frame while it waits: a goroutine-frame root.
func worker() {
	local := newLocalMap()
	fill(local, fillN/2)
	for i := keepN / 2; i < fillN/2; i++ {
		delete(local, fmt.Sprintf("key-%06d", i))
	}
	ready <- facts("local", &local, false, "goroutine frame main.worker")
	<-stop
	runtime.KeepAlive(local)
}

// stackWorker keeps a map that never escapes: the compiler puts its header (hmap) in the frame,
// only the bucket array is a heap object, pointed at from the frame.
func stackWorker() {
	m := make(map[string]*entry)
	fill(m, fillN/4)
	for i := keepN / 4; i < fillN/4; i++ {
		delete(m, fmt.Sprintf("key-%06d", i))
	}
	f := facts("stack", &m, false, "goroutine frame main.stackWorker (header on the stack)")
	f.OnStack = true
	ready <- f
	<-stop
	runtime.KeepAlive(m)
}

// makeHandler returns a closure that captures a map: reachable only through the closure object.
func makeHandler() (func() int, mapFacts) {
	captured := make(map[string]*entry)
	fill(captured, fillN/4)
	for i := keepN / 4; i < fillN/4; i++ {
		delete(captured, fmt.Sprintf("key-%06d", i))
	}
	f := facts("captured", &captured, false, "closure in main.handler")
	return func() int { return len(captured) }, f
}

func makeGarbage(n int) {
	for i := 0; i < n; i++ {
		g := &garbage{}
		g.words[0] = uint64(i)
		sink = append(sink, g)
	}
	sink = nil // unreachable from here on, but not swept before the dump
}

func main() {
	out := flag.String("out", ".", "output directory")
	rate1 := flag.Bool("rate1", false, "set runtime.MemProfileRate = 1 (every allocation sampled)")
	flag.Parse()
	if *rate1 {
		runtime.MemProfileRate = 1
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		panic(err)
	}

	big = make(map[string]*entry)
	fill(big, fillN)
	shrinkTo(big, keepN)

	small = make(map[string]*entry)
	fill(small, fillN)
	shrinkTo(small, keepN)
	rebuilt := make(map[string]*entry, len(small))
	for k, v := range small {
		rebuilt[k] = v
	}
	small = rebuilt

	go worker()
	localFacts := <-ready
	go stackWorker()
	stackFacts := <-ready
	var capturedFacts mapFacts
	handler, capturedFacts = makeHandler()

	res = &resource{id: 7, buf: make([]byte, 3000)}
	runtime.SetFinalizer(res, func(r *resource) { fmt.Fprintln(os.Stderr, "finalized", r.id) })

	runtime.GC()
	runtime.GC()
	makeGarbage(1000)

	prof, err := os.Create(filepath.Join(*out, "heap.pb.gz"))
	if err != nil {
		panic(err)
	}
	dump, err := os.Create(filepath.Join(*out, "heap.dump"))
	if err != nil {
		panic(err)
	}
	debug.WriteHeapDump(dump.Fd())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	dump.Close()
	if err := pprof.WriteHeapProfile(prof); err != nil {
		panic(err)
	}
	prof.Close()

	f := map[string]any{
		"goVersion":      runtime.Version(),
		"memProfileRate": runtime.MemProfileRate,
		"maps": []mapFacts{
			facts("big", &big, true, "main.big"),
			facts("small", &small, true, "main.small"),
			localFacts,
			capturedFacts,
			stackFacts,
		},
		"globals": map[string]string{
			"main.big": hex(uintptr(unsafe.Pointer(&big))), "main.small": hex(uintptr(unsafe.Pointer(&small))),
			"main.handler": hex(uintptr(unsafe.Pointer(&handler))), "main.res": hex(uintptr(unsafe.Pointer(&res))),
		},
		"finalizerObject": hex(uintptr(unsafe.Pointer(res))),
		"garbageObjects":  1000,
		"garbageSize":     unsafe.Sizeof(garbage{}),
		"memStatsAfterDump": map[string]uint64{
			"HeapObjects": ms.HeapObjects, "HeapAlloc": ms.HeapAlloc, "NumGC": uint64(ms.NumGC),
		},
	}
	js, _ := json.MarshalIndent(f, "", "  ")
	if err := os.WriteFile(filepath.Join(*out, "facts.json"), append(js, '\n'), 0o644); err != nil {
		panic(err)
	}
	fmt.Println(handler())
	close(stop)
}
