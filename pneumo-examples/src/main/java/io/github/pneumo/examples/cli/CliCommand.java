package io.github.pneumo.examples.cli;

import java.util.List;

/** One verb of the {@code pneumo} command line ({@code pneumo VERB ARGS...}). */
public interface CliCommand {

  /** @return the verb, e.g. {@code synth} */
  String name();

  /** @return a one-line description for {@code pneumo help} */
  String summary();

  /** @return the usage text printed for {@code pneumo VERB --help} and on argument errors */
  String usage();

  /**
   * Runs the verb.
   *
   * @param args the arguments after the verb
   * @return the process exit code (0 on success)
   */
  int run(List<String> args);
}
