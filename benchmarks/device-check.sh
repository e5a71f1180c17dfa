#!/usr/bin/env bash
# Checks Lamina on a machine's GPU (or any OpenCL device) and writes one report folder:
# is the vendor's OpenCL platform visible (and if not, where its library is and how to register it),
# do the reference cases pass there (`lamina verify`), what does `lamina tune --quick` choose, and
# what does `lamina bench` measure. docs/devices.md and docs/performance.md explain the results.
#
#   benchmarks/device-check.sh [--device D] [--out DIR] [--budget SECONDS] [--jar PATH] [--full]
#                              [--no-install]
#
#   --device D    the device to check, as --device takes it: a type (gpu, cpu, accelerator), an index
#                 or a name (default: $DEVICE, else gpu). `--device cpu` exercises the script on pocl.
#   --out DIR     the report folder (default device-check-<host>-<UTC date and time>)
#   --budget S    seconds for the whole check (default 480); each step has a cap and gets at most
#                 what is left, steps that no longer fit are skipped. A step past its limit is stopped.
#   --jar PATH    a prebuilt lamina.jar with its lib/ folder beside it (a copy of bundles/cli/target):
#                 nothing is built, so neither Maven nor its dependencies are needed
#   --full        the whole benchmark catalog (batch 32, ResNet-18, standard timing) instead of --quick:
#                 minutes, so give a larger --budget
#   --skip STEPS  leave out some of verify, tune, bench (comma-separated)
#   --no-install  never install packages (also LAMINA_NO_INSTALL=1)
#   DEVICE_CHECK_LIB_DIRS  more folders (colon-separated) to look for vendor OpenCL libraries in
#
# Runs from a fresh clone with nothing built. Building needs JDK 17 and Maven, and Maven needs the
# project's dependencies, from the network or already in ~/.m2: on a machine without network, build
# elsewhere and give --jar (copy bundles/cli/target/lamina.jar and bundles/cli/target/lib/ over).
# As root on Debian or Ubuntu it installs what is missing (ocl-icd-libopencl1, openjdk-17-jdk-headless,
# maven, clinfo); otherwise it says what to install. Every step is timed and bounded; a step that fails
# does not stop the ones after it, and summary.md says which failed and why.
#
# When the asked-for device type does not show, it looks for the vendor's OpenCL library (NVIDIA's
# libnvidia-opencl.so.1, AMD's libamdocl64.so, Intel's libigdrcl.so) in the usual places and, where no
# .icd file registers it, registers it for this run through a private ICD folder (OCL_ICD_VENDORS)
# and says how to register it for good.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEVICE="${DEVICE:-gpu}"
OUT=""
BUDGET=480
JAR=""
FULL=0
SKIP=","
while [ $# -gt 0 ]; do
    case "$1" in
        --device) DEVICE="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --budget) BUDGET="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        --full) FULL=1; shift ;;
        --skip) SKIP=",$2,"; shift 2 ;;
        --no-install) export LAMINA_NO_INSTALL=1; shift ;;
        -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
        *) echo "device-check: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
case "$BUDGET" in
    ''|*[!0-9]*) echo "device-check: --budget $BUDGET is not a number of seconds" >&2; exit 2 ;;
esac
if [ -n "$JAR" ]; then
    if [ ! -f "$JAR" ] || [ ! -d "$(dirname "$JAR")/lib" ]; then
        echo "device-check: --jar $JAR: no such jar, or no lib/ folder beside it" >&2
        exit 2
    fi
    LAMINA_JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
    export LAMINA_JAR
fi
HOST="$(hostname -s 2>/dev/null || uname -n)"
STAMP="$(date -u +%Y%m%d-%H%M%S)"
OUT="${OUT:-device-check-$HOST-$STAMP}"
mkdir -p "$OUT" || { echo "device-check: cannot create $OUT" >&2; exit 2; }
OUT="$(cd "$OUT" && pwd)"
LAMINA="$ROOT/lamina"
# The tuned file lands in the report, and the benchmark runs with it.
export LAMINA_TUNING_DIR="$OUT/tuning"
mkdir -p "$LAMINA_TUNING_DIR"
START=$(date +%s)
STEPS=()

