# Sourced by the peer scripts (compare-pytorch.sh, compare-gemm.sh): where Debian's OpenBLAS
# (libopenblas0-pthread) is, so that PyTorch and numpy can be run against it with LD_LIBRARY_PATH
# whatever Debian's libblas.so.3 alternative says, and the reference BLAS likewise.
#
#   openblas_dir [--fetch]   prints the folder holding OpenBLAS's libblas.so.3: the installed package's,
#                            else one unpacked earlier under $LAMINA_PEER_CACHE; with --fetch, unpacks
#                            it there first (`apt-get download`, no root needed). Prints nothing and
#                            returns 1 when there is none, after saying on stderr how to install it.
#   REFBLAS_DIRS             the reference BLAS's and LAPACK's folders (Debian's libblas3, liblapack3)

LAMINA_PEER_CACHE="${LAMINA_PEER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lamina/peers}"
MULTIARCH="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
REFBLAS_DIRS="/usr/lib/$MULTIARCH/blas:/usr/lib/$MULTIARCH/lapack"

openblas_dir() {
    local sub="usr/lib/$MULTIARCH/openblas-pthread"
    if [ -e "/$sub/libblas.so.3" ]; then echo "/$sub"; return 0; fi
    if [ -e "$LAMINA_PEER_CACHE/openblas/$sub/libblas.so.3" ]; then echo "$LAMINA_PEER_CACHE/openblas/$sub"; return 0; fi
    if [ "${1:-}" = --fetch ]; then
        local tmp
        tmp="$(mktemp -d)"
        if (cd "$tmp" && apt-get download libopenblas0-pthread >&2) \
                && mkdir -p "$LAMINA_PEER_CACHE/openblas" \
                && dpkg-deb -x "$tmp"/libopenblas0-pthread_*.deb "$LAMINA_PEER_CACHE/openblas"; then
            rm -rf "$tmp"
            echo "$LAMINA_PEER_CACHE/openblas/$sub"
            return 0
        fi
        rm -rf "$tmp"
    fi
    echo "OpenBLAS (libopenblas0-pthread) is not installed: 'sudo apt-get install libopenblas0-pthread'," \
        "or rerun with --fetch-openblas to unpack it under $LAMINA_PEER_CACHE without root" >&2
    return 1
}
