// Lamina's common OpenCL header (CLBlast's common.opencl): prepended to the source of every kernel
// family by KernelFamily (ProgramSource.withCommonHeader), so helpers that several families need are
// written once. A program is one string: header, a #line reset, then the family's own file, so build
// logs number the family's lines as in its file. Everything here is a macro or a static function, so
// a family pays only for what it uses.

// On an x86 CPU without AVX-512 (pocl), clang warns that passing a float16 (the VEC == 8 pairs
// below, GEMM's VW 16) to a function "changes the ABI": a note for code linked against code
// built for other CPU features. A kernel program is compiled whole, with its builtins, for one
// target, so the note does not apply; silenced so that a build's log holds only what matters.
#if defined(__clang__) && defined(__x86_64__)
#pragma clang diagnostic ignored "-Wpsabi"
#endif

// Token pasting through one level of expansion: CAT(vload, VW) is vload4 when VW is 4.
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

// Loops over tuning-sized extents (tiles, vector parts) unrolled.
#define UNROLL _Pragma("unroll")

// Vector types of VEC floats and of twice as many, for the families tuned by VEC (4 or 8): the
// Winograd transforms and the dilation phases. The host always sets VEC for them.
#ifdef VEC
#if VEC == 4
#define floatV float4
#define float2V float8
#define vloadV vload4
#define vstoreV vstore4
#define vload2V vload8
#define vstore2V vstore8
#define INTERLEAVE ((uint8)(0, 4, 1, 5, 2, 6, 3, 7))
#elif VEC == 8
#define floatV float8
#define float2V float16
#define vloadV vload8
#define vstoreV vstore8
#define vload2V vload16
#define vstore2V vstore16
#define INTERLEAVE ((uint16)(0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15))
#else
#error "VEC must be 4 or 8"
#endif

// The first count (<= VEC) floats at p as a vector, the lanes beyond count 0: a row's last group of
// tiles, which may have fewer than VEC.
static inline floatV vload_partial(__global const float* p, const int count)
{
    if (count == VEC) return vloadV(0, p);
    float l[VEC];
    for (int s = 0; s < VEC; s++) l[s] = s < count ? p[s] : 0.0f;
    return vloadV(0, l);
}

// Lanes 0 .. count - 1 (count <= VEC) of v to p[s * stride]: one vector store when all VEC are
// contiguous.
static inline void vstore_partial(const floatV v, __global float* p, const int count, const long stride)
{
    if (count == VEC && stride == 1) {
        vstoreV(v, 0, p);
        return;
    }
    float q[VEC];
    vstoreV(v, 0, q);
    for (int s = 0; s < count; s++) p[s * stride] = q[s];
}
#endif

// The 9 taps of 3x3 filter `id` of w into f, rotated by 180 degrees when flip (the input gradient's
// weights): the Winograd weight transforms' input.
static inline void filter3x3(__global const float* w, const int id, const int flip, float f[9])
{
    __global const float* g = w + (long)id * 9;
    for (int i = 0; i < 9; i++) f[i] = g[flip ? 8 - i : i];
}

// U = G f G^T of a 3x3 filter f (the Winograd weight transforms): G is P x 3, given as the macro
// G_COLUMN(e, a, b, d) that sets e[0 .. P) = G (a, b, d)^T; point (i, j) goes to u[(P*i + j)*plane + at].
#define WINOGRAD_FILTER_TRANSFORM(P, G_COLUMN, f, u, plane, at)                                 \
    {                                                                                          \
        float t_[P][3]; /* G f */                                                             \
        for (int j = 0; j < 3; j++) {                                                          \
            float e[P];                                                                        \
            G_COLUMN(e, f[j], f[3 + j], f[6 + j])                                              \
            for (int i = 0; i < P; i++) t_[i][j] = e[i];                                       \
        }                                                                                      \
        for (int i = 0; i < P; i++) {                                                          \
            float e[P];                                                                        \
            G_COLUMN(e, t_[i][0], t_[i][1], t_[i][2])                                          \
            for (int j = 0; j < P; j++) u[(P * i + j) * (plane) + (at)] = e[j];                \
        }                                                                                      \
    }

// The loop of the element-wise kernels tuned by ITEMS: work-group g covers ITEMS * local_size
// consecutive elements and work-item l takes l, l + local_size, ... of them, so that neighbouring
// work-items touch neighbouring values on every step. The statement after it runs for each i < count:
//     FOR_ITEMS(i, count) y[i] = ...;
#define FOR_ITEMS(i, count)                                                                        \
    for (long i##_step = get_local_size(0), i = (long)get_group_id(0) * i##_step * ITEMS + get_local_id(0), \
              i##_k = 0;                                                                           \
         i##_k < ITEMS; i##_k++, i += i##_step)                                                    \
        if (i < (count))

// ceil(n / tile): the blocks of `tile` that cover n.
#define BLOCKS(n, tile) (((n) + (tile) - 1) / (tile))

// The place of a work-item of a 1-D range over outer * rows * BLOCKS(cols, tile) items, the column
// block varying fastest (rows of tiled columns: pooling, the direct convolutions, LRN): *o in
// [0, outer), the row *r and the tile's first column *c0. False for the work-items past the end (the
// host rounds ranges up to whole work-groups of a fixed size, so the driver compiles a kernel once).
static inline bool tile_position(const int outer, const int rows, const int cols, const int tile,
                                 int* o, int* r, int* c0)
{
    const int blocks = BLOCKS(cols, tile);
    long gid = get_global_id(0);
    if (gid >= (long)outer * rows * blocks) return false;
    *c0 = (int)(gid % blocks) * tile; gid /= blocks;
    *r = (int)(gid % rows);
    *o = (int)(gid / rows);
    return true;
}

// The output position o < count (stride s) that a tap reads input t from, t = i + pad - tap*dilation
// (the gather form of a convolution's adjoint: t == o*s): t / s, or -1 when no output reads it.
static inline int tap_output(const int t, const int s, const int count)
{
    return t >= 0 && t % s == 0 && t / s < count ? t / s : -1;
}

// Sum of v over a work-group of wg work-items (a power of two, the local size); every work-item gets
// the result. scratch holds wg floats of local memory. Starts with a barrier so that the scratch
// space can be reused right after a previous reduction. group_max: the largest v, likewise.
#define GROUP_REDUCE(name, combine)                                                            \
    static float name(__local float* scratch, float v, const int wg)                           \
    {                                                                                          \
        const int lid = get_local_id(0);                                                       \
        barrier(CLK_LOCAL_MEM_FENCE);                                                          \
        scratch[lid] = v;                                                                      \
        barrier(CLK_LOCAL_MEM_FENCE);                                                          \
        for (int stride = wg / 2; stride > 0; stride >>= 1) {                                  \
            if (lid < stride) scratch[lid] = combine(scratch[lid], scratch[lid + stride]);     \
            barrier(CLK_LOCAL_MEM_FENCE);                                                      \
        }                                                                                      \
        return scratch[0];                                                                     \
    }
#define GROUP_ADD(a, b) ((a) + (b))
GROUP_REDUCE(group_sum, GROUP_ADD)
GROUP_REDUCE(group_max, fmax)
