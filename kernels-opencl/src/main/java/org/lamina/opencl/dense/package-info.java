/**
 * Kernels of fully connected layers.
 */
@Export
@Version("0.1.0")
package org.lamina.opencl.dense;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