say() { printf 'device-check: %s\n' "$*" >&2; }
# The dynamic linker's cache (ldconfig is in /sbin, off a user's PATH on some systems). Its readers
# below read all of it: one that stopped early (grep -q) would kill ldconfig with SIGPIPE, which
# pipefail turns into "not found".
ldcache() {
    if command -v ldconfig >/dev/null 2>&1; then ldconfig -p 2>/dev/null; else /sbin/ldconfig -p 2>/dev/null; fi
}
elapsed() { echo $(($(date +%s) - START)); }
is_root_apt() {
    [ "$(id -u)" = 0 ] && [ "${LAMINA_NO_INSTALL:-0}" != 1 ] && command -v apt-get >/dev/null 2>&1
}

# step NAME CAP LOG COMMAND...: runs COMMAND with its output in $OUT/LOG, stopped after
# min(CAP, what is left of the budget less 15 s for the summary); records result and seconds.
# CAP is for the default budget of 480 s and grows with a larger one.
step() {
    local name="$1" cap="$2" log="$3"
    shift 3
    local left=$((BUDGET - $(elapsed) - 15)) limit status rc t0 secs
    case "$SKIP" in
        *",$name,"*) STEPS+=("$name|skipped: --skip|0|-"); say "$name: skipped (--skip)"; return 0 ;;
    esac
    [ "$BUDGET" -gt 480 ] && cap=$((cap * BUDGET / 480))
    limit=$((cap < left ? cap : left))
    if [ "$limit" -lt 10 ]; then
        STEPS+=("$name|skipped: budget spent|0|$log")
        say "$name: skipped, the budget of ${BUDGET}s is spent"
        return 125
    fi
    say "$name (at most ${limit}s) ..."
    t0=$(date +%s)
    timeout -k 10 "$limit" "$@" >"$OUT/$log" 2>&1
    rc=$?
    secs=$(($(date +%s) - t0))
    case "$rc" in
        0) status="ok" ;;
        124|137) status="FAILED: stopped after ${limit}s" ;;
        *) status="FAILED: exit status $rc" ;;
    esac
    if [ "$rc" != 0 ] && grep -q '^no .* device is visible' "$OUT/$log"; then
        status="FAILED: no $DEVICE device is visible"
    fi
    STEPS+=("$name|$status|$secs|$log")
    say "$name: $status (${secs}s)"
    return "$rc"
}

