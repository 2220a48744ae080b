import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an object-dense heap for the HPROF benchmark and dumps it:
 *   java -Xmx3g DenseHeap <approxObjects> <dumpFile>
 * Per "unit" (~6 objects): a Node with a String name (+ its byte[]), an int[] payload, a small
 * ArrayList of cross-links, and every 16th unit a HashMap entry; nodes link to earlier nodes.
 */
public class DenseHeap {
  static final class Node {
    final int id;
    final String name;
    final int[] payload;
    Node next;
    Node cross;
    List<Node> links;
    Node(int id, String name, int[] payload) { this.id = id; this.name = name; this.payload = payload; }
  }

  static Node[] NODES;
  static final Map<String, Node> INDEX = new HashMap<>();

  public static void main(String[] args) throws Exception {
    long target = Long.parseLong(args[0]);
    int units = (int) (target / 6);
    NODES = new Node[units];
    long seed = 42;
    for (int i = 0; i < units; i++) {
      Node n = new Node(i, "node-" + i, new int[(i & 7) + 1]);
      NODES[i] = n;
      if (i > 0) NODES[i - 1].next = n;
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      if (i > 0) n.cross = NODES[(int) ((seed >>> 33) % i)];
      List<Node> l = new ArrayList<>(2);
      l.add(n);
      if (i > 1) l.add(NODES[i / 2]);
      n.links = l;
      if ((i & 15) == 0) INDEX.put(n.name, n);
    }
    HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    bean.dumpHeap(args[1], true);
    System.out.println("dumped " + units + " units to " + args[1]);
  }
}
