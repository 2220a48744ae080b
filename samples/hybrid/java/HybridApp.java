import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.WeakHashMap;

/**
 * The JVM half of the hybrid sample service. A native host keeps Java objects alive through JNI
 * global references (NativeRegistry.pin → NewGlobalRef), beside a Java WeakHashMap whose values
 * are pinned by a static list.
 *
 * What the dump must show (tests check it against the printed FACT lines and the JVM histogram):
 *   - SESSIONS SessionState objects (each with a byte[PAYLOAD] payload) and HANDLES CallbackHandle
 *     objects (each with an int[COUNTERS]) are reachable only from JNI global roots;
 *   - one SharedConfig is pinned by JNI too but also held by the static HybridApp.CONFIG (not a
 *     JNI-only object);
 *   - LISTENERS (a WeakHashMap) has values that the static ALL_LISTENERS list also holds.
 *
 * Protocol (samples/hybrid/generate.sh): print FACT lines and READY, read the dump path from stdin,
 * dump the live heap with HotSpotDiagnosticMXBean.dumpHeap(path, true), print DUMPED.
 * Argument "shifted" allocates and drops ballast first so object addresses differ between runs.
 */
public final class HybridApp {
  static final int SESSIONS = 300;
  static final int PAYLOAD = 4096;
  static final int HANDLES = 40;
  static final int COUNTERS = 64;
  static final int LISTENER_COUNT = 50;

  static final class SessionState {
    final long id;
    final String user;
    final byte[] payload;

    SessionState(long id, String user, byte[] payload) {
      this.id = id;
      this.user = user;
      this.payload = payload;
    }
  }

  static final class CallbackHandle {
    final int slot;
    final int[] counters = new int[COUNTERS];

    CallbackHandle(int slot) {
      this.slot = slot;
    }
  }

  static final class SharedConfig {
    final String name = "gateway-config";
    final long[] limits = new long[32];
  }

  static final class Listener {
    final int id;
    final byte[] buffer = new byte[1024];

    Listener(int id) {
      this.id = id;
    }
  }

  static SharedConfig CONFIG;
  static final WeakHashMap<Object, Listener> LISTENERS = new WeakHashMap<>();
  static final List<Object> LISTENER_KEYS = new ArrayList<>();
  static final List<Listener> ALL_LISTENERS = new ArrayList<>();
  static volatile Object sink;

  static void fact(String key, Object value) {
    System.out.println("FACT " + key + "=" + value);
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("shifted")) {
      // Garbage allocated before the real objects, so that they land at other addresses.
      for (int i = 0; i < 2000; i++) sink = new byte[512 + i % 7];
      sink = null;
    }
    for (int i = 0; i < SESSIONS; i++) {
      byte[] payload = new byte[PAYLOAD];
      payload[0] = (byte) i;
      if (NativeRegistry.pin(new SessionState(i, "user-" + i, payload)) < 0) throw new IllegalStateException("registry full");
    }
    for (int i = 0; i < HANDLES; i++) {
      if (NativeRegistry.pin(new CallbackHandle(i)) < 0) throw new IllegalStateException("registry full");
    }
    CONFIG = new SharedConfig();
    NativeRegistry.pin(CONFIG);
    for (int i = 0; i < LISTENER_COUNT; i++) {
      Object key = new Object();
      Listener l = new Listener(i);
      LISTENER_KEYS.add(key);
      ALL_LISTENERS.add(l);
      LISTENERS.put(key, l);
    }
    fact("jni.pinned", NativeRegistry.pinned());
    fact("jni.only.SessionState.count", SESSIONS);
    fact("jni.only.SessionState.payloadLength", PAYLOAD);
    fact("jni.only.CallbackHandle.count", HANDLES);
    fact("jni.only.CallbackHandle.countersLength", COUNTERS);
    fact("jni.also-static.SharedConfig.count", 1);
    fact("weakmap.LISTENERS.size", LISTENERS.size());
    fact("weakmap.ALL_LISTENERS.pinned", ALL_LISTENERS.size());
    readyThenDump();
  }

  /** A warm-up dump first, so the MXBean machinery's own objects exist before the histogram. */
  static void readyThenDump() throws Exception {
    HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    File warm = File.createTempFile("warmup", ".hprof");
    warm.delete();
    bean.dumpHeap(warm.getPath(), true);
    warm.delete();
    System.out.println("READY");
    System.out.flush();
    String path = in.readLine();
    if (path == null) return;
    bean.dumpHeap(path, true);
    System.out.println("DUMPED");
    System.out.flush();
  }
}
