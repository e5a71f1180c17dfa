/**
 * Hyper-parameters of the optimizer update rules that {@link org.lamina.backend.OptimizerOps} runs: small
 * validated records, one per rule. The optimizers that hold parameters and their state across steps
 * build on them.
 */
@Export
@Version("0.1.0")
package org.lamina.optim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
