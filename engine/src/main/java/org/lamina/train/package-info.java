/**
 * Training: the trainer, metrics, logs and curves, regularizers, and data-parallel training on several
 * devices (replicas of a model, a thread each, and how batches are split among them), and the seam of
 * training on a cluster (DistributedTraining, GradientExchange, ShardGradients; docs/distributed.md).
 */
@Export
@Version("1.0.0")
package org.lamina.train;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
