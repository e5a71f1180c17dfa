package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.opencl.OpenClTests;

/** {@code lamina inspect} end to end on a small trained LeNet-5, on the Java backend and on OpenCL. */
class InspectCommandTest {
    @TempDir
    static Path dir;
    static Path ckpt, data, png;

    @BeforeAll
    static void trained() throws IOException {
        data = TrainedFixture.data();
        ckpt = TrainedFixture.checkpoint();
        png = dir.resolve("digit.png");
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(1);
        for (int y = 8; y < 13; y++) {
            for (int x = 4; x < 24; x++) {
                img.setRGB(x, y, 0xd0d0d0 + r.nextInt(0x20) * 0x010101);
            }
        }
        ImageIO.write(img, "png", png.toFile());
    }

    static CommandLineTest.Run inspect(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "inspect";
        all[1] = "--checkpoint";
        all[2] = ckpt.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CommandLineTest.run(all);
    }

    static BufferedImage ok(CommandLineTest.Run r, Path out) throws IOException {
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("", r.err());
        assertTrue(r.out().strip().endsWith("wrote " + out), r.out());
        return ImageIO.read(out.toFile());
    }

    @Test
    void filtersMapsAndPatchesOnEitherDevice() throws IOException {
        String cl = Integer.toString(OpenClTests.device().index());
        for (String device : new String[] {"java", cl}) {
            Path f = dir.resolve("filters-" + device + ".png");
            CommandLineTest.Run r = inspect("filters", "--device", device, "--out", f.toString(), "--scale", "4");
            BufferedImage img = ok(r, f);
            assertTrue(r.out().startsWith("conv1: 6 filters of 1 x 5 x 5, weights in ["), r.out());
            // 6 filters of 5x5 in 3 columns and 2 rows, 4 pixels a weight, 2 apart, and the caption
            assertTrue(img.getWidth() >= 3 * 20 + 4 * 2, "the caption may be wider: " + img.getWidth());
            assertEquals(2 * 20 + 3 * 2 + 18, img.getHeight());

            Path m = dir.resolve("maps-" + device + ".png");
            r = inspect("maps", "--layer", "conv2", "--input", png.toString(), "--device", device, "--out",
                    m.toString());
            assertNotNull(ok(r, m));
            assertTrue(r.out().startsWith("conv2: 16 maps of 10 x 10"), r.out());

            Path p = dir.resolve("patches-" + device + ".png");
            r = inspect("patches", "--layer", "conv2", "--unit", "3", "--top", "4", "--data", data.toString(),
                    "--device", device, "--out", p.toString(), "--scale", "2");
            assertNotNull(ok(r, p));
            List<String> lines = r.out().lines().toList();
            assertEquals("conv2 channel 3: receptive field 14x14, the 4 strongest of 64 mnist images:", lines.get(0));
            assertEquals(6, lines.size(), r.out());
            assertTrue(lines.get(1).matches("  image \\d+ \\(\\d\\) at \\(\\d+, \\d+\\): .*, pixels rows -?\\d+\\.\\.\\d+, "
                    + "columns -?\\d+\\.\\.\\d+"), lines.get(1));
        }
        // the same images on both devices
        assertEquals(ImageIO.read(dir.resolve("filters-java.png").toFile()).getRGB(5, 5),
                ImageIO.read(dir.resolve("filters-" + cl + ".png").toFile()).getRGB(5, 5));
    }

    private static void refused(CommandLineTest.Run r, String line) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out(), "nothing before the error");
        assertEquals("lamina: " + line, r.err().strip());
    }

    @Test
    void mistakesAreOneLine() throws IOException {
        String out = dir.resolve("x.png").toString();
        refused(inspect("maps", "--layer", "conv9", "--input", png.toString(), "--out", out, "--device", "java"),
                "--layer: lenet5 has no layer 'conv9'; its layers are conv1, pool1, conv2, pool2, flatten1, fc1, fc2,"
                        + " fc3");
        refused(inspect("maps", "--layer", "fc1", "--input", png.toString(), "--out", out, "--device", "java"),
                "--layer: fc1 (dense+relu) has output [120], not channels x height x width; the layers with feature maps"
                        + " are conv1, pool1, conv2, pool2");
        refused(inspect("patches", "--layer", "conv2", "--unit", "16", "--out", out, "--device", "java"),
                "--unit: conv2 has channels 0 to 15; 16 is not one of them");
        refused(inspect("patches", "--layer", "conv2", "--unit", "1", "--top", "0", "--out", out),
                "--top: 0 is not a number of patches (1 to 100)");
        refused(inspect("filters", "--layer", "pool1", "--out", out, "--device", "java"),
                "--layer: pool1 (max_pool2d) has no filters; the convolutions are conv1, conv2");
        refused(inspect("weights", "--out", out), "inspect: 'weights' is not one of filters, maps, patches, class");
        refused(inspect("maps", "--layer", "conv2", "--out", out, "--device", "java"), "inspect maps needs --input");
        refused(inspect("filters", "--unit", "3", "--out", out), "inspect filters: --unit is for 'inspect patches' only");
        refused(inspect("filters", "--scale", "0", "--out", out), "--scale: 0 is not a number of pixels per value (1 to 64)");
        refused(inspect("filters", "--out", dir.toString()), "--out: " + dir + " is a folder; give the PNG file to write");
        refused(inspect("maps", "--layer", "conv2", "--input", dir.resolve("nosuch.png").toString(), "--out", out,
                "--device", "java"), "inspect: " + dir.resolve("nosuch.png") + " does not exist");
        Path missing = dir.resolve("nosuch.safetensors");
        refused(CommandLineTest.run("inspect", "filters", "--checkpoint", missing.toString(), "--out", out),
                "checkpoint " + missing + " does not exist");
        assertFalse(Files.exists(Path.of(out)), "no picture from a refused command");
    }
}
