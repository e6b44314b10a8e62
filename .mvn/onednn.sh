# Sourced (POSIX sh) by ./mvnw, ./pneumo and .ci/run before they start a JVM that may load libtorch.
#
# On AMD family-26+ CPUs (Zen 5), libtorch 2.7.1's oneDNN gives NaN in convolution backward or kills the JVM
# with SIGFPE/SIGSEGV (pytorch/pytorch#177227). A signal cannot be caught and oneDNN reads its settings once,
# when libtorch starts, so the safe setting must be in the environment before the JVM starts:
# ONEDNN_MAX_CPU_ISA=AVX, the only setting measured safe there (AVX2 and AVX-512 still crash).
# It is exported only when the CPU is affected and the user has chosen nothing (neither ONEDNN_MAX_CPU_ISA
# nor its older name DNNL_MAX_CPU_ISA is set). Same rule as io.github.pneumo.djl.onednn.CpuDescription#affected
# (OneDnnShellScriptTest checks they agree). PNEUMO_CPUINFO names another cpuinfo file (tests).
# See docs/troubleshooting.md.
if [ -z "${ONEDNN_MAX_CPU_ISA:-}" ] && [ -z "${DNNL_MAX_CPU_ISA:-}" ] && [ -r "${PNEUMO_CPUINFO:-/proc/cpuinfo}" ]; then
  pneumo_onednn_cpu="$(awk -F: '
    /^[ \t]*$/ { if (v != "" || f != "") exit; next }
    { k = $1; sub(/[ \t]+$/, "", k); val = $2; sub(/^[ \t]+/, "", val); sub(/[ \t]+$/, "", val) }
    k == "vendor_id" { v = val } k == "cpu family" { f = val } k == "model" { m = val }
    END { if (v == "AuthenticAMD" && f ~ /^[0-9]+$/ && f + 0 >= 26) print v " family " f " model " m }
  ' "${PNEUMO_CPUINFO:-/proc/cpuinfo}" 2>/dev/null || true)"
  if [ -n "$pneumo_onednn_cpu" ]; then
    ONEDNN_MAX_CPU_ISA=AVX
    export ONEDNN_MAX_CPU_ISA
    echo "pneumo: $pneumo_onednn_cpu: exporting ONEDNN_MAX_CPU_ISA=AVX (libtorch's oneDNN gives NaN or crashes on AMD family 26+ otherwise: pytorch/pytorch#177227, docs/troubleshooting.md)" >&2
  fi
  unset pneumo_onednn_cpu
fi
