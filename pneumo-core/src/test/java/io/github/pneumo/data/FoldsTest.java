package io.github.pneumo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldsTest {

  @TempDir Path dir;

  private Path file(String content) throws IOException {
    Path p = dir.resolve("f" + content.hashCode() + ".csv");
    Files.writeString(p, content);
    return p;
  }

  @Test
  void readsFoldsAsStringsAndStripsPng() throws IOException {
    Folds f = Folds.read(file("fname,fold,exist_labels\na.png,0,1\nb.png,1,0\nc.png,stage_2,1\nd,1,1"));
    assertThat(f.entries()).containsExactly(
        new Folds.Entry("a", "0", true), new Folds.Entry("b", "1", false),
        new Folds.Entry("c", "stage_2", true), new Folds.Entry("d", "1", true));
    assertThat(f.foldNames()).containsExactly("0", "1", "stage_2");
    assertThat(f.validationIds("1")).containsExactly("b", "d");
    assertThat(f.trainingIds("1")).containsExactly("a", "c");
    assertThat(f.trainingIds("0")).containsExactly("b", "c", "d");
    assertThat(f.trainingPositives("0")).containsExactly(false, true, true);
    assertThat(f.positiveIds()).containsExactly("a", "c", "d");
    assertThat(f.entry("c").fold()).isEqualTo("stage_2");
    assertThatThrownBy(() -> f.entry("zz")).hasMessageContaining("zz");
  }

  @Test
  void columnsInAnyOrderAndExtraColumns() throws IOException {
    Folds f = Folds.read(file("\uFEFFexist_labels,extra,fold,fname\n1,x,3,a.png\n"));
    assertThat(f.entries()).containsExactly(new Folds.Entry("a", "3", true));
  }

  @Test
  void errorsNameFileAndLine() throws IOException {
    Path noHeader = file("a.png,0,1\n");
    assertThatThrownBy(() -> Folds.read(noHeader)).isInstanceOf(LabelFormatException.class)
        .hasMessageStartingWith(noHeader + ":1: header lacks the column 'fname'");
    Path label = file("fname,fold,exist_labels\na.png,0,1\nb.png,0,yes\n");
    assertThatThrownBy(() -> Folds.read(label)).isInstanceOf(LabelFormatException.class)
        .hasMessage(label + ":3: exist_labels of b.png is 'yes', expected 0 or 1");
    Path dup = file("fname,fold,exist_labels\na.png,0,1\nb.png,1,0\na.png,2,1\n");
    assertThatThrownBy(() -> Folds.read(dup)).hasMessage(dup + ":4: image a already listed on line 2");
    Path shortRow = file("fname,fold,exist_labels\na.png,0\n");
    assertThatThrownBy(() -> Folds.read(shortRow)).hasMessageStartingWith(shortRow + ":2: expected at least 3");
    Path emptyFold = file("fname,fold,exist_labels\na.png, ,1\n");
    assertThatThrownBy(() -> Folds.read(emptyFold)).hasMessageStartingWith(emptyFold + ":2: empty fold");
    Path empty = file("");
    assertThatThrownBy(() -> Folds.read(empty)).isInstanceOf(LabelFormatException.class)
        .hasMessageContaining("empty file");
  }

  @Test
  void writeAddsPngAndRoundTrips() throws IOException {
    Folds f = Folds.of(List.of(new Folds.Entry("a", "0", true), new Folds.Entry("b", "stage_2", false)));
    Path out = dir.resolve("sub/folds.csv");
    f.write(out);
    assertThat(Files.readString(out)).isEqualTo("fname,fold,exist_labels\na.png,0,1\nb.png,stage_2,0\n");
    assertThat(Folds.read(out).entries()).isEqualTo(f.entries());
    assertThatThrownBy(() -> Folds.of(List.of(new Folds.Entry("a", "0", true), new Folds.Entry("a", "1", true))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
  }

  @Test
  void stratifiedIsBalancedDeterministicAndOrderIndependent() {
    List<String> ids = new ArrayList<>();
    Set<String> pos = new HashSet<>();
    for (int i = 0; i < 103; i++) {
      String id = String.format("id%03d", i);
      ids.add(id);
      if (i % 4 == 0) {
        pos.add(id); // 26 positives
      }
    }
    Folds f = Folds.stratified(ids, pos, 5, 1);
    assertThat(f.size()).isEqualTo(103);
    assertThat(f.foldNames()).containsExactly("0", "1", "2", "3", "4");
    int totalPos = 0;
    for (String fold : f.foldNames()) {
      List<Folds.Entry> v = f.validation(fold);
      assertThat(v.size()).isBetween(20, 21);
      long p = v.stream().filter(Folds.Entry::positive).count();
      assertThat(p).isBetween(5L, 6L);
      totalPos += (int) p;
    }
    assertThat(totalPos).isEqualTo(26);
    for (Folds.Entry e : f.entries()) {
      assertThat(e.positive()).isEqualTo(pos.contains(e.imageId()));
    }
    // sorted by file name like the original files
    assertThat(f.entries()).extracting(Folds.Entry::imageId).isSorted();
    List<String> reversed = new ArrayList<>(ids);
    java.util.Collections.reverse(reversed);
    assertThat(Folds.stratified(reversed, pos, 5, 1).entries()).isEqualTo(f.entries());
    assertThat(Folds.stratified(ids, pos, 5, 2).entries()).isNotEqualTo(f.entries());
    assertThatThrownBy(() -> Folds.stratified(ids, pos, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Folds.stratified(ids, Set.of("nope"), 5, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
  }

  @Test
  void foldNamesThatWouldLeaveTheOutputFolderAreRefused() throws IOException {
    Path f = dir.resolve("folds.csv");
    Files.writeString(f, "fname,fold,exist_labels\na.png,0,0\nb.png,/../../x,1\n");
    assertThatThrownBy(() -> Folds.read(f)).isInstanceOf(LabelFormatException.class)
        .hasMessage(f + ":3: fold name '/../../x' of b.png is not a safe file name (allowed: letters, digits, '.', "
            + "'_', '-', not starting with '.', at most 200 characters)");
    Files.writeString(f, "fname,fold,exist_labels\na.png,..,0\n");
    assertThatThrownBy(() -> Folds.read(f)).hasMessageContaining("fold name '..' of a.png is not a safe file name");
    assertThatThrownBy(() -> new Folds.Entry("a", "../x", false))
        .isInstanceOf(io.github.pneumo.io.UnsafeNameException.class);
    // the original's names stay valid
    Files.writeString(f, "fname,fold,exist_labels\na.png,0,0\nb.png,stage_2,1\n");
    assertThat(Folds.read(f).foldNames()).containsExactly("0", "stage_2");
  }
}
