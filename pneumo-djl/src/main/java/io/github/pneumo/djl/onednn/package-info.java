/**
 * Guard against a known libtorch defect: on AMD family-26 CPUs (Zen 5) the oneDNN 3.x in libtorch 2.7.1
 * gives NaN in convolution backward or kills the JVM (SIGFPE/SIGSEGV; pytorch/pytorch#177227).
 *
 * <p>A signal cannot be caught, so the decision is made before libtorch's first convolution, from the CPU:
 * {@link io.github.pneumo.djl.onednn.CpuDescription} reads the vendor and family, and
 * {@link io.github.pneumo.djl.onednn.OneDnnGuard} refuses to train on an affected CPU unless the safe
 * setting {@code ONEDNN_MAX_CPU_ISA=AVX} is in the JVM's environment. The {@code ./pneumo} launcher and
 * {@code ./mvnw} export that setting themselves (see {@code .mvn/onednn.sh}); library users get a clear
 * {@link io.github.pneumo.djl.onednn.UnsafeOneDnnException} instead of a crash. {@code docs/troubleshooting.md}
 * has the measured table.
 */
@NullMarked
package io.github.pneumo.djl.onednn;

import org.jspecify.annotations.NullMarked;
