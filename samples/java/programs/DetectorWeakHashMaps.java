import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Scenarios for the three WeakHashMap detectors, each in its own static so tests can name them.
 *
 * java.weakhashmap.value-reaches-key (4 maps, one finding each):
 *   CALLBACKS  3 entries: value is a lambda that captured its key            (value → arg$1 → key)
 *   HANDLES    2 entries: value is an inner-class instance of the key        (value → this$0 → key)
 *   LISTENERS  2 entries: value is an anonymous class that captured the key  (value → val$widget → key)
 *   INDEX      2 entries, a WeakHashMap SUBCLASS, longer chain   (value → refs → elementData → [0] → doc → key)
 * java.weakhashmap.value-pinned (3 maps):
 *   PINNED_BY_STATIC   3 values also kept in the static list ALL_REPORTS
 *   PINNED_BY_CLOSURE  2 values captured by lambdas kept in the static list EVENT_BUS
 *   PINNED_BY_QUEUE    2 values captured by tasks waiting in the queue of the executor EXEC
 *                      (its only thread is blocked by a first task)
 * java.weakhashmap.stale-entries (1 map):
 *   STALE  6 entries, 5 of them with keys that were dropped before a GC; never touched again
 *
 * Every value carries a zero-filled byte[] of a known length (PAYLOAD) so the bytes are known.
 */
public class DetectorWeakHashMaps {
  static final int PAYLOAD = 4000;

  // ---- value-reaches-key ----
  static final Map<Session, Runnable> CALLBACKS = new WeakHashMap<>();
  static final Map<Owner, Owner.Handle> HANDLES = new WeakHashMap<>();
  static final Map<Widget, Runnable> LISTENERS = new WeakHashMap<>();
  static final DocIndex INDEX = new DocIndex();

  // ---- value-pinned ----
  static final Map<Session, Report> PINNED_BY_STATIC = new WeakHashMap<>();
  static final List<Report> ALL_REPORTS = new ArrayList<>();
  static final List<Session> LIVE_SESSIONS = new ArrayList<>();
  static final Map<Session, Report> PINNED_BY_CLOSURE = new WeakHashMap<>();
  static final List<Runnable> EVENT_BUS = new ArrayList<>();
  static final Map<Session, Report> PINNED_BY_QUEUE = new WeakHashMap<>();
  static final java.util.concurrent.ExecutorService EXEC = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "report-sender");
    t.setDaemon(true);
    return t;
  });
  static final java.util.concurrent.CountDownLatch NEVER = new java.util.concurrent.CountDownLatch(1);

  // ---- stale-entries ----
  static final Map<Object, byte[]> STALE = new WeakHashMap<>();
  static final Object STALE_LIVE_KEY = new Object();

  static final class Session {
    final String id;
    Session(String id) { this.id = id; }
  }

  static final class Report {
    final byte[] data = new byte[PAYLOAD];
  }

  static final class Owner {
    final String name;
    Owner(String name) { this.name = name; }
    final class Handle {
      final byte[] data = new byte[PAYLOAD];
      String describe() { return name + data.length; }
    }
  }

  static final class Widget {
    final String label;
    Widget(String label) { this.label = label; }
  }

  static final class Doc {
    final String title;
    Doc(String title) { this.title = title; }
  }

  static final class DocRef {
    final Doc doc;
    DocRef(Doc doc) { this.doc = doc; }
  }

  static final class DocMeta {
    final List<DocRef> refs = new ArrayList<>();
    final byte[] data = new byte[PAYLOAD];
  }

  /** A WeakHashMap subclass: detectors must find maps by subtype, not by exact class. */
  static final class DocIndex extends WeakHashMap<Doc, DocMeta> {}

  static void use(Object o) {
    if (o == null) System.out.println("never");
  }

  static Runnable callbackFor(Session s) {
    byte[] buf = new byte[PAYLOAD];
    return () -> use(s.id + buf.length);
  }

  static Runnable listenerFor(Widget widget) {
    byte[] buf = new byte[PAYLOAD];
    return new Runnable() {
      public void run() { use(widget.label + buf.length); }
    };
  }

  static Runnable busListener(Report r) {
    return () -> use(r.data);
  }

  static Runnable sendTask(Report r) {
    return () -> use(r.data);
  }

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < 3; i++) {
      Session s = new Session("cb-" + i);
      CALLBACKS.put(s, callbackFor(s));
    }
    for (int i = 0; i < 2; i++) {
      Owner o = new Owner("owner-" + i);
      HANDLES.put(o, o.new Handle());
    }
    for (int i = 0; i < 2; i++) {
      Widget w = new Widget("widget-" + i);
      LISTENERS.put(w, listenerFor(w));
    }
    for (int i = 0; i < 2; i++) {
      Doc d = new Doc("doc-" + i);
      DocMeta m = new DocMeta();
      m.refs.add(new DocRef(d));
      INDEX.put(d, m);
    }

    for (int i = 0; i < 3; i++) {
      Session s = new Session("pinned-" + i);
      LIVE_SESSIONS.add(s);
      Report r = new Report();
      ALL_REPORTS.add(r);
      PINNED_BY_STATIC.put(s, r);
    }
    for (int i = 0; i < 2; i++) {
      Session s = new Session("bus-" + i);
      LIVE_SESSIONS.add(s);
      Report r = new Report();
      EVENT_BUS.add(busListener(r));
      PINNED_BY_CLOSURE.put(s, r);
    }

    java.util.concurrent.CountDownLatch blocking = new java.util.concurrent.CountDownLatch(1);
    EXEC.execute(() -> {
      blocking.countDown();
      try {
        NEVER.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    blocking.await();
    for (int i = 0; i < 2; i++) {
      Session s = new Session("queued-" + i);
      LIVE_SESSIONS.add(s);
      Report r = new Report();
      EXEC.execute(sendTask(r));
      PINNED_BY_QUEUE.put(s, r);
    }

    STALE.put(STALE_LIVE_KEY, new byte[PAYLOAD]);
    for (int i = 0; i < 5; i++) STALE.put(new Object(), new byte[PAYLOAD]);
    // Drop the keys, let the GC clear them and the reference handler enqueue them; never touch STALE again.
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }

    SampleSupport.fact("payload", PAYLOAD);
    SampleSupport.fact("callbacks.size", CALLBACKS.size());
    SampleSupport.fact("lambda.class", CALLBACKS.values().iterator().next().getClass().getName());
    SampleSupport.fact("anonymous.class", LISTENERS.values().iterator().next().getClass().getName());
    SampleSupport.fact("java.version", System.getProperty("java.version"));
    SampleSupport.readyThenDump();
  }
}
