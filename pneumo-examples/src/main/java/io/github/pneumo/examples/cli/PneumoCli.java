package io.github.pneumo.examples.cli;

import io.github.pneumo.PneumoException;
import io.github.pneumo.io.SkippedInputs;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the {@code pneumo} command line: {@code pneumo VERB [ARGS] [--stacktrace]}. Every failure
 * ends as one line {@code pneumo VERB: <message>} on standard error and a non-zero exit code; {@code
 * --stacktrace} (anywhere in the arguments) adds the stack trace. Exit codes: 0 success, 1 failure (a
 * {@link PneumoException}, or any other exception, named as unexpected), 2 bad arguments, 3 ({@link
 * SkippedInputs#EXIT_CODE}) finished but some inputs were skipped (listed in {@code skipped.csv}).
 */
public final class PneumoCli {

  private final Map<String, CliCommand> commands = new LinkedHashMap<>();
  private final PrintStream out;
  private final PrintStream err;

  /**
   * Creates a CLI with the given verbs.
   *
   * @param commands the verbs, in help order
   * @param out standard output
   * @param err standard error
   */
  public PneumoCli(List<CliCommand> commands, PrintStream out, PrintStream err) {
    for (CliCommand c : commands) {
      this.commands.put(c.name(), c);
    }
    this.out = out;
    this.err = err;
  }

  /** @return the built-in verbs, in help order, printing to the process's standard streams */
  public static List<CliCommand> defaultCommands() {
    return defaultCommands(System.out, System.err);
  }

  /**
   * The built-in verbs, in help order.
   *
   * @param out where results go
   * @param err where progress and diagnostics go
   * @return the verbs, wired to the given streams
   */
  public static List<CliCommand> defaultCommands(PrintStream out, PrintStream err) {
    List<CliCommand> list = new ArrayList<>();
    // Verbs register here, one line each.
    list.add(new SynthCommand(out, err));
    list.add(new PrepareCommand(out, err));
    list.add(new TrainCommand(out, err));
    list.add(new InferCommand(out, err));
    list.add(new SearchCommand(out));
    list.add(new SubmitCommand(out));
    list.add(new ExportSegCommand(out));
    list.add(new SparkInferCommand(out, err));
    list.add(new ReproduceCommand(out, err));
    list.add(new DemoCommand(out, err));
    return list;
  }

  /**
   * A CLI with the built-in verbs, all printing to the given streams (what tests and embedders want).
   *
   * @param out where results go
   * @param err where progress and diagnostics go
   * @return the CLI
   */
  public static PneumoCli withDefaultCommands(PrintStream out, PrintStream err) {
    return new PneumoCli(defaultCommands(out, err), out, err);
  }

  /**
   * Runs the CLI and exits the JVM with its code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    int code = new PneumoCli(defaultCommands(), System.out, System.err).run(Arrays.asList(args));
    System.exit(code);
  }

  /**
   * Runs one invocation.
   *
   * @param args the full argument list (verb first)
   * @return the exit code
   */
  public int run(List<String> args) {
    boolean stacktrace = args.contains(STACKTRACE);
    if (stacktrace) {
      args = args.stream().filter(a -> !a.equals(STACKTRACE)).toList();
    }
    if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      printHelp();
      return args.isEmpty() ? 2 : 0;
    }
    CliCommand command = commands.get(args.get(0));
    if (command == null) {
      err.println("pneumo: unknown command '" + args.get(0) + "'");
      printHelp();
      return 2;
    }
    List<String> rest = args.subList(1, args.size());
    if (rest.contains("--help") || rest.contains("-h")) {
      out.println(command.usage());
      return 0;
    }
    String prefix = "pneumo " + command.name() + ": ";
    try {
      return command.run(rest);
    } catch (UsageException e) {
      err.println(prefix + e.getMessage());
      err.println(command.usage());
      trace(stacktrace, e);
      return 2;
    } catch (PneumoException e) {
      err.println(prefix + e.getMessage());
      trace(stacktrace, e);
      return 1;
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      err.println(prefix + unexpected(e) + (stacktrace ? "" : " (" + STACKTRACE + " shows where)"));
      trace(stacktrace, e);
      return 1;
    }
  }

  /** Flag that adds the stack trace to a failure's line. */
  static final String STACKTRACE = "--stacktrace";

  private void trace(boolean stacktrace, Throwable e) {
    if (stacktrace) {
      e.printStackTrace(err);
    }
  }

  /** One line for an exception pneumo did not type: a typed cause's message, or the class and message. */
  static String unexpected(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PneumoException p && p.getMessage() != null) {
        return p.getMessage();
      }
    }
    if (e instanceof OutOfMemoryError) {
      return "out of memory (" + e.getMessage() + "); give the JVM more heap (-Xmx) or use smaller inputs";
    }
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    int nl = message.indexOf('\n');
    if (nl >= 0) {
      message = message.substring(0, nl).strip() + " …";
    }
    return "unexpected " + e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  private void printHelp() {
    out.println("usage: pneumo COMMAND [ARGS]   (pneumo COMMAND --help for its options)");
    out.println();
    for (CliCommand c : commands.values()) {
      out.printf("  %-11s %s%n", c.name(), c.summary());
    }
  }
}
