package io.github.pneumo.postprocess;

import io.github.pneumo.Mask;

/** 8-connected component labelling over a mask's column-major pixels (flat index x·h + y). */
final class Components {
  final int width;
  final int height;
  /** label per pixel, 0 = background, 1..count. */
  final int[] labels;
  final int count;
  /** areas[l] = pixels of component l (index 0 unused). */
  final int[] areas;

  private Components(int width, int height, int[] labels, int count, int[] areas) {
    this.width = width;
    this.height = height;
    this.labels = labels;
    this.count = count;
    this.areas = areas;
  }

  static Components label(Mask mask) {
    int w = mask.width();
    int h = mask.height();
    int n = w * h;
    int[] labels = new int[n];
    boolean[] fg = new boolean[n];
    mask.forEachRun((start, length) -> java.util.Arrays.fill(fg, (int) start, (int) (start + length), true));
    int[] stack = new int[Math.max(16, mask.area())];
    int count = 0;
    int[] areas = new int[16];
    for (int i = 0; i < n; i++) {
      if (!fg[i] || labels[i] != 0) {
        continue;
      }
      count++;
      if (count >= areas.length) {
        areas = java.util.Arrays.copyOf(areas, areas.length * 2);
      }
      int sp = 0;
      stack[sp++] = i;
      labels[i] = count;
      int area = 0;
      while (sp > 0) {
        int p = stack[--sp];
        area++;
        int x = p / h;
        int y = p - x * h;
        for (int dx = -1; dx <= 1; dx++) {
          int nx = x + dx;
          if (nx < 0 || nx >= w) {
            continue;
          }
          for (int dy = -1; dy <= 1; dy++) {
            int ny = y + dy;
            if (ny < 0 || ny >= h) {
              continue;
            }
            int q = nx * h + ny;
            if (fg[q] && labels[q] == 0) {
              labels[q] = count;
              stack[sp++] = q;
            }
          }
        }
      }
      areas[count] = area;
    }
    return new Components(w, h, labels, count, areas);
  }

  /**
   * The kept components, optionally with their holes filled (background not 4-connected to the border
   * through background, where background is every pixel not in a kept component).
   */
  Mask render(boolean[] keep, boolean fillHoles) {
    int n = width * height;
    boolean[] on = new boolean[n];
    for (int i = 0; i < n; i++) {
      on[i] = labels[i] != 0 && keep[labels[i]];
    }
    if (fillHoles) {
      boolean[] outside = new boolean[n];
      int[] stack = new int[n];
      int sp = 0;
      for (int x = 0; x < width; x++) {
        for (int y = 0; y < height; y++) {
          if (x == 0 || y == 0 || x == width - 1 || y == height - 1) {
            int p = x * height + y;
            if (!on[p] && !outside[p]) {
              outside[p] = true;
              stack[sp++] = p;
            }
          }
        }
      }
      while (sp > 0) {
        int p = stack[--sp];
        int x = p / height;
        int y = p - x * height;
        if (x > 0) {
          sp = visit(p - height, on, outside, stack, sp);
        }
        if (x < width - 1) {
          sp = visit(p + height, on, outside, stack, sp);
        }
        if (y > 0) {
          sp = visit(p - 1, on, outside, stack, sp);
        }
        if (y < height - 1) {
          sp = visit(p + 1, on, outside, stack, sp);
        }
      }
      for (int i = 0; i < n; i++) {
        on[i] = !outside[i];
      }
    }
    Mask.Builder b = Mask.builder(width, height);
    int start = -1;
    for (int i = 0; i <= n; i++) {
      boolean v = i < n && on[i];
      if (v && start < 0) {
        start = i;
      } else if (!v && start >= 0) {
        b.setRun(start, i - start);
        start = -1;
      }
    }
    return b.build();
  }

  private static int visit(int q, boolean[] on, boolean[] outside, int[] stack, int sp) {
    if (!on[q] && !outside[q]) {
      outside[q] = true;
      stack[sp++] = q;
    }
    return sp;
  }
}
