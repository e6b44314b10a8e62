package io.github.pneumo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.jetbrains.kotlin.cli.common.ExitCode;
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's code cannot drift from the API: every {@code ```java} block is compiled with javac (its
 * imports on top, its statements in a method body) and every {@code ```kotlin} block is compiled as a
 * Kotlin file with {@code -Xjspecify-annotations=strict -Werror}, both against the test class path.
 */
class ReadmeSnippetsTest {

  private static final Pattern BLOCK = Pattern.compile("```(java|kotlin)\\n(.*?)```", Pattern.DOTALL);

  static Path readme() {
    String root = System.getProperty("pneumo.repo.dir");
    Path dir = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    return dir.resolve("README.md");
  }

  static List<String> blocks(String text, String language) {
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(language)) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  /** Imports stay on top; the other lines become the body of a method that may throw. */
  static String javaClass(String name, String snippet) {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : snippet.split("\n", -1)) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    return imports + "\nclass " + name + " {\n  static void snippet() throws Exception {\n" + body + "  }\n}\n";
  }

  @Test
  void javaSnippetsCompile(@TempDir Path dir) throws IOException {
    List<String> snippets = blocks(Files.readString(readme()), "java");
    assertThat(snippets).as("```java blocks in README.md").isNotEmpty();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<Path> sources = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) {
      Path file = dir.resolve("ReadmeJava" + i + ".java");
      Files.writeString(file, javaClass("ReadmeJava" + i, snippets.get(i)));
      sources.add(file);
    }
    StringWriter messages = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      boolean ok = javac.getTask(messages, files, null, List.of("-classpath", System.getProperty("java.class.path"),
          "-d", dir.resolve("classes").toString(), "-proc:none"), null, units).call();
      assertThat(ok).as("javac on the README's Java snippets:%n%s", messages).isTrue();
    }
    assertThat(dir.resolve("classes/ReadmeJava0.class")).exists();
  }

  @Test
  void kotlinSnippetsCompileWithStrictNullness(@TempDir Path dir) throws IOException {
    List<String> snippets = blocks(Files.readString(readme()), "kotlin");
    assertThat(snippets).as("```kotlin blocks in README.md").isNotEmpty();
    List<String> args = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"),
        "-d", dir.resolve("classes").toString(), "-jvm-target", "17", "-no-stdlib", "-no-reflect",
        "-Xjspecify-annotations=strict", "-Werror", "-module-name", "readme"));
    for (int i = 0; i < snippets.size(); i++) {
      Path file = dir.resolve("ReadmeKotlin" + i + ".kt");
      Files.writeString(file, snippets.get(i));
      args.add(file.toString());
    }
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    ExitCode code;
    try (PrintStream err = new PrintStream(messages, true, StandardCharsets.UTF_8)) {
      code = new K2JVMCompiler().exec(err, args.toArray(String[]::new));
    }
    assertThat(code).as("kotlinc on the README's Kotlin snippets:%n%s", messages.toString(StandardCharsets.UTF_8))
        .isEqualTo(ExitCode.OK);
    assertThat(dir.resolve("classes/ReadmeKotlin0Kt.class")).exists();
  }

  @Test
  void aSnippetThatNoLongerMatchesTheApiFails(@TempDir Path dir) throws IOException {
    // the check itself can fail: a Kotlin snippet ignoring a @Nullable return does not compile
    Path file = dir.resolve("Bad.kt");
    Files.writeString(file, "import io.github.pneumo.data.SiimLabels\n"
        + "fun f(l: SiimLabels): String = l.source().toString()\n"
        + "fun g(l: SiimLabels): java.nio.file.Path = l.source()\n");
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    ExitCode code;
    try (PrintStream err = new PrintStream(messages, true, StandardCharsets.UTF_8)) {
      code = new K2JVMCompiler().exec(err, "-classpath", System.getProperty("java.class.path"),
          "-d", dir.resolve("classes").toString(), "-jvm-target", "17", "-no-stdlib", "-no-reflect",
          "-Xjspecify-annotations=strict", "-Werror", file.toString());
    }
    assertThat(code).isEqualTo(ExitCode.COMPILATION_ERROR);
    assertThat(messages.toString(StandardCharsets.UTF_8)).contains("Bad.kt:3");
  }
}
