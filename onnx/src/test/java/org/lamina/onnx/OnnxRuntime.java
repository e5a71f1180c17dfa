package org.lamina.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Runs an ONNX file in ONNX Runtime (its Java package, CPU): what a user of the exported model gets. */
final class OnnxRuntime {
    private OnnxRuntime() {
    }

    static float[] run(Path model, String input, float[] values, int[] shape) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] dims = Arrays.stream(shape).asLongStream().toArray();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession s = env.createSession(model.toString(), options);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), dims);
                    OrtSession.Result r = s.run(Map.of(input, x))) {
                FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] y = new float[out.remaining()];
                out.get(y);
                return y;
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime cannot run " + model + ": " + e.getMessage(), e);
        }
    }
}
