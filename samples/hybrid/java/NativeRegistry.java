/**
 * Java side of a tiny JNI library (hybridjni.c). A native host (a Go gateway's cgo bridge, an agent)
 * keeps Java objects alive by JNI global references: pin() calls NewGlobalRef and stores the handle
 * in a C array, so the object stays reachable although no Java field or local refers to it.
 */
public final class NativeRegistry {
  private NativeRegistry() {}

  static {
    System.loadLibrary("hybridjni");
  }

  /** NewGlobalRef(o) kept in native memory; returns the slot or -1 when full. */
  public static native int pin(Object o);

  /** Global references currently held by the native side. */
  public static native int pinned();
}
