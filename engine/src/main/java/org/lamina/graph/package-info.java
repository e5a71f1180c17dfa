/**
 * Building networks: the graph builder, layers as an interface, shape inference, summaries, initializers.
 */
@Export
@Version("0.3.0")
package org.lamina.graph;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
