package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.dicom.DicomUids;
import io.github.pneumo.dicom.DicomWriter;
import io.github.pneumo.dicom.SegmentationReader;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.maps.MapStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportSegCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PneumoCli cli;
  private Path dicom;

  @BeforeEach
  void setUp() {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    cli = new PneumoCli(List.of(new ExportSegCommand(o)), o, new PrintStream(err, true, StandardCharsets.UTF_8));
    DicomUids uids = DicomUids.seeded(3);
    dicom = dir.resolve("image.dcm");
    DicomWriter.builder().encoding(DicomWriter.Encoding.EXPLICIT_VR_LITTLE_ENDIAN)
        .sopInstanceUid(uids.next()).studyInstanceUid(uids.next()).seriesInstanceUid(uids.next()).build()
        .write(new GreyImage(8, 6, new byte[48]), dicom);
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return cli.run(List.of(args));
  }

  @Test
  void standardRleByDefault() {
    Path seg = dir.resolve("a.seg.dcm");
    assertThat(run("export-seg", "--dicom", dicom.toString(), "--mask-rle", "2 3 14 2", "--out", seg.toString()))
        .as(err.toString()).isZero();
    Mask expected = Mask.fromColumnMajorRuns(8, 6, 1, 3, 13, 2);
    assertThat(SegmentationReader.readMask(seg)).isEqualTo(expected);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("wrote " + seg + ": binary SEG of " + dicom
        + ", 5 pixels in the mask" + System.lineSeparator());
  }

  @Test
  void relativeRleWhenAsked() {
    Path seg = dir.resolve("r.seg.dcm");
    assertThat(run("export-seg", "--dicom", dicom.toString(), "--mask-rle", "1 3 9 2", "--codec", "relative",
        "--out", seg.toString())).isZero();
    assertThat(SegmentationReader.readMask(seg)).isEqualTo(RleCodec.relative().decode("1 3 9 2", 8, 6))
        .isEqualTo(Mask.fromColumnMajorRuns(8, 6, 1, 3, 13, 2));
  }

  @Test
  void mapWithTriplet() {
    float[] p = new float[48];
    for (int i = 0; i < p.length; i++) {
      p[i] = i / 47f;
    }
    MapStore.open(dir.resolve("maps")).write("image", new ProbabilityMap(8, 6, p));
    Path map = dir.resolve("maps/image.pmap");
    Path seg = dir.resolve("m.seg.dcm");
    assertThat(run("export-seg", "--dicom", dicom.toString(), "--map", map.toString(), "--triplet", "0.9,3,0.5",
        "--out", seg.toString())).as(err.toString()).isZero();
    Mask expected = new TripletThreshold(0.9, 3, 0.5).apply(MapStore.readFile(map).toProbabilityMap());
    assertThat(expected.area()).isEqualTo(24);
    assertThat(SegmentationReader.readMask(seg)).isEqualTo(expected);
    // the area gate fails: a SEG with an empty frame
    assertThat(run("export-seg", "--dicom", dicom.toString(), "--map", map.toString(), "--triplet", "0.9,10,0.5",
        "--out", seg.toString())).isZero();
    assertThat(SegmentationReader.readMask(seg)).isEqualTo(Mask.empty(8, 6));
    assertThat(Dicom.read(seg).frames()).isEqualTo(1);
  }

  @Test
  void argumentErrorsAreUsageErrors() {
    String d = dicom.toString();
    String o = dir.resolve("x.dcm").toString();
    assertThat(run("export-seg", "--dicom", d, "--out", o)).isEqualTo(2);
    assertThat(err.toString()).contains("give exactly one of --mask-rle and --map");
    assertThat(run("export-seg", "--dicom", d, "--mask-rle", "-1", "--map", "m.pmap", "--out", o)).isEqualTo(2);
    assertThat(run("export-seg", "--dicom", d, "--map", "m.pmap", "--out", o)).isEqualTo(2);
    assertThat(err.toString()).contains("--map needs --triplet t,a,b");
    assertThat(run("export-seg", "--dicom", d, "--map", "m.pmap", "--triplet", "0.5,x,0.2", "--out", o))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--triplet must be t,a,b");
    assertThat(run("export-seg", "--dicom", d, "--mask-rle", "-1", "--codec", "stage9", "--out", o)).isEqualTo(2);
    assertThat(run("export-seg", "--dicom", d, "--mask-rle", "-1", "--triplet", "0.5,1,0.2", "--out", o))
        .isEqualTo(2);
    assertThat(Path.of(o)).doesNotExist();
  }

  @Test
  void badInputIsAClearFailure() {
    String o = dir.resolve("x.dcm").toString();
    // a run past the 48 pixels of the 8 x 6 source
    assertThat(run("export-seg", "--dicom", dicom.toString(), "--mask-rle", "40 10", "--out", o)).isEqualTo(1);
    assertThat(err.toString()).startsWith("pneumo export-seg: ").contains("8x6");
    MapStore.open(dir.resolve("maps")).write("small", new ProbabilityMap(4, 4, new float[16]));
    assertThat(run("export-seg", "--dicom", dicom.toString(), "--map", dir.resolve("maps/small.pmap").toString(),
        "--triplet", "0.5,0,0.5", "--out", o)).isEqualTo(1);
    assertThat(err.toString()).contains("small.pmap: the map is 4x4 but the image " + dicom + " is 8x6");
    assertThat(run("export-seg", "--dicom", dir.resolve("missing.dcm").toString(), "--mask-rle", "-1",
        "--out", o)).isEqualTo(1);
    assertThat(err.toString()).contains("missing.dcm: no such file");
    assertThat(Path.of(o)).doesNotExist();
  }
}
