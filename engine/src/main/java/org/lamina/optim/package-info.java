/**
 * Hyper-parameters of the optimizer update rules that {@link org.lamina.backend.OptimizerOps} runs: small
 * validated records, one per rule. The optimizers that hold parameters and their state across steps
 * build on them.
 */
package org.lamina.optim;
