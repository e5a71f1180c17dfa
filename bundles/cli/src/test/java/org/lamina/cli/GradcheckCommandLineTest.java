package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.lamina.opencl.OpenClTests;

/**
 * {@code lamina gradcheck} as a user (or a plugin author) runs it: ops, a plugin's layer type, a whole
 * network (smooth: tanh; ReLU and max pooling have kinks that central differences straddle), on the
 * Java reference and on OpenCL; a threshold no float32 check meets fails with status 1,
 * and mistakes are one line with status 2.
 */
class GradcheckCommandLineTest {

    @Test
    void opsPassOnJavaAndOpenCl() {
        String cl = Integer.toString(OpenClTests.device().index());
        for (String device : new String[] {"java", cl}) {
            for (String op : new String[] {"gram_matrix", "style_loss", "content_loss", "conv2d", "tanh"}) {
                CommandLineTest.Run r = CommandLineTest.run("gradcheck", "--op", op, "--device", device);
                assertEquals(0, r.status(), op + " on " + device + ": " + r.out() + r.err());
                assertTrue(r.out().contains("PASSED: worst relative error"), r.out());
            }
        }
    }

    @Test
    void aPluginLayerTypeIsCheckedWithoutATest() {
        CommandLineTest.Run r = CommandLineTest.run("gradcheck", "--layer", "swish", "--options", "beta=1.5,impl=java",
                "--samples", "0");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Gradient check of layer swish"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("input input +216 +216 .* ok")), r.out());
    }

    @Test
    void aWholeNetworkReportsEveryParameterAndTheInput() {
        CommandLineTest.Run r = CommandLineTest.run("gradcheck", "--arch", "lenet5", "--options", "variant=tanh",
                "--samples", "4");
        assertEquals(0, r.status(), r.out() + r.err());
        for (String t : new String[] {"conv1.weight", "conv1.bias", "fc3.weight", "input image"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(t + " ") && l.endsWith("ok")), t + ": " + r.out());
        }
        // ReLU and max pooling: elements with a kink within the step are counted and left out; a step of
        // 1e-3 leaves enough of the others.
        r = CommandLineTest.run("gradcheck", "--arch", "lenet5", "--samples", "16", "--step", "1e-3");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("conv1\\.weight +150 +\\d+ +[1-9]\\d* .* ok")), r.out());
    }

    @Test
    void aThresholdNoneMeetsFails() {
        CommandLineTest.Run r = CommandLineTest.run("gradcheck", "--op", "tanh", "--threshold", "1e-12");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("FAILED: worst relative error"), r.out());
    }

    @Test
    void mistakesAreOneLine() {
        String[][] cases = {
            {"--op", "nope"}, {"--layer", "nope"}, {"--op", "tanh", "--step", "0"},
            {"--op", "tanh", "--input", "1,2"}, {"--op", "tanh", "--arch", "lenet5"}, {"--op", "tanh", "--batch", "0"}};
        String[] starts = {"--op: unknown op 'nope'", "", "--step 0.0 must be a positive number", "--input: '1,2'",
            "", "--batch: 0"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 1];
            args[0] = "gradcheck";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            CommandLineTest.Run r = CommandLineTest.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("lamina: " + starts[i]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
