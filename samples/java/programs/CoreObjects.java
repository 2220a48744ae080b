import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Core object shapes for the HPROF reader tests (one program keeps the committed samples small):
 * a static cache (HashMap held by a static), a binary tree whose leaves share nodes, strings in
 * both coders, boxed values, an enum, arrays, a capturing lambda, an anonymous class, an inner
 * class, a shadowed field; named threads parked with objects in their locals and a ThreadLocal
 * each; weak/soft/phantom references (live and cleared); a WeakHashMap with one live and three
 * stale entries; an object with a finalizer.
 */
public class CoreObjects {
  static final Map<String, CacheEntry> CACHE = new HashMap<>();
  static TreeNode TREE;
  static final TreeNode[] SHARED = new TreeNode[4];
  static String LATIN1 = new String("caf\u00e9 latin1 <b>&amp;</b>");
  static String UTF16 = new String("h\u00e9llo\u2192 \uD835\uDC9C world");
  static Integer BOXED_INT = Integer.valueOf(123456);
  static Long BOXED_LONG = Long.valueOf(-9876543210L);
  static Double BOXED_DOUBLE = Double.valueOf(2.5);
  static Color FAVORITE = Color.GREEN;
  static int[] INTS = new int[1000];
  static long[][] GRID = new long[3][7];
  static String[] WORDS = {"alpha", "beta", "gamma"};
  static Supplier<String> CAPTURING;
  static Runnable ANONYMOUS;
  static Object INNER;
  static Derived SHADOW = new Derived();
  static Leaf LEAF;

  enum Color { RED, GREEN, BLUE }

  static final class CacheEntry {
    final String key;
    final byte[] payload;
    final int hits;
    CacheEntry(String key, byte[] payload, int hits) {
      this.key = key;
      this.payload = payload;
      this.hits = hits;
    }
  }

  static final class TreeNode {
    final int id;
    TreeNode left, right, shared;
    TreeNode(int id) { this.id = id; }
  }

  static class Base { int value = 1; long baseB = 11; Object baseRef; }
  static class Mid extends Base { int midA = 12; }
  static class Leaf extends Mid { int leafA = 13; Object leafRef = "leaf-str"; short s = 5; boolean z = true; double d = 3.5; }
  static class Derived extends Base { int value = 2; }

  class Inner { int innerVal = 7; String tag = "inner"; }

  final String outerName = "outer-instance";
  final List<Object> keep = new ArrayList<>();

  static final class Payload {
    final String name;
    final byte[] data;
    Payload(String name, int size) { this.name = name; this.data = new byte[size]; }
  }

  static final class Finalizable {
    final int id;
    Finalizable(int id) { this.id = id; }
    @Override protected void finalize() { System.out.println("finalize " + id); }
  }

  static final ThreadLocal<Payload> LOCAL = new ThreadLocal<>();
  static final Payload WEAK_TARGET = new Payload("weak-target", 10);
  static final Payload SOFT_TARGET = new Payload("soft-target", 20);
  static final Payload PHANTOM_TARGET = new Payload("phantom-target", 30);
  static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
  static WeakReference<Payload> WEAK = new WeakReference<>(WEAK_TARGET);
  static SoftReference<Payload> SOFT = new SoftReference<>(SOFT_TARGET);
  static PhantomReference<Payload> PHANTOM = new PhantomReference<>(PHANTOM_TARGET, QUEUE);
  static WeakReference<Object> CLEARED;
  static final WeakHashMap<Object, Payload> WEAK_MAP = new WeakHashMap<>();
  static final Object LIVE_KEY = new String("live-key");
  static Finalizable FINALIZABLE = new Finalizable(1);
  static final Thread[] WORKERS = new Thread[3];
  static final CountDownLatch STARTED = new CountDownLatch(3);
  static final int[] PARK_LINE = new int[3];

  static void work(int i) {
    Payload mine = new Payload("local-of-worker-" + (i + 1), 1000 * (i + 1));
    LOCAL.set(new Payload("threadlocal-of-worker-" + (i + 1), 7));
    PARK_LINE[i] = new Throwable().getStackTrace()[0].getLineNumber() + 2;
    STARTED.countDown();
    while (true) LockSupport.park(mine);
  }

  static int nodes = 0;
  static TreeNode build(int depth) {
    TreeNode n = new TreeNode(nodes++);
    if (depth > 0) {
      n.left = build(depth - 1);
      n.right = build(depth - 1);
    } else {
      n.shared = SHARED[n.id % SHARED.length];
    }
    return n;
  }

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < 100; i++) {
      CACHE.put("key-" + i, new CacheEntry("key-" + i, new byte[64 + i], i));
    }
    for (int i = 0; i < SHARED.length; i++) SHARED[i] = new TreeNode(-1 - i);
    TREE = build(7); // 255 tree nodes + 4 shared = 259 TreeNode
    for (int i = 0; i < INTS.length; i++) INTS[i] = i * 3;
    GRID[2][6] = 42;
    LEAF = new Leaf();
    LEAF.baseRef = LEAF;

    CoreObjects outer = new CoreObjects();
    int captured = 99;
    String capStr = new String("cap-string");
    Object capObj = outer;
    CAPTURING = () -> capStr + captured + capObj.hashCode();
    int anonLocal = 5;
    Object anonObj = new StringBuilder("anon-obj");
    ANONYMOUS = new Runnable() {
      int own = 3;
      public void run() { System.out.println(anonLocal + " " + anonObj + own); }
    };
    INNER = outer.new Inner();

    for (int i = 0; i < 3; i++) {
      final int n = i;
      WORKERS[i] = new Thread(() -> work(n), "worker-" + (i + 1));
      WORKERS[i].setDaemon(true);
      WORKERS[i].start();
    }
    STARTED.await();
    CLEARED = new WeakReference<>(new Payload("gone", 5));
    WEAK_MAP.put(LIVE_KEY, new Payload("live-value", 1));
    for (int i = 0; i < 3; i++) WEAK_MAP.put(new String("stale-key-" + i), new Payload("stale-value-" + i, 1));
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    SampleSupport.fact("weakmap.size", 4);
    SampleSupport.fact("cleared.referent", CLEARED.get());
    for (int i = 0; i < 3; i++) SampleSupport.fact("park.worker-" + (i + 1), "CoreObjects.work(CoreObjects.java:" + PARK_LINE[i] + ")");
    SampleSupport.fact("count.CoreObjects$Payload.min", 9);
    SampleSupport.fact("cache.size", CACHE.size());
    SampleSupport.fact("count.CoreObjects$CacheEntry", 100);
    SampleSupport.fact("count.CoreObjects$TreeNode", nodes + SHARED.length);
    SampleSupport.fact("latin1", LATIN1);
    SampleSupport.fact("utf16", UTF16);
    SampleSupport.fact("ints.length", INTS.length);
    SampleSupport.fact("ints[999]", INTS[999]);
    SampleSupport.fact("grid[2][6]", GRID[2][6]);
    SampleSupport.fact("lambda.class", CAPTURING.getClass().getName());
    SampleSupport.fact("anonymous.class", ANONYMOUS.getClass().getName());
    SampleSupport.fact("inner.class", INNER.getClass().getName());
    SampleSupport.fact("java.version", System.getProperty("java.version"));
    SampleSupport.readyThenDump();
    System.out.println(outer.keep.size() + capStr.length() + LIVE_KEY.hashCode() + FINALIZABLE.id);
  }
}
