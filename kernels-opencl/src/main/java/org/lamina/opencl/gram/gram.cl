// Gram matrices of feature maps (neural style transfer): G[n] = F[n] F[n]^T / (C*H*W), with F[n] the
// input's sample n seen as a [C, H*W] matrix.
//
// Both products run on the GEMM kernel (gemm/gemm.cl): the forward pass is F F^T, the backward pass
// dF = (dG + dG^T) F / (C*H*W). This file holds what is not a product: the symmetric part of the
// upstream gradient, S[n] = dG[n] + dG[n]^T, so that the backward pass is one product instead of two
// (G is symmetric, so each entry of F enters G[i][j] and G[j][i]).

// items: N * C * C; S may not alias dG (entries are read transposed)
__kernel void gram_symmetrize(__global const float* restrict dg, __global float* restrict s,
                              const int N, const int C)
{
    const long item = get_global_id(0);
    const long cc = (long)C * C;
    if (item >= N * cc) return;
    const long n = item / cc;
    const int r = (int)(item % cc);
    const int i = r / C, j = r % C;
    s[item] = dg[item] + dg[n * cc + (long)j * C + i];
}
