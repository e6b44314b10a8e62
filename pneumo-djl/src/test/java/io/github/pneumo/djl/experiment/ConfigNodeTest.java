package io.github.pneumo.djl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigNodeTest {
  @TempDir Path dir;

  private ConfigNode read(String yaml) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, yaml);
    return ConfigNode.read(f);
  }

  private String file() {
    return dir.resolve("c.yaml").toString();
  }

  @Test
  void readsTypedValuesAndResolvesPathsAgainstTheFile() throws Exception {
    ConfigNode c = read("""
        name: run
        lr: 1e-5
        epochs: 3
        flip: True
        out: ../maps
        nested: {a: 1, b: [x, 2]}
        nothing:
        """);
    assertThat(c.string("name")).isEqualTo("run");
    assertThat(c.number("lr", 0, 1)).isEqualTo(1e-5); // YAML 1.1 text "1e-5" is accepted as a number
    assertThat(c.integer("epochs", 1, 10)).isEqualTo(3);
    assertThat(c.bool("flip", false)).isTrue();
    assertThat(c.path("out")).isEqualTo(dir.getParent().resolve("maps"));
    ConfigNode nested = c.child("nested");
    assertThat(nested.integer("a", 0, 9)).isEqualTo(1);
    List<ConfigValue> b = nested.list("b");
    assertThat(b).extracting(ConfigValue::string).containsExactly("x", "2");
    assertThat(b.get(1).key()).isEqualTo("nested.b[1]");
    assertThat(b.get(1).line()).isEqualTo(6);
    assertThat(c.has("nothing")).isFalse();
    assertThat(c.integer("absent", 7, 0, 9)).isEqualTo(7);
    c.finish();
  }

  @Test
  void duplicateKeysAreErrorsNamingBothLines() {
    assertThatThrownBy(() -> read("a: 1\nb: 2\na: 3\n")).isInstanceOf(ConfigException.class)
        .hasMessage(file() + " line 3: duplicate key 'a' (first at line 1)");
    assertThatThrownBy(() -> read("a: 1\nlist:\n  - {x: 1, x: 2}\n")).isInstanceOf(ConfigException.class)
        .hasMessage(file() + " line 3: duplicate key 'x' (first at line 3)");
  }

  @Test
  void unknownKeysAreErrorsNamingTheKeyAndLine() throws Exception {
    ConfigNode c = read("a: 1\nnested:\n  b: 2\n  typo: 3\n");
    c.integer("a", 0, 9);
    c.child("nested").integer("b", 0, 9);
    assertThatThrownBy(c::finish).isInstanceOf(ConfigException.class)
        .hasMessage(file() + " line 4: unknown key 'nested.typo'");
  }

  @Test
  void wrongTypesAndRangesAreErrorsNamingFileLineAndKey() throws Exception {
    ConfigNode c = read("n: two\ni: 1.5\nb: maybe\nm: [1]\nr: 11\nnested:\n  deep: {x: y}\n");
    assertThatThrownBy(() -> c.number("n", 0, 1)).hasMessage(file() + " line 1: key 'n' must be a number, got 'two'");
    assertThatThrownBy(() -> c.integer("i", 0, 9)).hasMessage(file() + " line 2: key 'i' must be an integer, got '1.5'");
    assertThatThrownBy(() -> c.bool("b", false)).hasMessage(file() + " line 3: key 'b' must be true or false, got 'maybe'");
    assertThatThrownBy(() -> c.child("m")).hasMessage(file() + " line 4: key 'm' must be a mapping, got a list");
    assertThatThrownBy(() -> c.integer("r", 0, 10)).hasMessage(file() + " line 5: key 'r' must be in [0, 10], got 11");
    assertThatThrownBy(() -> c.child("nested").string("deep"))
        .hasMessage(file() + " line 7: key 'nested.deep' must be a text value, got a mapping");
    assertThatThrownBy(() -> c.child("nested").string("absent"))
        .hasMessage(file() + ": key 'nested.absent' is missing (in 'nested' at line 7)");
  }

  @Test
  void theTopLevelMustBeAMappingOfTextKeys() {
    assertThatThrownBy(() -> read("")).hasMessageContaining("the top level must be a mapping");
    assertThatThrownBy(() -> read("- a\n- b\n")).hasMessage(file() + " line 1: the top level must be a mapping of keys");
    assertThatThrownBy(() -> read("a: [1\n")).isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> read("? [1, 2]\n: x\n")).hasMessageContaining("line 1: a key must be a text");
    assertThatThrownBy(() -> read("base: &b {x: 1}\nother:\n  <<: *b\n")).hasMessageContaining("line 3: a key must be a text");
  }
}
