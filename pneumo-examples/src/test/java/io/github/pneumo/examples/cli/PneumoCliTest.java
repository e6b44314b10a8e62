package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.PneumoException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PneumoCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** A verb that fails with the given exception. */
  private int run(RuntimeException failure, String... args) {
    CliCommand failing = new CliCommand() {
      @Override
      public String name() {
        return "fail";
      }

      @Override
      public String summary() {
        return "fails";
      }

      @Override
      public String usage() {
        return "usage: pneumo fail";
      }

      @Override
      public int run(List<String> a) {
        assertThat(a).doesNotContain("--stacktrace");
        throw failure;
      }
    };
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new PneumoCli(List.of(failing), o, e).run(List.of(args));
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anUnexpectedExceptionIsOneLineAndExitCode1() {
    assertThat(run(new NegativeArraySizeException("-1794967296"), "fail", "x")).isEqualTo(1);
    assertThat(errors()).isEqualTo("pneumo fail: unexpected NegativeArraySizeException: -1794967296 "
        + "(--stacktrace shows where)\n");
  }

  @Test
  void aTypedCauseGivesItsMessage() {
    assertThat(run(new IllegalStateException("wrapper", new PneumoException("x.dcm: no pixel data")), "fail"))
        .isEqualTo(1);
    assertThat(errors()).isEqualTo("pneumo fail: x.dcm: no pixel data (--stacktrace shows where)\n");
  }

  @Test
  void multiLineMessagesAreCutToTheirFirstLine() {
    assertThat(run(new IllegalArgumentException("first\nsecond"), "fail")).isEqualTo(1);
    assertThat(errors()).isEqualTo("pneumo fail: unexpected IllegalArgumentException: first … "
        + "(--stacktrace shows where)\n");
  }

  @Test
  void stacktraceShowsTheRest() {
    assertThat(run(new IllegalStateException("boom"), "--stacktrace", "fail")).isEqualTo(1);
    assertThat(errors()).startsWith("pneumo fail: unexpected IllegalStateException: boom\n"
        + "java.lang.IllegalStateException: boom\n\tat ");
  }

  @Test
  void typedErrorsStayOneLine() {
    assertThat(run(new PneumoException("labels.csv:3: bad"), "fail")).isEqualTo(1);
    assertThat(errors()).isEqualTo("pneumo fail: labels.csv:3: bad\n");
    err.reset();
    assertThat(run(new UsageException("option --x is wrong"), "fail")).isEqualTo(2);
    assertThat(errors()).isEqualTo("pneumo fail: option --x is wrong\nusage: pneumo fail\n");
  }
}
