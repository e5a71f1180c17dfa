/**
 * TensorBoard event files from training ({@link org.lamina.tensorboard.TensorBoardListener}): the
 * scalars of every step and epoch, the first convolution's filters and a few input samples as
 * images, and the curves, in TensorBoard's own format ({@link org.lamina.tensorboard.EventFileWriter}).
 */
@Export
@Version("0.1.0")
package org.lamina.tensorboard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
