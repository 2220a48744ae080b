import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The healthy control: every false-positive trap of the Java detectors, and no leak. No Java
 * detector may report anything on this heap.
 *
 * - WEAK_SET: the weak-set idiom Collections.newSetFromMap(new WeakHashMap<>()) (values Boolean.TRUE)
 * - CACHED_INTS / CACHED_LONGS: values from the Integer/Long caches
 * - LITERALS: values are interned String literals
 * - ENUMS: values are enum constants; CLASSES: values are Class objects
 * - TINY_PINNED: tiny values (new Object()) also kept by a static list
 * - OWNED: keys owned elsewhere (OWNERS), values private to the map (a byte[] each)
 * - WEAK_BACKREF: the value points back to its key only through a WeakReference
 * - a live ThreadLocal with a value on a pool thread (not stale)
 * - a Cleaner whose action is a static nested class that does not reach the resource
 * - a finalizable object that is still strongly reachable (not a backlog)
 * - a custom class loader used only by a running thread (not pinned by a static or a context loader)
 */
public class DetectorHealthyControl {
  static final int PAYLOAD = 2000;

  static final List<Key> OWNERS = new ArrayList<>();

  static final Set<Key> WEAK_SET = Collections.newSetFromMap(new WeakHashMap<>());
  static final Map<Key, Integer> CACHED_INTS = new WeakHashMap<>();
  static final Map<Key, Long> CACHED_LONGS = new WeakHashMap<>();
  static final Map<Key, String> LITERALS = new WeakHashMap<>();
  static final Map<Key, Mode> ENUMS = new WeakHashMap<>();
  static final Map<Key, Class<?>> CLASSES = new WeakHashMap<>();
  static final Map<Key, Object> TINY_PINNED = new WeakHashMap<>();
  static final List<Object> TINY_VALUES = new ArrayList<>();
  static final Map<Key, byte[]> OWNED = new WeakHashMap<>();
  static final Map<Key, BackRef> WEAK_BACKREF = new WeakHashMap<>();

  static final ThreadLocal<byte[]> LIVE_LOCAL = new ThreadLocal<>();
  static ExecutorService POOL;

  static final Cleaner CLEANER = Cleaner.create();
  static final List<Resource> RESOURCES = new ArrayList<>();

  static final List<Finalizable> FINALIZABLES = new ArrayList<>();

  static Thread PLUGIN_THREAD;

  enum Mode { READ, WRITE }

  static final class Key {
    final String name;
    Key(String name) { this.name = name; }
  }

  static final class BackRef {
    final WeakReference<Key> key;
    final byte[] data = new byte[PAYLOAD];
    BackRef(Key k) { this.key = new WeakReference<>(k); }
  }

  /** The recommended Cleaner pattern: the state object does not reach the resource. */
  static final class Resource {
    final byte[] buffer = new byte[PAYLOAD];
    final Cleaner.Cleanable cleanable;
    Resource() { this.cleanable = CLEANER.register(this, new State(new byte[64])); }
  }

  static final class State implements Runnable {
    final byte[] handle;
    State(byte[] handle) { this.handle = handle; }
    public void run() { DetectorHealthyControl.use(handle); }
  }

  static final class Finalizable {
    final byte[] data = new byte[PAYLOAD];
    @Override
    protected void finalize() { use(data); }
  }

  static final class PluginLoader extends ClassLoader {
    PluginLoader() { super("healthy-plugin", DetectorHealthyControl.class.getClassLoader()); }
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals("DetectorHealthyControl$Plugin")) return super.loadClass(name, resolve);
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c != null) return c;
        try (java.io.InputStream in = getParent().getResourceAsStream("DetectorHealthyControl$Plugin.class")) {
          byte[] b = in.readAllBytes();
          return defineClass(name, b, 0, b.length);
        } catch (java.io.IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
    }
  }

  public static final class Plugin {
    public final byte[] state = new byte[256];
  }

  static void use(Object o) {
    if (o == null) System.out.println("never");
  }

  static void runPlugin(Object plugin) {
    while (true) {
      LockSupport.park();
      use(plugin);
    }
  }

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < 8; i++) {
      Key k = new Key("key-" + i);
      OWNERS.add(k);
      WEAK_SET.add(k);
      CACHED_INTS.put(k, Integer.valueOf(i));
      CACHED_LONGS.put(k, Long.valueOf(i));
      LITERALS.put(k, "literal-value");
      ENUMS.put(k, i % 2 == 0 ? Mode.READ : Mode.WRITE);
      CLASSES.put(k, i % 2 == 0 ? String.class : Key.class);
      Object tiny = new Object();
      TINY_VALUES.add(tiny);
      TINY_PINNED.put(k, tiny);
      OWNED.put(k, new byte[PAYLOAD]);
      WEAK_BACKREF.put(k, new BackRef(k));
    }

    POOL = Executors.newFixedThreadPool(1, r -> {
      Thread t = new Thread(r, "healthy-pool-1");
      t.setDaemon(true);
      return t;
    });
    POOL.submit(() -> LIVE_LOCAL.set(new byte[PAYLOAD])).get();

    for (int i = 0; i < 3; i++) RESOURCES.add(new Resource());
    for (int i = 0; i < 2; i++) FINALIZABLES.add(new Finalizable());

    PluginLoader loader = new PluginLoader();
    Object plugin = loader.loadClass("DetectorHealthyControl$Plugin").getConstructor().newInstance();
    CountDownLatch started = new CountDownLatch(1);
    PLUGIN_THREAD = new Thread(() -> {
      started.countDown();
      runPlugin(plugin);
    }, "plugin-runner");
    PLUGIN_THREAD.setDaemon(true);
    PLUGIN_THREAD.start();
    started.await();
    loader = null;

    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    // Touch every map once after the GC so none keeps stale entries (there are none: keys are owned).
    int total = WEAK_SET.size() + CACHED_INTS.size() + CACHED_LONGS.size() + LITERALS.size() + ENUMS.size()
        + CLASSES.size() + TINY_PINNED.size() + OWNED.size() + WEAK_BACKREF.size();
    POOL.awaitTermination(10, TimeUnit.MILLISECONDS);
    SampleSupport.fact("entries", total);
    SampleSupport.fact("java.version", System.getProperty("java.version"));
    SampleSupport.readyThenDump();
  }
}
