/**
 * Why a network decides as it does, one file per method: {@link org.lamina.explain.Saliency}
 * (the input gradient of the class score), {@link org.lamina.explain.GuidedBackprop} (that gradient
 * through guided or deconvnet ReLUs), {@link org.lamina.explain.Occlusion} (how the class probability
 * drops as a patch hides each place) and {@link org.lamina.explain.GradCam} (a layer's activations
 * weighted by their gradients). Each gives an {@link org.lamina.explain.Explanation}: one map per
 * image, in the image's size, for the class it explains. They run on the model's backend through
 * the executor's inspection API ({@link org.lamina.exec.Executor#inspect}) and leave the model as it was.
 */
@Export
@Version("0.1.0")
package org.lamina.explain;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
