package io.github.pneumo.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DicomUidsTest {

  @Test
  void sequencesAreDeterministicValidAndDistinct() {
    DicomUids a = DicomUids.seeded(7);
    DicomUids b = DicomUids.seeded(7);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String uid = a.next();
      assertThat(uid).isEqualTo(b.next()).startsWith("2.25.");
      assertThat(DicomUids.isValid(uid)).as(uid).isTrue();
      assertThat(uid.length()).isLessThanOrEqualTo(44);
      assertThat(seen.add(uid)).isTrue();
    }
    assertThat(DicomUids.seeded(8).next()).isNotEqualTo(DicomUids.seeded(7).next());
  }

  @Test
  void derivedUidsDependOnSeedAndKeyOnly() {
    assertThat(DicomUids.derive(1, "study/3")).isEqualTo(DicomUids.derive(1, "study/3"))
        .isNotEqualTo(DicomUids.derive(1, "study/4"))
        .isNotEqualTo(DicomUids.derive(2, "study/3"));
    assertThat(DicomUids.isValid(DicomUids.IMPLEMENTATION_CLASS_UID)).isTrue();
  }

  @Test
  void validationFollowsTheUidSyntax() {
    assertThat(DicomUids.isValid("1.2.840.10008.1.2.4.50")).isTrue();
    assertThat(DicomUids.isValid("1.02.3")).isFalse();
    assertThat(DicomUids.isValid("1..3")).isFalse();
    assertThat(DicomUids.isValid("1.2.a")).isFalse();
    assertThat(DicomUids.isValid("")).isFalse();
    assertThat(DicomUids.isValid("1." + "2".repeat(63))).isFalse();
  }
}
