package io.github.pneumo.examples

import io.github.pneumo.Mask
import io.github.pneumo.RleCodec
import io.github.pneumo.examples.cli.Args
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * Calls pneumo's public API from Kotlin. The module compiles Kotlin with -Xjspecify-annotations=strict
 * and -Werror, so JSpecify nullness is enforced: a @Nullable return must be handled with ?. or ?:, and
 * a null passed to a @NullMarked parameter would not compile.
 */
class KotlinApiTest {

  @Test
  fun `relative RLE round trip from Kotlin`() {
    val mask: Mask = Mask.builder(4, 4).set(0, 1).set(0, 2).set(1, 0).set(3, 3).build()
    val codec: RleCodec = RleCodec.relative()
    val rle: String = codec.encode(mask)
    assertThat(rle).isEqualTo("1 2 1 1 10 1")
    assertThat(codec.decode(rle, 4, 4)).isEqualTo(mask)
    assertThat(RleCodec.standard().encode(mask)).isEqualTo("2 2 5 1 16 1")
  }

  @Test
  fun `nullable returns are seen as nullable`() {
    val args = Args.parse(listOf("--size", "64"), emptySet())
    // optional() is @Nullable: Kotlin forces the elvis operator here (a plain String would not compile).
    val size: String = args.optional("size") ?: "1024"
    val missing: String = args.optional("seed") ?: "none"
    args.finish()
    assertThat(size).isEqualTo("64")
    assertThat(missing).isEqualTo("none")
  }
}