# The machine and software, for the report.
environment() {
    echo "date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')"
    echo "host: $(uname -n)"
    echo "kernel: $(uname -srm)"
    [ -r /etc/os-release ] && echo "os: $(. /etc/os-release && echo "${PRETTY_NAME:-?}")"
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1), $(nproc) CPUs"
    echo "memory: $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)"
    echo "lamina: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'not a git clone')$( \
        [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ] && echo ' (modified)')"
    echo "device asked: $DEVICE"
    echo "jar: ${LAMINA_JAR:-built from this clone}"
    echo
    echo "== java"; (command -v java >/dev/null && java -version 2>&1) || echo "no java on the PATH"
    echo "== maven"; (command -v mvn >/dev/null && mvn -v 2>&1 | head -3) || echo "no mvn on the PATH"
    echo "== OpenCL loader (ldconfig)"; ldcache | grep -i 'libOpenCL' || echo "none"
    echo "== /etc/OpenCL/vendors"
    for f in /etc/OpenCL/vendors/*.icd; do [ -f "$f" ] && echo "$f: $(cat "$f")"; done
    echo "== environment"
    env | grep -E '^(OCL_ICD_|LD_LIBRARY_PATH|LD_PRELOAD|JAVA_HOME|LAMINA_|POCL_|NVIDIA_|CUDA_|ROCR_|HIP_|GPU_)' | sort
    if command -v nvidia-smi >/dev/null 2>&1; then
        echo "== nvidia-smi"
        nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,compute_cap --format=csv 2>&1
        nvidia-smi 2>&1 | head -15
    fi
    if command -v rocm-smi >/dev/null 2>&1; then
        echo "== rocm-smi"; rocm-smi --showproductname 2>&1 | head -20
    fi
    command -v lspci >/dev/null 2>&1 && { echo "== lspci (display)"; lspci 2>/dev/null | grep -Ei 'vga|3d|display'; }
    return 0
}

# As root on Debian/Ubuntu: the OpenCL loader, a JDK 17, Maven (unless --jar) and clinfo, when missing.
prerequisites() {
    local pkgs=()
    ldcache | grep 'libOpenCL\.so\.1' >/dev/null || pkgs+=(ocl-icd-libopencl1)
    command -v java >/dev/null 2>&1 || [ -n "${JAVA_HOME:-}" ] || pkgs+=(openjdk-17-jdk-headless)
    [ -n "${LAMINA_JAR:-}" ] || command -v mvn >/dev/null 2>&1 || pkgs+=(maven)
    command -v clinfo >/dev/null 2>&1 || pkgs+=(clinfo)
    if [ ${#pkgs[@]} -eq 0 ]; then
        echo "nothing to install"
        return 0
    fi
    if ! is_root_apt; then
        echo "missing: ${pkgs[*]}; install them: sudo apt-get install ${pkgs[*]}"
        echo "(not root, no apt-get, or LAMINA_NO_INSTALL=1: nothing installed)"
        return 0
    fi
    echo "installing: ${pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
}

# Vendor OpenCL libraries present on the machine (one path a line, real files first seen).
vendor_libraries() {
    local dirs=(/usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib
        /usr/local/nvidia /usr/lib/nvidia /usr/local/cuda /usr/local/cuda-* /opt/rocm /opt/rocm-* /opt/amdgpu
        /opt/intel /usr/lib/wsl/lib)
    local existing=() d extra
    IFS=: read -r -a extra <<<"${DEVICE_CHECK_LIB_DIRS:-}"
    for d in "${extra[@]}" "${dirs[@]}"; do [ -n "$d" ] && [ -d "$d" ] && existing+=("$d"); done
    {
        ldcache | awk '/libnvidia-opencl\.so|libamdocl|libigdrcl\.so|libintelocl\.so/ {print $NF}'
        [ ${#existing[@]} -gt 0 ] && find "${existing[@]}" -maxdepth 4 \( -name 'libnvidia-opencl.so.1' \
            -o -name 'libamdocl64.so' -o -name 'libamdocl-orca64.so' -o -name 'libigdrcl.so' -o -name 'libintelocl.so' \) \
            \( -type f -o -type l \) 2>/dev/null
    } | while read -r lib; do readlink -f "$lib" >/dev/null 2>&1 && echo "$lib"; done | awk '!seen[$0]++'
}

# Whether an .icd file among $1... names library $2 in a form the loader can open: its full path,
# or its file name when the dynamic linker finds that name.
registered() {
    local lib="$1" base f entry
    base="$(basename "$lib")"
    shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        entry="$(head -1 "$f" | tr -d '[:space:]')"
        if [ "$entry" = "$lib" ] || [ "$(readlink -f "$entry" 2>/dev/null)" = "$(readlink -f "$lib")" ]; then
            return 0
        fi
        if [ "$entry" = "$base" ] && ldcache | grep " $base " >/dev/null; then
            return 0
        fi
    done
    return 1
}

# Finds the vendors' libraries and the loader; registers what no .icd file registers in a private
# ICD folder under the report (OCL_ICD_VENDORS), and says how to register it for good.
icd_setup() {
    local icds=() libs lib name private="$OUT/icd" added=0
    for f in /etc/OpenCL/vendors/*.icd; do [ -f "$f" ] && icds+=("$f"); done
    if [ -n "${OCL_ICD_VENDORS:-}" ] && [ -d "$OCL_ICD_VENDORS" ]; then
        for f in "${OCL_ICD_VENDORS%/}"/*.icd; do [ -f "$f" ] && icds+=("$f"); done
    fi
    echo "registered ICDs: ${icds[*]:-none}"
    for f in "${icds[@]}"; do echo "  $f: $(head -1 "$f")"; done
    libs="$(vendor_libraries)"
    echo "vendor OpenCL libraries found: ${libs:-none}" | tr '\n' ' '
    echo
    if [ -z "$libs" ]; then
        echo "no NVIDIA, AMD or Intel OpenCL library in the usual places."
        if command -v nvidia-smi >/dev/null 2>&1; then
            echo "hint: nvidia-smi works, so the NVIDIA driver is loaded but its OpenCL part is missing:"
            echo "  Ubuntu/Debian: install libnvidia-compute-<driver major> (Ubuntu) or nvidia-opencl-icd (Debian),"
            echo "  matching the driver version; in a container, start it with NVIDIA_DRIVER_CAPABILITIES=compute,utility"
            echo "  (or all) so that the runtime mounts libnvidia-opencl.so.1."
        fi
    fi
    for lib in $libs; do
        if registered "$lib" "${icds[@]}"; then
            echo "$lib: registered"
            continue
        fi
        case "$lib" in
            *nvidia*) name=nvidia ;;
            *amdocl*) name=amdocl64 ;;
            *igdrcl*) name=intel ;;
            *) name=intel-cpu ;;
        esac
        if [ "$added" = 0 ]; then
            mkdir -p "$private"
            for f in "${icds[@]}"; do cp "$f" "$private/" 2>/dev/null; done
        fi
        echo "$lib" >"$private/$name-device-check.icd"
        added=1
        echo "$lib: NOT registered by any .icd file; registered for this run in $private/$name-device-check.icd"
        echo "  to register it for every program:   echo $lib | sudo tee /etc/OpenCL/vendors/$name.icd"
        echo "  or privately: mkdir -p ~/.opencl-vendors && cp /etc/OpenCL/vendors/*.icd ~/.opencl-vendors/ &&"
        echo "                echo $lib > ~/.opencl-vendors/$name.icd && export OCL_ICD_VENDORS=~/.opencl-vendors"
    done
    if [ "$added" = 1 ]; then
        export OCL_ICD_VENDORS="$private"
        echo "OCL_ICD_VENDORS=$OCL_ICD_VENDORS for the steps below"
    fi
    # The ICD loader itself: CUDA and ROCm ship one outside the linker's path.
    if ! ldcache | grep 'libOpenCL\.so\.1' >/dev/null; then
        local loader
        loader="$(find /usr/local/cuda /usr/local/cuda-* /opt/rocm /opt/rocm-* /usr/local/lib -maxdepth 4 \
            -name 'libOpenCL.so.1' 2>/dev/null | head -1)"
        if [ -n "$loader" ]; then
            mkdir -p "$OUT/native"
            ln -sfn "$loader" "$OUT/native/libOpenCL.so"
            ln -sfn "$loader" "$OUT/native/libOpenCL.so.1"
            export LD_LIBRARY_PATH="$OUT/native${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
            echo "no OpenCL loader on the linker's path; using $loader (LD_LIBRARY_PATH=$OUT/native)"
        else
            echo "no OpenCL loader (libOpenCL.so.1): sudo apt-get install ocl-icd-libopencl1"
        fi
    fi
    return 0
}

# The devices, as Lamina and (when installed) clinfo see them; fails when the asked-for type is absent.
devices() {
    "$LAMINA" devices || return $?
    case "$DEVICE" in
        gpu|cpu|accelerator)
            if ! "$LAMINA" devices 2>/dev/null | awk -v t="$DEVICE" '$1 ~ /^[0-9]+[*]?$/ && $2 == t {found=1} END {exit !found}'
            then
                echo
                echo "no $DEVICE device is visible: see icd.txt for the OpenCL libraries found and how to register them"
                return 3
            fi
            ;;
    esac
}

clinfo_listing() {
    if command -v clinfo >/dev/null 2>&1; then
        clinfo -l 2>&1
        echo
        clinfo 2>&1
    else
        echo "clinfo is not installed (apt-get install clinfo); devices.txt has Lamina's listing"
    fi
}

summary() {
    local s name status secs log failed=0
    {
        echo "# Device check: $HOST, $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo
        echo "Device asked: \`$DEVICE\`. Lamina $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')."
        echo "Budget ${BUDGET}s, used $(elapsed)s. Bench: $([ "$FULL" = 1 ] && echo 'full catalog' || echo '--quick')."
        echo
        echo "| step | result | seconds | output |"
        echo "|---|---|---|---|"
        for s in "${STEPS[@]}"; do
            IFS='|' read -r name status secs log <<<"$s"
            if [ "$log" = "-" ]; then
                echo "| $name | $status | $secs | - |"
            else
                echo "| $name | $status | $secs | [$log]($log) |"
            fi
            case "$status" in ok|"skipped: --skip") ;; *) failed=$((failed + 1)) ;; esac
        done
        echo
        if [ "$failed" = 0 ]; then
            echo "All steps passed."
        else
            echo "**$failed step(s) did not pass**; their output files say why."
        fi
        echo
        echo "## Devices"
        echo
        echo '```'
        cat "$OUT/devices.txt" 2>/dev/null
        echo '```'
        if [ -f "$OUT/icd.txt" ]; then
            echo
            echo "## OpenCL libraries and ICD registration"
            echo
            echo '```'
            cat "$OUT/icd.txt"
            echo '```'
        fi
        echo
        echo "## Reference cases (lamina verify)"
        echo
        if [ -f "$OUT/verify.txt" ]; then
            echo "$(head -1 "$OUT/verify.txt")"
            echo
            echo "Result: **$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$OUT/verify.txt" | tail -1 || true)**"
            if grep -q 'FAIL' "$OUT/verify.txt"; then
                echo
                echo '```'
                grep 'FAIL' "$OUT/verify.txt" | head -40
                echo '```'
            fi
        else
            echo "not run"
        fi
        echo
        echo "## Tuning (lamina tune --quick)"
        echo
        local tuned
        tuned="$(cd "$OUT" && ls tuning/* 2>/dev/null)"
        echo "Tuned file(s): ${tuned:-none}"
        [ -f "$OUT/tune.txt" ] && { echo; echo '```'; tail -30 "$OUT/tune.txt"; echo '```'; }
        echo
        echo "## Benchmarks (lamina bench)"
        echo
        if [ -f "$OUT/bench.csv" ]; then
            echo "bench.csv, bench.png; join with other machines: \`lamina bench --join A/bench.csv B/bench.csv\`."
            echo
            echo '```'
            grep -v '^bench: ' "$OUT/bench.txt" 2>/dev/null
            echo '```'
        else
            echo "no bench.csv: see bench.txt"
        fi
    } >"$OUT/summary.md"
    return "$failed"
}

say "report folder: $OUT"
t0=$(date +%s); environment >"$OUT/environment.txt" 2>&1
STEPS+=("environment|ok|$(($(date +%s) - t0))|environment.txt")
step prerequisites 150 prerequisites.txt bash -c "$(declare -f prerequisites is_root_apt ldcache); prerequisites"
t0=$(date +%s); icd_setup >"$OUT/icd.txt" 2>&1
STEPS+=("icd|ok|$(($(date +%s) - t0))|icd.txt")
if [ -n "${LAMINA_JAR:-}" ]; then
    step build 30 build.txt "$LAMINA" --version
else
    step build 240 build.txt "$LAMINA" --version
fi
step devices 60 devices.txt bash -c "$(declare -f devices); LAMINA='$LAMINA' DEVICE='$DEVICE' devices"
step clinfo 30 clinfo.txt bash -c "$(declare -f clinfo_listing); clinfo_listing"
step verify 150 verify.txt "$LAMINA" verify --golden "$ROOT/engine/src/test/resources/golden" --device "$DEVICE"
step tune 200 tune.txt "$LAMINA" tune --quick --device "$DEVICE"
if [ "$FULL" = 1 ]; then
    step bench 1800 bench.txt "$LAMINA" bench --device "$DEVICE" --out "$OUT"
else
    step bench 180 bench.txt "$LAMINA" bench --device "$DEVICE" --quick --out "$OUT"
fi
summary
failed=$?
say "wrote $OUT/summary.md ($failed step(s) failed, $(elapsed)s)"
ls -1 "$OUT" >&2
exit $((failed > 0 ? 1 : 0))
