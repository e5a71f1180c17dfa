package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.opencl.OpenClTests;
import org.lamina.transfer.FeatureFile;

/**
 * Transfer learning as a user runs it: {@code lamina train --weights --freeze} from a saved network
 * with another head, and {@code lamina features}, on the synthetic digits, on OpenCL and Java.
 */
class TransferCommandLineTest {
    @TempDir
    static Path shared;
    static Path data;
    /** A LeNet-5 trained for an epoch, its head cut to 5 classes: a saved network with another head. */
    static Path weights;
    static Path pretrained;

    @BeforeAll
    static void pretrain() throws IOException {
        data = SyntheticDigits.write(Files.createDirectories(shared.resolve("data")), 512, 128, 7);
        Path run = shared.resolve("pretrained");
        CommandLineTest.Run r = train(run, "--epochs", "1");
        assertEquals(0, r.status(), r.out() + r.err());
        pretrained = run.resolve("checkpoint.safetensors");
        Map<String, SafeTensors.Entry> params = new LinkedHashMap<>(Checkpoint.read(pretrained).parameters());
        SafeTensors.Entry w = params.get("fc3.weight"), b = params.get("fc3.bias");
        params.put("fc3.weight", new SafeTensors.Entry(new int[] {5, 84}, Arrays.copyOf(w.values(), 5 * 84)));
        params.put("fc3.bias", new SafeTensors.Entry(new int[] {5}, Arrays.copyOf(b.values(), 5)));
        weights = shared.resolve("five-classes.safetensors");
        SafeTensors.write(weights, params, Map.of());
    }

