// Inverted dropout, float32, with the counter-based generator Philox4x32-10 (Salmon, Moraes, Dror and
// Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011; the Random123 constants and round
// structure). The Java backend has the same generator (org.lamina.backend.java.Philox), so both draw
// bit-identical masks.
//
// The mask: element i is decided by word (i & 3) of philox4x32_10(counter = {b, b >> 32, 0, 0},
// key = {seed, seed >> 32}) with block b = i >> 2. It is kept when that 32-bit word is >= threshold
// (threshold = floor(p * 2^32), so the drop probability is p to within 2^-32), and a kept value is
// multiplied by scale = 1 / (1 - p) as rounded to float32 by the host. Backward applies the same mask
// to the gradient: it is regenerated from the seed, never stored.
//
// One work-item per block of 4 elements: one Philox call yields the 4 words it needs.

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

static uint4 philox4x32_round(uint4 c, uint2 k)
{
    const uint hi0 = mul_hi(PHILOX_M0, c.x), lo0 = PHILOX_M0 * c.x;
    const uint hi1 = mul_hi(PHILOX_M1, c.z), lo1 = PHILOX_M1 * c.z;
    return (uint4)(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
}

// Ten rounds, the key bumped by the Weyl constants between rounds.
static uint4 philox4x32_10(uint4 c, uint2 k)
{
    c = philox4x32_round(c, k);
    for (int r = 1; r < 10; r++) {
        k += (uint2)(PHILOX_W0, PHILOX_W1);
        c = philox4x32_round(c, k);
    }
    return c;
}

static uint4 dropout_words(ulong block, uint seedLo, uint seedHi)
{
    return philox4x32_10((uint4)((uint)block, (uint)(block >> 32), 0u, 0u), (uint2)(seedLo, seedHi));
}

// Work-item `block` decides values *first = 4*block .. 4*block + 3: keep[j] for value *first + j.
// False past count.
static inline bool block_keeps(const int count, const uint seedLo, const uint seedHi, const uint threshold,
                               long* first, bool keep[4])
{
    const long block = get_global_id(0);
    *first = block * 4;
    if (*first >= count) return false;
    const uint4 r = dropout_words((ulong)block, seedLo, seedHi);
    keep[0] = r.x >= threshold;
    keep[1] = r.y >= threshold;
    keep[2] = r.z >= threshold;
    keep[3] = r.w >= threshold;
    return true;
}

// y[i] = keep(i) ? x[i] * scale : 0. Serves forward (x = input) and backward (x = grad_output).
// items: ceil(count / 4)
__kernel void dropout_apply(__global const float* restrict x, __global float* restrict y, const int count,
                            const uint seedLo, const uint seedHi, const uint threshold, const float scale)
{
    long first;
    bool keep[4];
    if (!block_keeps(count, seedLo, seedHi, threshold, &first, keep)) return;
    for (int j = 0; j < 4 && first + j < count; j++) y[first + j] = keep[j] ? x[first + j] * scale : 0.0f;
}

// mask[i] = keep(i) ? scale : 0: the mask itself, for inspection and tests.
// items: ceil(count / 4)
__kernel void dropout_mask(__global float* restrict mask, const int count, const uint seedLo, const uint seedHi,
                           const uint threshold, const float scale)
{
    long first;
    bool keep[4];
    if (!block_keeps(count, seedLo, seedHi, threshold, &first, keep)) return;
    for (int j = 0; j < 4 && first + j < count; j++) mask[first + j] = keep[j] ? scale : 0.0f;
}
