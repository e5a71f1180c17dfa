package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.backend.java.JavaBackend;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.onnx.OnnxExport;
import org.lamina.onnx.OnnxImport;
import org.lamina.opencl.OpenClTests;
import org.lamina.plugins.architectures.LeNet5;
import org.lamina.spi.Options;

/**
 * {@code lamina import} and {@code export} as a user runs them: an ONNX LeNet-5 (random weights) is
 * imported, predicts, is fine-tuned with {@code train --resume} on OpenCL and on the Java backend, and
 * is exported again. (Models from PyTorch are the onnx module's tests.)
 */
class OnnxCommandLineTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = SyntheticDigits.write(Files.createDirectories(shared.resolve("data")), 768, 256, 5);
    }

    static Path lenetOnnx(Path dir) throws IOException {
        Network net = new LeNet5().build(new int[] {1, 28, 28}, 10, Options.empty());
        Path f = dir.resolve("lenet.onnx");
        try (Model m = new Model(net, new JavaBackend(), 3)) {
            OnnxExport.write(net, m.snapshot(), f);
        }
        return f;
    }

    static Path png(Path dir) throws IOException {
        byte[] px = SyntheticDigits.image(2, new Random(1));
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = px[y * 28 + x] & 0xff;
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        Path png = dir.resolve("two.png");
        ImageIO.write(img, "png", png.toFile());
        return png;
    }

    static CommandLineTest.Run fineTune(Path run, String device, String... extra) {
        String[] base = {"train", "--arch", "onnx", "--arch-options", "model=" + run.resolve("graph.onnx")
            .toAbsolutePath().normalize(), "--dataset", "mnist", "--data", data.toString(), "--out", run.toString(),
            "--device", device, "--no-progress", "--batch-size", "32", "--resume"};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CommandLineTest.run(args);
    }

    @Test
    void importedModelPredictsFineTunesAndExports(@TempDir Path dir) throws IOException {
        Path onnx = lenetOnnx(dir), run = dir.resolve("run");
        CommandLineTest.Run r = CommandLineTest.run("import", onnx.toString(), "--out", run.toString(), "--dataset",
                "mnist", "--mean", "0.1307", "--std", "0.3081");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("Imported lenet.onnx: ") && r.out().contains("61,706 parameters; input [1, 28, 28],"
                + " 10 outputs"), r.out());
        assertTrue(r.out().contains("fine-tune: lamina train --arch onnx --arch-options model="), r.out());
        Path ckpt = run.resolve("checkpoint.safetensors");
        assertTrue(Files.size(run.resolve("graph.onnx")) < 10_000, "graph.onnx holds no weights");

        Path png = png(dir);
        r = CommandLineTest.run("predict", "--checkpoint", ckpt.toString(), "--input", png.toString(), "--device", "java");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("two.png: "), r.out());

        r = fineTune(run, Integer.toString(OpenClTests.device().index()), "--epochs", "2");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Resuming after epoch 0"), r.out());
        String last = r.out().lines().filter(l -> l.startsWith("Test accuracy")).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(last.replaceAll("Test accuracy ([0-9.]+)%.*", "$1")) > 90, last);
        r = CommandLineTest.run("predict", "--checkpoint", ckpt.toString(), "--input", png.toString(), "--device", "java");
        assertTrue(r.out().startsWith("two.png: 2 ("), r.out());

        Path exported = dir.resolve("tuned.onnx");
        r = CommandLineTest.run("export", ckpt.toString(), "--out", exported.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("Exported lenet5 (checkpoint.safetensors) to " + exported
                + ": input 'image' [batch, 1, 28, 28], output 'fc3' [batch, 10]"), r.out());
        Map<String, SafeTensors.Entry> tuned = Checkpoint.read(ckpt).parameters();
        OnnxImport.read(exported).weights().forEach((k, v) -> assertArrayEquals(tuned.get(k).values(), v.values(), k));
    }

    @Test
    void fineTunesOnTheJavaBackend(@TempDir Path dir) throws IOException {
        Path onnx = lenetOnnx(dir), run = dir.resolve("run");
        assertEquals(0, CommandLineTest.run("import", onnx.toString(), "--out", run.toString(), "--dataset", "mnist")
                .status());
        float[] before = Checkpoint.read(run.resolve("checkpoint.safetensors")).parameters().get("conv1.weight").values();
        CommandLineTest.Run r = fineTune(run, "java", "--epochs", "1", "--limit", "64");
        assertEquals(0, r.status(), r.out() + r.err());
        Checkpoint after = Checkpoint.read(run.resolve("checkpoint.safetensors"));
        assertEquals("1", after.meta("epoch"));
        assertFalse(Arrays.equals(before, after.parameters().get("conv1.weight").values()), "trained");
    }

    @Test
    void badFilesAndOptionsAreOneLine(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.onnx"), "not a model\n");
        CommandLineTest.Run r = CommandLineTest.run("import", text.toString(), "--out", dir.resolve("a").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("lamina: " + text + " is not an ONNX model"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(dir.resolve("a").resolve("checkpoint.safetensors")));

        Path onnx = lenetOnnx(dir);
        r = CommandLineTest.run("import", onnx.toString(), "--out", dir.resolve("b").toString(), "--dataset", "imagenet");
        assertEquals("lamina: --dataset: 'imagenet' is not one of [fashion-mnist, mnist, cifar-10]", r.err().strip());
        r = CommandLineTest.run("import", onnx.toString(), "--out", dir.resolve("b").toString(), "--mean", "0.1,0.2");
        assertEquals("lamina: --mean: '0.1,0.2' has 2 values but the model's input has 1 channels", r.err().strip());
        assertEquals(0, CommandLineTest.run("import", onnx.toString(), "--out", dir.resolve("c").toString()).status());
        r = CommandLineTest.run("import", onnx.toString(), "--out", dir.resolve("c").toString());
        assertEquals("lamina: --out: " + dir.resolve("c") + " already holds a checkpoint; import into another folder",
                r.err().strip());

        r = CommandLineTest.run("export", dir.resolve("none.safetensors").toString(), "--out", dir.resolve("x.onnx")
                .toString());
        assertEquals(2, r.status());
        assertEquals("lamina: checkpoint " + dir.resolve("none.safetensors") + " does not exist", r.err().strip());
        r = CommandLineTest.run("export", dir.resolve("c").resolve("checkpoint.safetensors").toString(), "--out",
                dir.toString());
        assertEquals("lamina: --out: " + dir + " is a folder; give the ONNX file to write", r.err().strip());
        for (String command : new String[] {"import", "export"}) {
            r = CommandLineTest.run(command, "--help");
            assertEquals(0, r.status(), command + ": " + r.err());
            assertTrue(r.out().contains("Usage: lamina " + command), r.out());
        }
    }
}
