/*
 * A native registry that holds Java objects through JNI global references, the way a Go host
 * (via cgo) or a native agent does. The handles live in a C array: in the heap dump the objects
 * appear only under ROOT JNI GLOBAL records.
 */
#include <jni.h>

#define MAX_REFS 8192

static jobject refs[MAX_REFS];
static jint count;

JNIEXPORT jint JNICALL Java_NativeRegistry_pin(JNIEnv *env, jclass cls, jobject o) {
  (void)cls;
  if (count >= MAX_REFS) return -1;
  refs[count] = (*env)->NewGlobalRef(env, o);
  if (refs[count] == NULL) return -1;
  return count++;
}

JNIEXPORT jint JNICALL Java_NativeRegistry_pinned(JNIEnv *env, jclass cls) {
  (void)env;
  (void)cls;
  return count;
}
