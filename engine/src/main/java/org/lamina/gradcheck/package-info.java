/**
 * The numerical gradient check (central differences, relative error) of functions, layers and whole
 * networks: what the tests use and what {@code lamina gradcheck} runs.
 */
@Export
@Version("0.1.0")
package org.lamina.gradcheck;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
