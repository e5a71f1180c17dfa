/** ONNX in and out: {@link org.lamina.onnx.OnnxImport}, {@link org.lamina.onnx.OnnxExport}. */
@Export
@Version("0.1.0")
package org.lamina.onnx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
