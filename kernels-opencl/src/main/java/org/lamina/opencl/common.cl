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
#endif

// Sum of v over a work-group of wg work-items (a power of two, the local size); every work-item gets
// the result. scratch holds wg floats of local memory. Starts with a barrier so that the scratch
// space can be reused right after a previous reduction.
static float group_sum(__local float* scratch, float v, const int wg)
{
    const int lid = get_local_id(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    scratch[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = wg / 2; stride > 0; stride >>= 1) {
        if (lid < stride) scratch[lid] += scratch[lid + stride];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    return scratch[0];
}

// The largest v over the work-group, as group_sum.
static float group_max(__local float* scratch, float v, const int wg)
{
    const int lid = get_local_id(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    scratch[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = wg / 2; stride > 0; stride >>= 1) {
        if (lid < stride) scratch[lid] = fmax(scratch[lid], scratch[lid + stride]);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    return scratch[0];
}
