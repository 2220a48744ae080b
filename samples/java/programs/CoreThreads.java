import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.WeakHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads and references for the HPROF reader tests: named threads parked with objects in their
 * locals and a ThreadLocal each, weak/soft/phantom references (live and cleared), a WeakHashMap
 * with one live and three stale entries, and an object with a finalizer.
 */
public class CoreThreads {
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

  public static void main(String[] args) throws Exception {
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
    for (int i = 0; i < 3; i++) SampleSupport.fact("park.worker-" + (i + 1), "CoreThreads.work(CoreThreads.java:" + PARK_LINE[i] + ")");
    SampleSupport.fact("count.CoreThreads$Payload.min", 9);
    SampleSupport.readyThenDump();
    System.out.println(LIVE_KEY.hashCode() + FINALIZABLE.id);
  }
}
