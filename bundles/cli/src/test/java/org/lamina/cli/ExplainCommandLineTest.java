package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.opencl.OpenClTests;

/** {@code lamina explain} as a user runs it, on a LeNet-5 trained for an epoch on synthetic digits. */
class ExplainCommandLineTest {
    @TempDir
    static Path shared;
    static Path data;
    static Path checkpoint;

    @BeforeAll
    static void trainAModel() throws IOException {
        data = SyntheticDigits.write(Files.createDirectories(shared.resolve("data")), 512, 64, 9);
        Path run = shared.resolve("run");
        CommandLineTest.Run r = CommandLineTest.run("train", "--dataset", "mnist", "--data", data.toString(), "--out",
                run.toString(), "--device", Integer.toString(OpenClTests.device().index()), "--no-progress",
                "--batch-size", "32", "--epochs", "1");
        assertEquals(0, r.status(), r.out() + r.err());
        checkpoint = run.resolve("checkpoint.safetensors");
    }

    static CommandLineTest.Run explain(String... args) {
        List<String> all = new ArrayList<>(List.of("explain", "--checkpoint", checkpoint.toString()));
        all.addAll(List.of(args));
        return CommandLineTest.run(all.toArray(new String[0]));
    }

    @Test
    void everyMethodOnTestImagesOfADatasetOnTheDevice(@TempDir Path out) throws IOException {
        CommandLineTest.Run r = explain("--dataset", "mnist", "--data", data.toString(), "--count", "3", "--out",
                out.toString(), "--device", Integer.toString(OpenClTests.device().index()));
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(3 + 5, lines.size(), r.out());
        assertTrue(lines.get(0).matches("#1 \\d: \\d \\([0-9.]+%\\)"), lines.get(0));
        BufferedImage one = null;
        for (String m : new String[] {"saliency", "guided", "deconvnet", "occlusion", "gradcam"}) {
            Path png = out.resolve(m + ".png");
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(m) && l.endsWith(png.toString())), r.out());
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, m);
            // three rows of a 112-pixel image and its overlay, side by side
            assertTrue(img.getWidth() >= 2 * 112 && img.getHeight() >= 3 * 112, m + " " + img.getWidth() + " x "
                    + img.getHeight());
            one = img;
        }
        assertNotNull(one);
    }

    @Test
    void anImageFileWithOneMethodAndALayer(@TempDir Path out) throws IOException {
        Path png = out.resolve("two.png");
        writeDigit(png, 28, 2);
        CommandLineTest.Run r = explain("--input", png.toString(), "--method", "gradcam,saliency", "--layer", "conv2",
                "--out", out.toString(), "--device", "java");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("two.png: "), r.out());
        assertTrue(Files.exists(out.resolve("gradcam.png")) && Files.exists(out.resolve("saliency.png")));
        assertFalse(Files.exists(out.resolve("occlusion.png")));
    }

    @Test
    void anImageOfAnotherSizeNeedsResize(@TempDir Path out) throws IOException {
        Path png = out.resolve("big.png");
        writeDigit(png, 56, 1);
        CommandLineTest.Run r = explain("--input", png.toString(), "--method", "occlusion", "--out", out.toString(),
                "--device", "java");
        assertEquals(2, r.status());
        assertEquals("lamina: explain: --input " + png + " is 56 x 56 pixels but the model takes 28 x 28; give "
                + "--resize to scale it as predict does", r.err().strip());
        r = explain("--input", png.toString(), "--method", "occlusion", "--patch", "5", "--stride", "5", "--resize",
                "--out", out.toString(), "--device", "java");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(Files.exists(out.resolve("occlusion.png")));
    }

    @Test
    void mistakesAreOneLine(@TempDir Path out) throws IOException {
        Path png = out.resolve("x.png");
        writeDigit(png, 28, 0);
        CommandLineTest.Run r = explain("--input", png.toString(), "--method", "gradcam", "--layer", "conv9",
                "--device", "java");
        assertEquals(2, r.status());
        assertEquals("lamina: --layer: lenet5 has no layer 'conv9' with [C, H, W] activations; its layers are conv1, "
                + "pool1, conv2, pool2", r.err().strip());
        r = explain("--input", png.toString(), "--method", "gradcam", "--layer", "fc1", "--device", "java");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("'fc1'") && r.err().strip().lines().count() == 1, r.err());
        r = explain("--input", png.toString(), "--method", "sailency", "--device", "java");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown method 'sailency'") && r.err().contains("saliency, guided"), r.err());
        r = explain("--input", png.toString(), "--method", "occlusion", "--patch", "4", "--stride", "9");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("stride 9"), r.err());
        r = explain("--device", "java");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--input") && r.err().contains("--dataset"), r.err());
        Path missing = out.resolve("nothing.safetensors");
        r = CommandLineTest.run("explain", "--checkpoint", missing.toString(), "--input", png.toString());
        assertEquals(2, r.status());
        assertEquals("lamina: checkpoint " + missing + " does not exist", r.err().strip());
        r = explain("--input", out.resolve("none.png").toString(), "--device", "java");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("none.png does not exist"), r.err());
    }

    /** A digit of class {@code k} drawn {@code side} pixels wide, gray levels as the training data. */
    private static void writeDigit(Path file, int side, int k) throws IOException {
        byte[] px = SyntheticDigits.image(k, new Random(k));
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int v = px[(y * 28 / side) * 28 + x * 28 / side] & 0xff;
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }
}
