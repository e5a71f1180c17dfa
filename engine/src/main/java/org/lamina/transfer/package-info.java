/**
 * Transfer learning: weights of another network (a torchvision or timm {@code state_dict} saved as
 * safetensors, or a Lamina checkpoint) loaded by name with a {@link org.lamina.transfer.LoadReport}
 * of what matched and what was skipped, freezing by name pattern ({@link org.lamina.transfer.Freeze}),
 * the classifier head found for a new number of classes ({@link org.lamina.transfer.Heads}), and the
 * activations of a named layer written to a file ({@link org.lamina.transfer.FeatureFile}).
 */
@Export
@Version("0.1.0")
package org.lamina.transfer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
