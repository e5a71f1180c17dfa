// Test only: appended to dropout.cl's text by PhiloxKernelTest, so that the generator under test is
// the one the dropout kernels call. out = philox4x32_10(counter, key) for one counter and key.
// items: 1
__kernel void philox_kat(__global uint* restrict out, const uint c0, const uint c1, const uint c2, const uint c3,
                         const uint k0, const uint k1)
{
    if (get_global_id(0) != 0) return;
    const uint4 r = philox4x32_10((uint4)(c0, c1, c2, c3), (uint2)(k0, k1));
    out[0] = r.x;
    out[1] = r.y;
    out[2] = r.z;
    out[3] = r.w;
}
