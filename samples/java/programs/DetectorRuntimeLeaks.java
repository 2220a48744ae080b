import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenarios for the runtime detectors, each clearly separated (one static / thread each):
 *
 * java.threadlocal.stale-value: 2 threads, each with 1 stale ThreadLocal entry whose value is a
 *   byte[TL_PAYLOAD]: the pool thread "leaky-pool-1" (a fixed pool of 1) and the plain thread
 *   "plain-tl-holder". The ThreadLocal objects themselves were dropped.
 * java.finalizer.backlog: one Slow object's finalize() blocks the Finalizer thread for ever; then
 *   FIN_QUEUED more Slow objects (each with a byte[FIN_PAYLOAD]) are dropped and wait behind it.
 * java.cleaner.action-reaches-referent: CLEANER has CLEAN_BAD resources whose cleaning action is a
 *   lambda that captured the resource itself (arg$1); the resources are held only that way.
 * java.classloader.pinned: LOADER_A's class PluginImpl has an instance kept in the static
 *   PLUGIN_REGISTRY (a class LOADER_A did not define); LOADER_B is only the context class loader
 *   of the parked thread "ccl-holder"; LOADER_C's PluginImpl put an instance of itself into its own
 *   static ThreadLocal CONTEXT while running on the pool thread "leaky-pool-1" (the classic web-app
 *   redeploy leak: the pool thread's ThreadLocal value keeps the whole loader).
 * java.suspect: SUSPECT_CACHE, one ArrayList holding SUSPECT_CHUNKS byte[SUSPECT_CHUNK] arrays:
 *   by far the biggest share of this heap (an accumulation point). And a class group: GROUP_THREADS
 *   parked threads "record-worker-N" each keep GROUP_RECORDS Record objects (with a byte[RECORD_BYTES])
 *   in their own list: no single holder is big, all Records together are.
 */
public class DetectorRuntimeLeaks {
  static final int TL_PAYLOAD = 64 * 1024;
  static final int FIN_PAYLOAD = 16 * 1024;
  static final int FIN_QUEUED = 4;
  static final int CLEAN_PAYLOAD = 8 * 1024;
  static final int CLEAN_BAD = 3;
  static final int SUSPECT_CHUNKS = 64;
  static final int SUSPECT_CHUNK = 96 * 1024;
  static final int GROUP_THREADS = 16;
  static final int GROUP_RECORDS = 512;
  static final int RECORD_BYTES = 200;

  // ---- threadlocal ----
  static ExecutorService POOL;
  static Thread PLAIN_THREAD;

  // ---- finalizer ----
  static final CountDownLatch FIRST_FINALIZE_STARTED = new CountDownLatch(1);
  static volatile boolean blockedOnce = false;

  static final class Slow {
    final byte[] data = new byte[FIN_PAYLOAD];
    @Override
    protected void finalize() throws Throwable {
      if (!blockedOnce) {
        blockedOnce = true;
        FIRST_FINALIZE_STARTED.countDown();
        while (true) Thread.sleep(100_000);
      }
    }
  }

  // ---- cleaner ----
  static final Cleaner CLEANER = Cleaner.create();

  static final class Resource {
    final byte[] buffer = new byte[CLEAN_PAYLOAD];
    void release() { DetectorRuntimeLeaks.use(buffer); }
  }

  static Cleaner.Cleanable registerBadly(Resource r) {
    return CLEANER.register(r, () -> r.release());
  }

  // ---- class loaders ----
  static final List<Object> PLUGIN_REGISTRY = new ArrayList<>();
  static Thread CCL_THREAD;

  /** A loader that defines PluginImpl itself (child-first for that one name). */
  static final class PluginLoader extends ClassLoader {
    PluginLoader(String name) { super(name, DetectorRuntimeLeaks.class.getClassLoader()); }
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals("DetectorRuntimeLeaks$PluginImpl")) return super.loadClass(name, resolve);
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c != null) return c;
        try (InputStream in = getParent().getResourceAsStream("DetectorRuntimeLeaks$PluginImpl.class")) {
          byte[] b = in.readAllBytes();
          return defineClass(name, b, 0, b.length);
        } catch (java.io.IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
    }
  }

  public static final class PluginImpl {
    public static final ThreadLocal<Object> CONTEXT = new ThreadLocal<>();
    public final byte[] state = new byte[1024];
    public static void install() { CONTEXT.set(new PluginImpl()); }
  }

  // ---- suspect ----
  static final List<byte[]> SUSPECT_CACHE = new ArrayList<>();

  static final class Record {
    final byte[] data = new byte[RECORD_BYTES];
  }

  static void holdRecords(List<Record> records, CountDownLatch ready) {
    ready.countDown();
    while (true) {
      LockSupport.park();
      use(records);
    }
  }

  static void use(Object o) {
    if (o == null) System.out.println("never");
  }

  /** Runs PluginImpl.install() of the loader's own PluginImpl on the pool thread. */
  static void installOnPool(PluginLoader loader) throws Exception {
    java.lang.reflect.Method install = loader.loadClass("DetectorRuntimeLeaks$PluginImpl").getMethod("install");
    POOL.submit(() -> {
      try {
        install.invoke(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }).get();
  }

  static void leaveStaleThreadLocal() {
    ThreadLocal<byte[]> tl = new ThreadLocal<>();
    tl.set(new byte[TL_PAYLOAD]);
  }

  public static void main(String[] args) throws Exception {
    // threadlocal: the ThreadLocal instances become garbage; their values stay in the threads' maps.
    POOL = Executors.newFixedThreadPool(1, r -> {
      Thread t = new Thread(r, "leaky-pool-1");
      t.setDaemon(true);
      return t;
    });
    POOL.submit(DetectorRuntimeLeaks::leaveStaleThreadLocal).get();
    CountDownLatch plainReady = new CountDownLatch(1);
    PLAIN_THREAD = new Thread(() -> {
      leaveStaleThreadLocal();
      plainReady.countDown();
      while (true) LockSupport.park();
    }, "plain-tl-holder");
    PLAIN_THREAD.setDaemon(true);
    PLAIN_THREAD.start();
    plainReady.await();

    // finalizer backlog
    new Slow();
    for (int i = 0; i < 20 && FIRST_FINALIZE_STARTED.getCount() > 0; i++) {
      System.gc();
      Thread.sleep(50);
    }
    for (int i = 0; i < FIN_QUEUED; i++) new Slow();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }

    // cleaner: actions that capture their own referent
    for (int i = 0; i < CLEAN_BAD; i++) registerBadly(new Resource());

    // class loaders
    PluginLoader loaderA = new PluginLoader("plugin-a");
    Class<?> implA = loaderA.loadClass("DetectorRuntimeLeaks$PluginImpl");
    PLUGIN_REGISTRY.add(implA.getConstructor().newInstance());
    String loaderFact = implA.getName() + "@" + implA.getClassLoader().getName();
    implA = null;
    PluginLoader loaderB = new PluginLoader("plugin-b");
    loaderB.loadClass("DetectorRuntimeLeaks$PluginImpl");
    installOnPool(new PluginLoader("plugin-c"));
    CountDownLatch cclReady = new CountDownLatch(1);
    CCL_THREAD = new Thread(() -> {
      cclReady.countDown();
      while (true) LockSupport.park();
    }, "ccl-holder");
    CCL_THREAD.setContextClassLoader(loaderB);
    CCL_THREAD.setDaemon(true);
    CCL_THREAD.start();
    cclReady.await();
    loaderA = null;
    loaderB = null;

    // suspect
    for (int i = 0; i < SUSPECT_CHUNKS; i++) SUSPECT_CACHE.add(new byte[SUSPECT_CHUNK]);
    CountDownLatch groupReady = new CountDownLatch(GROUP_THREADS);
    for (int t = 0; t < GROUP_THREADS; t++) {
      List<Record> records = new ArrayList<>();
      for (int i = 0; i < GROUP_RECORDS; i++) records.add(new Record());
      Thread th = new Thread(() -> holdRecords(records, groupReady), "record-worker-" + t);
      th.setDaemon(true);
      th.start();
    }
    groupReady.await();

    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    SampleSupport.fact("tl.payload", TL_PAYLOAD);
    SampleSupport.fact("fin.payload", FIN_PAYLOAD);
    SampleSupport.fact("fin.queued", FIN_QUEUED);
    SampleSupport.fact("clean.payload", CLEAN_PAYLOAD);
    SampleSupport.fact("clean.bad", CLEAN_BAD);
    SampleSupport.fact("suspect.chunks", SUSPECT_CHUNKS);
    SampleSupport.fact("suspect.chunk", SUSPECT_CHUNK);
    SampleSupport.fact("group.threads", GROUP_THREADS);
    SampleSupport.fact("group.records", GROUP_RECORDS);
    SampleSupport.fact("record.bytes", RECORD_BYTES);
    SampleSupport.fact("loaderA.class", loaderFact);
    SampleSupport.fact("java.version", System.getProperty("java.version"));
    SampleSupport.readyThenDump();
  }
}
