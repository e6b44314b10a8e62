package io.github.pneumo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiimLabelsTest {

  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static final Mask A = Mask.builder(4, 4).set(0, 1).set(0, 2).build(); // relative "1 2"
  private static final Mask B = Mask.builder(4, 4).set(1, 0).set(3, 3).build(); // relative "4 1 10 1"

  @Test
  void readsEveryQuirkOfThePublishedFiles() throws IOException {
    String content = "\uFEFFImageId, EncodedPixels\r\n"
        + "img1, 1 2\r\n"
        + "img2,-1\n"
        + "\n"
        + "img1, 4 1 10 1\n"
        + "img3, -1\n"
        + "\"img4\",\" 1 2 \""; // quoted, no final newline
    SiimLabels l = SiimLabels.read(file("a.csv", content), RleCodec.relative(), 4, 4);
    assertThat(l.imageIds()).containsExactly("img1", "img2", "img3", "img4");
    assertThat(l.rows()).extracting(SiimLabels.Row::line).containsExactly(2, 3, 5, 6, 7);
    assertThat(l.annotationCount("img1")).isEqualTo(2);
    assertThat(l.annotationCount("img2")).isZero();
    assertThat(l.annotationCount("img3")).isZero();
    assertThat(l.mask("img1")).isEqualTo(A.union(B));
    assertThat(l.annotationMasks("img1")).containsExactly(A, B);
    assertThat(l.mask("img2")).isEqualTo(Mask.empty(4, 4));
    assertThat(l.mask("img4")).isEqualTo(A);
    assertThat(l.positiveIds()).containsExactly("img1", "img4");
    assertThat(l.isPositive("img3")).isFalse();
    assertThat(l.contains("img5")).isFalse();
    assertThatThrownBy(() -> l.mask("img5")).isInstanceOf(PneumoException.class).hasMessageContaining("img5");
  }

  @Test
  void headerlessHeaderWithoutSpaceAndGzipByContent() throws IOException {
    SiimLabels noHeader = SiimLabels.read(file("b.csv", "x,1 2\ny,-1\n"), RleCodec.relative(), 4, 4);
    assertThat(noHeader.imageIds()).containsExactly("x", "y");
    SiimLabels std = SiimLabels.read(file("c.csv", "ImageId,EncodedPixels\nx,2 2\n"), RleCodec.standard(), 4, 4);
    assertThat(std.mask("x")).isEqualTo(A);
    Path gz = dir.resolve("labels.data"); // gzip recognised by content, not by name
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("ImageId, EncodedPixels\nx, 1 2\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(SiimLabels.read(gz, RleCodec.relative(), 4, 4).mask("x")).isEqualTo(A);
  }

  @Test
  void theCodecDecidesHowASingleRunReads() throws IOException {
    Path p = file("d.csv", "x,2 2\n");
    assertThat(SiimLabels.read(p, RleCodec.relative(), 4, 4).mask("x"))
        .isNotEqualTo(SiimLabels.read(p, RleCodec.standard(), 4, 4).mask("x"));
  }

  @Test
  void errorsNameTheFileAndLine() throws IOException {
    Path bad = file("bad.csv", "ImageId, EncodedPixels\nimg1, 1 2\nimg2, 1 2 3\n");
    assertThatThrownBy(() -> SiimLabels.read(bad, RleCodec.relative(), 4, 4))
        .isInstanceOf(LabelFormatException.class)
        .hasMessageStartingWith(bad + ":3: image img2: relative RLE")
        .hasMessageContaining("odd number of tokens")
        .satisfies(e -> {
          assertThat(((LabelFormatException) e).line()).isEqualTo(3);
          assertThat(((LabelFormatException) e).file()).isEqualTo(bad.toString());
        });
    Path outside = file("outside.csv", "img1, 1 2\nimg1, 14 5\n");
    assertThatThrownBy(() -> SiimLabels.read(outside, RleCodec.relative(), 4, 4))
        .isInstanceOf(LabelFormatException.class).hasMessageStartingWith(outside + ":2:")
        .hasMessageContaining("outside the 4x4 image");
    Path columns = file("columns.csv", "img1, 1 2\nimg2\n");
    assertThatThrownBy(() -> SiimLabels.read(columns, RleCodec.relative(), 4, 4))
        .isInstanceOf(LabelFormatException.class).hasMessage(columns + ":2: expected 2 comma-separated "
            + "columns (ImageId, EncodedPixels), found 1");
    Path three = file("three.csv", "img1,1 2,3\n");
    assertThatThrownBy(() -> SiimLabels.read(three, RleCodec.relative(), 4, 4))
        .hasMessageContaining(":1: expected 2");
    Path noId = file("noid.csv", "ImageId,EncodedPixels\n , 1 2\n");
    assertThatThrownBy(() -> SiimLabels.read(noId, RleCodec.relative(), 4, 4))
        .hasMessage(noId + ":2: empty ImageId");
    Path negative = file("neg.csv", "a,-1\nb,-2\n");
    assertThatThrownBy(() -> SiimLabels.read(negative, RleCodec.relative(), 4, 4))
        .hasMessageContaining(":2:").hasMessageContaining("'-2'");
    Path quote = file("quote.csv", "a,\"1 2\n");
    assertThatThrownBy(() -> SiimLabels.read(quote, RleCodec.relative(), 4, 4))
        .isInstanceOf(LabelFormatException.class).hasMessageContaining(":1: unterminated");
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, new byte[] {'a', ',', '-', '1', '\n', 'b', (byte) 0xe9, ',', '-', '1', '\n'});
    assertThatThrownBy(() -> SiimLabels.read(latin1, RleCodec.relative(), 4, 4))
        .isInstanceOf(LabelFormatException.class).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> SiimLabels.read(dir.resolve("missing.csv"), RleCodec.relative()))
        .isInstanceOf(PneumoException.class).hasMessageContaining("missing.csv");
  }

  @Test
  void writesOneRowPerImageInEitherFormat() throws IOException {
    SiimLabels l = SiimLabels.builder(RleCodec.relative(), 4, 4)
        .add("img1", A).addEmpty("img2").add("img1", B).addEncoded("img3", " 0 1 ").build();
    Path rel = dir.resolve("out/rel.csv");
    l.write(rel);
    assertThat(Files.readString(rel)).isEqualTo("ImageId, EncodedPixels\n"
        + "img1, 1 2 1 1 10 1\n"
        + "img2,-1\n"
        + "img3, 0 1\n");
    Path std = dir.resolve("std.csv");
    l.write(std, RleCodec.standard());
    assertThat(Files.readString(std)).isEqualTo("ImageId,EncodedPixels\n"
        + "img1,2 2 5 1 16 1\n"
        + "img2,-1\n"
        + "img3,1 1\n");
    SiimLabels back = SiimLabels.read(std, RleCodec.standard(), 4, 4);
    for (String id : l.imageIds()) {
      assertThat(back.mask(id)).isEqualTo(l.mask(id));
    }
    assertThat(dir.resolve("out")).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void writesSeveralRowsPerImageKeepingAnnotations() throws IOException {
    SiimLabels l = SiimLabels.builder(RleCodec.relative(), 4, 4)
        .addAll("img1", List.of(A, B)).addAll("img2", List.of()).addAll("img3", List.of(Mask.empty(4, 4)))
        .build();
    assertThat(l.annotationCount("img1")).isEqualTo(2);
    Path p = dir.resolve("rows.csv.gz");
    l.writeRows(p, RleCodec.standard());
    SiimLabels back = SiimLabels.read(p, RleCodec.standard(), 4, 4);
    assertThat(back.rows()).extracting(SiimLabels.Row::encodedPixels)
        .containsExactly("2 2", "5 1 16 1", "-1", "-1");
    assertThat(back.annotationMasks("img1")).containsExactly(A, B);
    assertThat(back.annotationCount("img2")).isZero();
  }

  @Test
  void builderRejectsBadInput() {
    SiimLabels.Builder b = SiimLabels.builder(RleCodec.relative(), 4, 4);
    assertThatThrownBy(() -> b.add("x", Mask.empty(5, 4))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.add(" ", A)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.addEncoded("x", "1 2 3")).isInstanceOf(io.github.pneumo.RleFormatException.class);
  }

  @Test
  void failedWriteLeavesTheTargetUntouched() throws IOException {
    Path target = file("keep.csv", "old\n");
    SiimLabels l = SiimLabels.builder(RleCodec.relative(), 4, 4).add("a", A).build();
    Path asDir = dir.resolve("keep.csv/inside.csv"); // parent is a file: cannot write
    assertThatThrownBy(() -> l.write(asDir)).isInstanceOf(PneumoException.class).hasMessageContaining("inside.csv");
    assertThat(Files.readString(target)).isEqualTo("old\n");
  }

  @Test
  void idsWithCommasOrQuotesAreQuotedAndReadBack(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    io.github.pneumo.Mask m = io.github.pneumo.Mask.builder(4, 4).setRun(2, 3).build();
    SiimLabels labels = SiimLabels.builder(RleCodec.standard(), 4, 4).add("a,b", m).addEmpty("say \"hi\"")
        .addEmpty("plain").build();
    Path file = tmp.resolve("l.csv");
    labels.write(file);
    assertThat(java.nio.file.Files.readString(file)).isEqualTo(
        "ImageId,EncodedPixels\n\"a,b\",3 3\n\"say \"\"hi\"\"\",-1\nplain,-1\n");
    SiimLabels back = SiimLabels.read(file, RleCodec.standard(), 4, 4);
    assertThat(back.imageIds()).containsExactly("a,b", "say \"hi\"", "plain");
    assertThat(back.mask("a,b")).isEqualTo(m);
  }
}
