package io.github.pneumo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of pneumo-core, pneumo-djl, pneumo-spark and pneumo-examples (production classes,
 * read from the byte code): no dependency cycle between packages, modules depend only downward, and the
 * stable API at the root of core depends on nothing of {@code data}, {@code dicom} or {@code io}.
 */
class PackageStructureTest {
  private static final String ROOT = "io.github.pneumo";

  private static JavaClasses classes;
  /** package → package it depends on → one class-level dependency that proves it. */
  private static Map<String, Map<String, String>> graph;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
    graph = new TreeMap<>();
    for (JavaClass c : classes) {
      String from = c.getPackageName();
      graph.computeIfAbsent(from, k -> new TreeMap<>());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = d.getTargetClass().getBaseComponentType().getPackageName();
        if (!to.equals(from) && (to.equals(ROOT) || to.startsWith(ROOT + "."))) {
          graph.get(from).putIfAbsent(to, d.getDescription());
        }
      }
    }
  }

  @Test
  void theImportCoversEveryModule() {
    assertThat(graph.keySet()).contains(ROOT, ROOT + ".data", ROOT + ".djl.training", ROOT + ".spark",
        ROOT + ".examples.cli");
  }

  @Test
  void noPackageCycles() {
    List<String> cycles = new ArrayList<>();
    for (Set<String> component : stronglyConnectedComponents()) {
      if (component.size() > 1) {
        StringBuilder b = new StringBuilder("cycle " + component + ":");
        for (String from : component) {
          graph.get(from).forEach((to, why) -> {
            if (component.contains(to)) {
              b.append("\n    ").append(why);
            }
          });
        }
        cycles.add(b.toString());
      }
    }
    assertThat(cycles).as("package cycles").isEmpty();
  }

  @Test
  void theStableApiImportsNothingFromDataDicomOrIo() {
    List<String> bad = new ArrayList<>();
    graph.getOrDefault(ROOT, Map.of()).forEach((to, why) -> {
      for (String forbidden : List.of(".data", ".dicom", ".io")) {
        if (to.equals(ROOT + forbidden) || to.startsWith(ROOT + forbidden + ".")) {
          bad.add(why);
        }
      }
    });
    assertThat(bad).as("dependencies of the root package on data, dicom or io").isEmpty();
  }

  @Test
  void coreDependsOnNoOtherModule() {
    List<String> bad = new ArrayList<>();
    graph.forEach((from, targets) -> {
      if (module(from) == 0) {
        targets.forEach((to, why) -> {
          if (module(to) > 0) {
            bad.add(why);
          }
        });
      }
    });
    assertThat(bad).isEmpty();
  }

  @Test
  void modulesDependOnlyDownward() {
    // core < djl < spark < examples: nothing depends on pneumo-spark but the CLI
    List<String> bad = new ArrayList<>();
    graph.forEach((from, targets) -> targets.forEach((to, why) -> {
      if (module(to) > module(from)) {
        bad.add(why);
      }
    }));
    assertThat(bad).isEmpty();
  }

  /** The module of a package: 0 core, 1 djl, 2 spark, 3 examples. */
  private static int module(String pkg) {
    if (pkg.startsWith(ROOT + ".examples")) {
      return 3;
    }
    if (pkg.startsWith(ROOT + ".spark")) {
      return 2;
    }
    return pkg.startsWith(ROOT + ".djl") ? 1 : 0;
  }

  /** Tarjan's algorithm over the package graph. */
  private static List<Set<String>> stronglyConnectedComponents() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        strongConnect(v, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void strongConnect(String v, Map<String, Integer> index, Map<String, Integer> low,
      Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        strongConnect(w, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      out.add(component);
    }
  }
}
