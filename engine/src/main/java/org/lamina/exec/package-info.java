/**
 * Running networks: models with their parameters, the executor and reverse-mode automatic differentiation.
 */
@Export
@Version("0.3.0")
package org.lamina.exec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
