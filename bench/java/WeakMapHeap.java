import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A heap that makes the Java detectors work: object-dense filler plus many WeakHashMaps.
 *   java -Xmx3g WeakMapHeap <approxObjects> <dumpFile>
 * Per 1,000 objects (roughly): one small healthy WeakHashMap (keys owned by a list), and a share
 * of three big maps: LEAKY (values are lambdas capturing their key), PINNED (values also in a
 * static list) and STALE (keys dropped). The rest is linked filler (Node + String + int[]).
 */
public class WeakMapHeap {
  static final class Node {
    final int id;
    final String name;
    final int[] payload;
    Node next;
    Node(int id, String name, int[] payload) { this.id = id; this.name = name; this.payload = payload; }
  }

  static final class Key {
    final int id;
    Key(int id) { this.id = id; }
  }

  static Node HEAD;
  static final List<Map<Key, int[]>> SMALL_MAPS = new ArrayList<>();
  static final List<Key> OWNERS = new ArrayList<>();
  static final Map<Key, Runnable> LEAKY = new WeakHashMap<>();
  static final Map<Key, int[]> PINNED = new WeakHashMap<>();
  static final List<int[]> PINS = new ArrayList<>();
  static final Map<Object, int[]> STALE = new WeakHashMap<>();

  static Runnable capture(Key k) {
    return () -> System.out.println(k.id);
  }

  public static void main(String[] args) throws Exception {
    long target = Long.parseLong(args[0]);
    long units = target / 1000;
    Node prev = null;
    int id = 0;
    for (long u = 0; u < units; u++) {
      Map<Key, int[]> small = new WeakHashMap<>();
      for (int j = 0; j < 8; j++) {
        Key k = new Key(id++);
        OWNERS.add(k);
        small.put(k, new int[4]);
      }
      SMALL_MAPS.add(small);
      for (int j = 0; j < 10; j++) {
        Key k = new Key(id++);
        LEAKY.put(k, capture(k));
        Key p = new Key(id++);
        OWNERS.add(p);
        int[] v = new int[80];
        PINS.add(v);
        PINNED.put(p, v);
        STALE.put(new Object(), new int[8]);
      }
      for (int j = 0; j < 300; j++) {
        Node n = new Node(id++, "n" + (id & 1023), new int[(id & 7) + 1]);
        if (prev != null) prev.next = n; else HEAD = n;
        prev = n;
      }
    }
    System.gc();
    Thread.sleep(100);
    HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    bean.dumpHeap(args[1], true);
    System.out.println("DUMPED " + args[1]);
  }
}
