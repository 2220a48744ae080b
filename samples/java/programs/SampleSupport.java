import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;

/**
 * The protocol every sample program follows (samples/java/generate.sh drives it):
 * build the heap, print facts ("FACT key=value"), print READY, read the dump path from stdin,
 * dump the live heap with HotSpotDiagnosticMXBean.dumpHeap(path, true), print DUMPED, then wait
 * for stdin to close (the script takes a second histogram meanwhile) and return.
 * A warm-up dump before READY makes the MXBean machinery allocate its long-lived objects before
 * the JVM histogram is taken, so the histogram and the real dump see the same heap.
 */
public final class SampleSupport {
  private SampleSupport() {}

  public static void fact(String key, Object value) {
    System.out.println("FACT " + key + "=" + value);
  }

  public static void readyThenDump() throws Exception {
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
    while (in.readLine() != null) {
      // wait for the script's second histogram, then return
    }
  }
}
