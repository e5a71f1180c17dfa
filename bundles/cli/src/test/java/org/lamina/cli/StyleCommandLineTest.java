package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.opencl.OpenClTests;

/**
 * {@code lamina style} as a user runs it: a small VGG trained for a moment on synthetic digits, one
 * digit's content in another's style on OpenCL; the total loss falls over the steps, and the PNG and
 * the loss log are written. Mistakes are one line and status 2.
 */
class StyleCommandLineTest {

    @Test
    void theTotalLossFallsAndTheImageIsWritten(@TempDir Path dir) throws IOException {
        Path ckpt = checkpoint(dir);
        Path content = digit(dir, "content.png", 3, 1), style = digit(dir, "style.png", 8, 2);
        Path out = dir.resolve("result.png"), sheet = dir.resolve("sheet.png");
        String device = Integer.toString(OpenClTests.device().index());
        CommandLineTest.Run r = CommandLineTest.run("style", "--checkpoint", ckpt.toString(), "--content",
                content.toString(), "--style", style.toString(), "--out", out.toString(), "--sheet", sheet.toString(),
                "--content-layer", "features.7", "--style-layers", "features.0,features.2=2,features.5", "--steps", "30",
                "--every", "5", "--device", device);
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("step   30"), r.out());
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(28 * 4, img.getWidth());
        assertNotNull(ImageIO.read(sheet.toFile()));
        List<String> csv = Files.readAllLines(dir.resolve("result.csv"));
        assertEquals("step,total,content,style,style features.0,style features.2,style features.5", csv.get(0));
        assertEquals(1 + 31, csv.size());
        double first = Double.parseDouble(csv.get(1).split(",")[1]);
        double last = Double.parseDouble(csv.get(31).split(",")[1]);
        assertTrue(first > 0 && last < 0.5 * first, "the total loss falls: " + first + " -> " + last);
        // Falls over the steps, not only from the first to the last: each tenth of the run below the previous.
        double previous = first;
        for (int step = 10; step <= 30; step += 10) {
            double v = Double.parseDouble(csv.get(1 + step).split(",")[1]);
            assertTrue(v < previous, "step " + step + ": " + v + " after " + previous);
            previous = v;
        }
    }

    @Test
    void mistakesAreOneLine(@TempDir Path dir) throws IOException {
        Path ckpt = checkpoint(dir);
        Path content = digit(dir, "content.png", 3, 1);
        String[] base = {"style", "--checkpoint", ckpt.toString(), "--content", content.toString(), "--style",
            content.toString(), "--out", dir.resolve("o.png").toString(), "--device", "java", "--steps", "1"};
        assertOneLine(concat(base, "--content-layer", "nope"), "--content-layer: network vgg16 has no layer 'nope'");
        assertOneLine(concat(base, "--style-layers", "features.0,classifier.0"),
                "--style-layers: layer classifier.0 has no feature maps");
        assertOneLine(concat(base, "--style-layers", "features.0=x"), "--style-layers: 'x' in 'features.0=x' is not a weight");
        assertOneLine(concat(base, "--init", "zeros"), "--init: 'zeros' is neither content nor noise");
        assertOneLine(concat(base, "--lr", "-1"), "style: learning rate -1.0 must be a positive number");
        String[] noStyle = base.clone();
        noStyle[6] = dir.resolve("missing.png").toString();
        assertOneLine(noStyle, "--style: " + dir.resolve("missing.png") + " does not exist");
    }

    private static void assertOneLine(String[] args, String start) {
        CommandLineTest.Run r = CommandLineTest.run(args);
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().startsWith("lamina: " + start), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A VGG of 8 to 64 channels after one short epoch on synthetic digits. */
    static Path checkpoint(Path dir) throws IOException {
        Path data = SyntheticDigits.write(Files.createDirectories(dir.resolve("data")), 256, 64, 3);
        Path run = dir.resolve("run");
        CommandLineTest.Run r = CommandLineTest.run("train", "--arch", "vgg16", "--arch-options", "width=0.125,dropout=0",
                "--dataset", "mnist", "--data", data.toString(), "--out", run.toString(), "--device",
                Integer.toString(OpenClTests.device().index()), "--no-progress", "--batch-size", "32", "--epochs", "1",
                "--optimizer", "adam", "--lr", "0.001");
        assertEquals(0, r.status(), r.out() + r.err());
        return run.resolve("checkpoint.safetensors");
    }

    static Path digit(Path dir, String name, int k, long seed) throws IOException {
        byte[] pixels = SyntheticDigits.image(k, new Random(seed));
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = pixels[y * 28 + x] & 0xff;
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }
}
