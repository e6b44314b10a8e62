package io.github.pneumo;

import java.lang.management.ManagementFactory;

/**
 * Measures the heap bytes the current thread allocates (HotSpot's per-thread counter), so that a test can
 * assert a decoder rejects a hostile header before allocating what the header declares.
 */
public final class Allocations {
  private Allocations() {}

  /**
   * Runs an action that must throw, and reports what the current thread allocated meanwhile.
   *
   * @param action the action
   * @return what it threw, and the bytes allocated
   */
  public static Outcome failing(Runnable action) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(thread);
    Throwable thrown = null;
    try {
      action.run();
    } catch (Throwable t) {
      thrown = t;
    }
    long allocated = mx.getThreadAllocatedBytes(thread) - before;
    if (thrown == null) {
      throw new AssertionError("expected the action to fail, it succeeded (allocating " + allocated + " bytes)");
    }
    return new Outcome(thrown, allocated);
  }

  /**
   * What a failing action threw and allocated.
   *
   * @param thrown the exception or error
   * @param allocatedBytes heap bytes the thread allocated while running it
   */
  public record Outcome(Throwable thrown, long allocatedBytes) {}
}
