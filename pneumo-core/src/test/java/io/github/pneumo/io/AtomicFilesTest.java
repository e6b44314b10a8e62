package io.github.pneumo.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void aLegal245CharacterNameIsWritable() throws Exception {
    Path target = dir.resolve("x".repeat(241) + ".csv"); // 245 characters; the old '.<name>.<rand>.tmp' was 259
    AtomicFiles.writeString(target, "a,b\n");
    assertThat(Files.readString(target)).isEqualTo("a,b\n");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).containsExactly(target);
    }
  }

  @Test
  void temporariesAreShortAndCarryTheProcessId() {
    String name = AtomicFiles.temporaryIn(dir).getFileName().toString();
    assertThat(name).matches("\\.pneumo-" + ProcessHandle.current().pid() + "-[0-9a-z]{1,13}\\.tmp");
    assertThat(name.length()).isLessThanOrEqualTo(42);
  }

  @Test
  void onlyOldTemporariesOfDeadProcessesAreRemoved() throws Exception {
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    Path dead = write(".pneumo-999999999-a.tmp", old);
    Path mine = write(".pneumo-" + ProcessHandle.current().pid() + "-b.tmp", old);
    long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
    Path liveOther = write(".pneumo-" + parent + "-c.tmp", old);
    Path young = write(".pneumo-999999999-d.tmp", FileTime.from(Instant.now()));
    Path foreign = write(".data.csv.x1.tmp", old);
    Path output = write("pneumo-999999999-e.tmp", old);
    assertThat(AtomicFiles.removeStaleTemporaries(dir)).isEqualTo(1);
    assertThat(dead).doesNotExist();
    for (Path kept : List.of(mine, liveOther, young, foreign, output)) {
      assertThat(kept).exists();
    }
    assertThat(AtomicFiles.removeStaleTemporaries(dir.resolve("absent"))).isZero();
  }

  private Path write(String name, FileTime time) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, new byte[] {1});
    Files.setLastModifiedTime(p, time);
    return p;
  }

  @Test
  void csvFieldsAreQuotedOnlyWhenNeeded() {
    assertThat(Csv.field("1.2.3")).isEqualTo("1.2.3");
    assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(Csv.field("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
    assertThat(Csv.field(" padded")).isEqualTo("\" padded\"");
  }
}