    static CommandLineTest.Run train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "mnist", "--data", data.toString(),
                "--out", out.toString(), "--device", Integer.toString(OpenClTests.device().index()), "--no-progress",
                "--batch-size", "32", "--tensorboard", "none"));
        args.addAll(List.of(extra));
        return CommandLineTest.run(args.toArray(new String[0]));
    }

    @Test
    void fineTunesToANewHeadWithFrozenLayersBitIdentical(@TempDir Path dir) throws IOException {
        CommandLineTest.Run r = train(dir, "--weights", weights.toString(), "--freeze", "conv*", "--epochs", "1");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("loaded 8 tensors of " + weights + " into lenet5; 2 of the classifier head replaced"),
                r.out());
        assertTrue(r.out().contains("  skipped fc3.weight (file [5, 84], network [10, 84]): classifier head of another"
                + " shape, initialized anew"), r.out());
        assertTrue(r.out().contains("Frozen: 2,572 of 61,706 parameters (4 tensors matching 'conv*'); 59,134 trained"),
                r.out());
        Map<String, SafeTensors.Entry> before = Checkpoint.read(weights).parameters();
        Checkpoint after = Checkpoint.read(dir.resolve("checkpoint.safetensors"));
        for (String frozen : List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias")) {
            assertArrayEquals(before.get(frozen).values(), after.parameters().get(frozen).values(), frozen);
            assertFalse(after.optimizerState().containsKey(frozen + ".momentum_buffer"), "no optimizer state for " + frozen);
        }
        for (String trained : List.of("fc1.weight", "fc2.bias")) {
            assertFalse(Arrays.equals(before.get(trained).values(), after.parameters().get(trained).values()), trained);
        }
        assertEquals("conv*", after.meta("freeze"));
        assertEquals("five-classes.safetensors", after.meta("weights"));
        // a resumed run stays frozen as it was, and refuses to be frozen otherwise
        CommandLineTest.Run other = train(dir, "--resume", "--freeze", "fc1", "--epochs", "2");
        assertEquals(2, other.status(), other.out() + other.err());
        assertTrue(other.err().contains("was trained with --freeze 'conv*' --frozen-bn eval; resume with the same or"
                + " leave --freeze out"), other.err());
        CommandLineTest.Run resumed = train(dir, "--resume", "--epochs", "2");
        assertEquals(0, resumed.status(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("note: frozen as in "), resumed.out());
        Checkpoint two = Checkpoint.read(dir.resolve("checkpoint.safetensors"));
        assertEquals("2", two.meta("epoch"));
        assertArrayEquals(before.get("conv2.weight").values(), two.parameters().get("conv2.weight").values());
    }

    @Test
    void fineTunesOnTwoDevicesWithOneReportAndTheFrozenLayersKept(@TempDir Path dir) {
        CommandLineTest.Run r = CommandLineTest.run("train", "--dataset", "mnist", "--data", data.toString(), "--out",
                dir.toString(), "--device", OpenClTests.device().index() + ",java", "--no-progress", "--batch-size", "32",
                "--tensorboard", "none", "--limit", "128", "--epochs", "1", "--weights", weights.toString(), "--freeze",
                "conv1");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("loaded 8 tensors of ")).count(), r.out());
        Map<String, SafeTensors.Entry> before = Checkpoint.read(weights).parameters();
        Map<String, SafeTensors.Entry> after = Checkpoint.read(dir.resolve("checkpoint.safetensors")).parameters();
        assertArrayEquals(before.get("conv1.weight").values(), after.get("conv1.weight").values());
        assertFalse(Arrays.equals(before.get("conv2.weight").values(), after.get("conv2.weight").values()));
    }

    @Test
    void mistakesAreOneLineNamingTheFileOrPattern(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.safetensors");
        CommandLineTest.Run r = train(dir.resolve("a"), "--weights", missing.toString());
        assertEquals(2, r.status());
        assertEquals("lamina: weights " + missing + " does not exist", r.err().strip());
        r = train(dir.resolve("b"), "--weights", weights.toString(), "--freeze", "features.*");
        assertEquals(2, r.status());
        assertTrue(r.err().strip().startsWith("lamina: --freeze: 'features.*' matches no learned parameter of lenet5 (its"
                + " layers: conv1, conv2, fc1, fc2, fc3;"), r.err());
        r = train(dir.resolve("c"), "--weights", weights.toString(), "--strict-weights", "--epochs", "1");
        assertEquals(0, r.status(), "the head aside, the same tensors: strict loading accepts it; " + r.err());
        Map<String, SafeTensors.Entry> extra = new LinkedHashMap<>(Checkpoint.read(weights).parameters());
        extra.put("fc4.weight", new SafeTensors.Entry(new int[] {2}, new float[2]));
        extra.remove("conv1.bias");
        Path odd = dir.resolve("odd.safetensors");
        SafeTensors.write(odd, extra, Map.of());
        r = train(dir.resolve("d"), "--weights", odd.toString(), "--strict-weights");
        assertEquals(2, r.status());
        assertEquals("lamina: weights " + odd + " do not match lenet5 (strict): conv1.bias [6]: missing in the file, left"
                + " at its initial values; fc4.weight [2]: unexpected in the file, not in the network", r.err().strip());
        r = train(dir.resolve("e"), "--freeze", "conv1", "--frozen-bn", "maybe");
        assertEquals(2, r.status());
        assertEquals("lamina: --frozen-bn: 'maybe' is not eval or train", r.err().strip());
        Files.writeString(dir.resolve("text.safetensors"), "not a safetensors file at all");
        r = train(dir.resolve("f"), "--weights", dir.resolve("text.safetensors").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("lamina: weights " + dir.resolve("text.safetensors") + ": header length"),
                r.err());
    }

    @Test
    void featuresOfALayerOnOpenClAndJavaWithTheLabels(@TempDir Path dir) {
        Path cl = dir.resolve("cl.safetensors"), java = dir.resolve("java.npy");
        CommandLineTest.Run r = CommandLineTest.run("features", "--checkpoint", pretrained.toString(), "--data",
                data.toString(), "--layer", "fc1", "--out", cl.toString(), "--limit", "70", "--batch-size", "32", "--device",
                Integer.toString(OpenClTests.device().index()));
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Features of lenet5 at fc1 for 70 images of mnist/test on "), r.out());
        assertTrue(r.out().contains("(features F32 [70, 120], labels I64 [70])"), r.out());
        r = CommandLineTest.run("features", "--weights", pretrained.toString(), "--arch", "lenet5", "--dataset", "mnist",
                "--data", data.toString(), "--layer", "fc1", "--out", java.toString(), "--limit", "70", "--device",
                "java");
        assertEquals(0, r.status(), r.out() + r.err());
        FeatureFile.Contents a = FeatureFile.read(cl), b = FeatureFile.read(java);
        assertArrayEquals(new int[] {70, 120}, a.shape());
        assertArrayEquals(a.shape(), b.shape());
        assertArrayEquals(a.labels(), b.labels());
        assertEquals("fc1", a.metadata().get("layer"));
        assertEquals("test", a.metadata().get("split"));
        int nonZero = 0;
        for (int i = 0; i < a.features().length; i++) {
            assertEquals(a.features()[i], b.features()[i], 1e-3 * (1 + Math.abs(a.features()[i])), "value " + i);
            nonZero += a.features()[i] != 0 ? 1 : 0;
        }
        assertTrue(nonZero > a.features().length / 10, "ReLU features, not all zero: " + nonZero);
        r = CommandLineTest.run("features", "--checkpoint", pretrained.toString(), "--data", data.toString(), "--layer",
                "fc9", "--out",
                dir.resolve("x.npy").toString(), "--device", "java");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("lamina: --layer: lenet5 has no layer 'fc9'; its layers are conv1"), r.err());
        r = CommandLineTest.run("features", "--checkpoint", pretrained.toString(), "--layer", "fc1", "--out",
                dir.resolve("x.csv").toString());
        assertEquals(2, r.status());
        assertEquals("lamina: --out " + dir.resolve("x.csv") + ": give a file name ending in .safetensors or .npy",
                r.err().strip());
    }
}
