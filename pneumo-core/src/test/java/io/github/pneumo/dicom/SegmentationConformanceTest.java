package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEGs written from real SIIM DICOMs, checked by independent tools: dicom3tools' {@code dciodvfy} (no
 * errors), dcmtk's {@code dcmdump} (no warning) and pydicom (the frame is exactly the mask, the source is
 * referenced). Each test skips with a message when its tool is absent (.ci/run installs them).
 */
class SegmentationConformanceTest {
  @TempDir Path dir;

  private record Written(SiimSamples.Sample sample, DicomImage source, Path seg) {}

  /** Two positive and one negative image. */
  private List<Written> writeSegs() {
    SegmentationWriter writer = SegmentationWriter.builder().algorithm("pneumo conformance test", "1").build();
    List<Written> out = new ArrayList<>();
    for (SiimSamples.Sample s : SiimSamples.samples(2)) {
      out.add(write(writer, s));
    }
    SiimSamples.samples(20).stream().filter(s -> s.mask().isEmpty()).findFirst()
        .ifPresent(s -> out.add(write(writer, s)));
    return out;
  }

  private Written write(SegmentationWriter writer, SiimSamples.Sample s) {
    DicomImage source = Dicom.read(s.file());
    Path seg = dir.resolve(source.sopInstanceUid() + SegmentationWriter.SUFFIX);
    writer.write(source, s.mask(), seg);
    return new Written(s, source, seg);
  }

  @Test
  void dciodvfyReportsNoErrors() throws Exception {
    assumeOnPath("dciodvfy", "dicom3tools");
    for (Written w : writeSegs()) {
      String report = run(List.of("dciodvfy", w.seg().toString()), false);
      List<String> errors = report.lines().filter(l -> l.startsWith("Error")).toList();
      assertThat(errors).as("dciodvfy " + w.seg() + ":\n" + report).isEmpty();
      assertThat(report).as(report).contains("Segmentation");
    }
  }

  @Test
  void dciodvfyReportsNoErrorsOnAFractionalSeg() throws Exception {
    assumeOnPath("dciodvfy", "dicom3tools");
    SiimSamples.Sample s = SiimSamples.samples(1).get(0);
    DicomImage source = Dicom.read(s.file());
    float[] p = new float[source.columns() * source.rows()];
    byte[] rowMajor = s.mask().toRowMajor((byte) 1);
    for (int i = 0; i < p.length; i++) {
      p[i] = rowMajor[i] == 1 ? 0.9f : 0.05f;
    }
    Path seg = dir.resolve("fractional.seg.dcm");
    SegmentationWriter.builder().build().writeFractional(source, new ProbabilityMap(source.columns(),
        source.rows(), p), seg);
    String report = run(List.of("dciodvfy", seg.toString()), false);
    assertThat(report.lines().filter(l -> l.startsWith("Error")).toList()).as(report).isEmpty();
    assertThat(Files.readString(seg, StandardCharsets.ISO_8859_1)).contains("FRACTIONAL").contains("PROBABILITY");
    assertThat(SegmentationReader.probabilities(Dicom.read(seg)).get(0, 0)).isEqualTo(13 / 255f); // round(0.05 x 255)
  }

  @Test
  void dcmdumpReadsWithoutWarning() throws Exception {
    assumeOnPath("dcmdump", "dcmtk");
    for (Written w : writeSegs()) {
      String dump = run(List.of("dcmdump", w.seg().toString()), true);
      assertThat(dump.lines().filter(l -> l.startsWith("W:") || l.startsWith("E:")).toList())
          .as(dump).isEmpty();
      assertThat(dump).contains("(0062,0001) CS [BINARY]")
          .contains("(0008,1155) UI [" + w.source().sopInstanceUid() + "]")
          .contains("(0008,0100) SH [36118008]");
    }
  }

  @Test
  void pydicomDecodesTheFrameToTheMaskAndFindsTheSource() throws Exception {
    String python = pythonWithPydicom().orElse(null);
    Assumptions.assumeTrue(python != null,
        "no python3 with pydicom (Debian python3-pydicom): skipping the pydicom check of the SEG");
    Path script = dir.resolve("seg_check.py");
    try (InputStream in = getClass().getResourceAsStream("seg_check.py")) {
      Files.write(script, in.readAllBytes());
    }
    for (Written w : writeSegs()) {
      Mask mask = w.sample().mask();
      Path raw = dir.resolve(w.source().sopInstanceUid() + ".mask");
      Files.write(raw, mask.toRowMajor((byte) 1));
      String out = run(List.of(python, script.toString(), w.seg().toString(), raw.toString(),
          w.source().sopInstanceUid()), true);
      assertThat(out).startsWith("OK pydicom").contains("(" + mask.area() + " pixels set")
          .contains("references " + w.source().sopInstanceUid());
    }
  }

  private static Optional<String> pythonWithPydicom() throws InterruptedException {
    for (String python : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p = new ProcessBuilder(python, "-c", "import pydicom").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return Optional.of(python);
        }
      } catch (IOException e) {
        // not there: try the next
      }
    }
    return Optional.empty();
  }

  private static void assumeOnPath(String tool, String debianPackage) {
    String path = System.getenv("PATH");
    boolean found = path != null && Stream.of(path.split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    Assumptions.assumeTrue(found, tool + " (Debian " + debianPackage + ") is not installed: skipping");
  }

  private static String run(List<String> command, boolean mustSucceed) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    if (mustSucceed) {
      assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
    return output;
  }
}
