package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        TrainedRun run = TrainedRun.create(dir.resolve("trained"), 128, 64, 3);
        data = run.data();
        ckpt = run.checkpoint();
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

    @Test
    void classModelRaisesTheScoreOnEitherDevice() throws IOException {
        for (String device : new String[] {"java", Integer.toString(OpenClTests.device().index())}) {
            Path out = dir.resolve("class-" + device + ".png");
            CommandLineTest.Run r = inspect("class", "--class", "2", "--steps", "40", "--lr", "0.05", "--l2", "0", "--device", device,
                    "--out", out.toString(), "--scale", "2");
            BufferedImage img = ok(r, out);
            assertEquals(56 + 18, img.getHeight(), "28 pixels twice, and the caption");
            List<Double> scores = new ArrayList<>();
            for (String line : r.out().lines().toList()) {
                Matcher m = Pattern.compile("step (\\d+)/40: score of 2 (\\S+), objective (\\S+)").matcher(line);
                if (m.matches()) {
                    scores.add(Double.parseDouble(m.group(2)));
                }
            }
            assertEquals(21, scores.size(), r.out());
            assertTrue(scores.get(20) > scores.get(0) + 0.3, device + r.out() + ": the class's score rises: " + scores);
        }
        // a class by name
        CommandLineTest.Run r = inspect("class", "--class", "1", "--steps", "1", "--device", "java", "--out",
                dir.resolve("c.png").toString());
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void dreamRaisesTheLayersObjectiveOnEitherDevice() throws IOException {
        for (String device : new String[] {"java", Integer.toString(OpenClTests.device().index())}) {
            Path out = dir.resolve("dream-" + device + ".png");
            CommandLineTest.Run r = CommandLineTest.run("dream", "--checkpoint", ckpt.toString(), "--layer", "conv2",
                    "--input", png.toString(), "--octaves", "2", "--steps", "10", "--jitter", "0", "--device", device, "--out",
                    out.toString(), "--scale", "2");
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().strip().endsWith("wrote " + out), r.out());
            assertEquals(56 + 18, ImageIO.read(out.toFile()).getHeight(), "28 pixels twice, and the caption");
            Map<Integer, List<Double>> byOctave = new TreeMap<>();
            for (String line : r.out().lines().toList()) {
                Matcher m = Pattern.compile("octave (\\d)/2 \\((\\d+)x\\d+\\) step \\d+/10: objective (\\S+)")
                        .matcher(line);
                if (m.matches()) {
                    byOctave.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>())
                            .add(Double.parseDouble(m.group(3)));
                }
            }
            assertEquals(List.of(1, 2), List.copyOf(byOctave.keySet()), r.out());
            for (List<Double> o : byOctave.values()) {
                assertEquals(10, o.size());
                int rises = 0;
                for (int i = 1; i < o.size(); i++) {
                    rises += o.get(i) > o.get(i - 1) ? 1 : 0;
                }
                assertTrue(rises >= 8 && o.get(9) > o.get(0), device + ": the objective rises step by step: " + o);
            }
        }
        String out = dir.resolve("d.png").toString();
        String c = ckpt.toString();
        refused(CommandLineTest.run("dream", "--checkpoint", c, "--layer", "conv7", "--out", out), "--layer: lenet5 has"
                + " no layer 'conv7'; its layers are conv1, pool1, conv2, pool2, flatten1, fc1, fc2, fc3");
        refused(CommandLineTest.run("dream", "--checkpoint", c, "--layer", "conv1", "--unit", "6", "--out", out),
                "--unit: conv1 has channels 0 to 5; 6 is not one of them");
        refused(CommandLineTest.run("dream", "--checkpoint", c, "--layer", "conv1", "--octave-scale", "1", "--out", out),
                "--octave-scale: 1.0 is not a scale (give more than 1)");
        refused(CommandLineTest.run("dream", "--checkpoint", c, "--layer", "conv1", "--steps", "0", "--out", out),
                "--steps: 0 is not a number of steps (give 1 or more)");
        refused(CommandLineTest.run("dream", "--checkpoint", c, "--layer", "conv1", "--lr", "NaN", "--out", out),
                "--lr: NaN is not a step size (give a positive number)");
        refused(CommandLineTest.run("dream", "--checkpoint", c, "--layer", "conv1", "--jitter", "-1", "--out", out),
                "--jitter: -1 is not a number of pixels (give 0 or more)");
        refused(CommandLineTest.run("dream", "--checkpoint", dir.resolve("none").toString(), "--layer", "conv1",
                "--out", out), "checkpoint " + dir.resolve("none") + " does not exist");
        assertFalse(Files.exists(Path.of(out)));
    }

    @Test
    void bothCommandsExplainThemselves() {
        for (String command : new String[] {"inspect", "dream"}) {
            CommandLineTest.Run r = CommandLineTest.run(command, "--help");
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("Usage: lamina " + command), r.out());
        }
        assertTrue(CommandLineTest.run("inspect", "--help").out().contains("patches  the --top dataset patches"));
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
        refused(inspect("class", "--class", "sandal", "--out", out), "--class: 'sandal' is neither a class of the"
                + " checkpoint (0, 1, 2, 3, 4, 5, 6, 7, 8, 9) nor an index 0 to 9");
        refused(inspect("class", "--class", "10", "--out", out), "--class: 10 is not a class index (0 to 9)");
        refused(inspect("class", "--class", "1", "--steps", "0", "--out", out),
                "--steps: 0 is not a number of steps (give 1 or more)");
        refused(inspect("class", "--class", "1", "--l2", "-1", "--out", out),
                "--l2: -1.0 is not a strength (give 0 for none, or more)");
        refused(inspect("weights", "--out", out), "inspect: 'weights' is not one of filters, maps, patches, class");
        refused(inspect("maps", "--layer", "conv2", "--out", out, "--device", "java"), "inspect maps needs --input");
        refused(inspect("filters", "--unit", "3", "--out", out), "inspect filters: --unit is for 'inspect patches' only");
        refused(inspect("filters", "--scale", "0", "--out", out), "--scale: 0 is not a number of pixels per value (1 to 64)");
        refused(inspect("filters", "--out", dir.toString()), "--out: " + dir + " is a folder; give the PNG file to write");
        refused(inspect("maps", "--layer", "conv2", "--input", dir.resolve("nosuch.png").toString(), "--out", out,
                "--device", "java"), "inspect: " + dir.resolve("nosuch.png") + " does not exist");
        Path text = Files.writeString(dir.resolve("notes.txt"), "not an image");
        refused(inspect("maps", "--layer", "conv2", "--input", text.toString(), "--out", out, "--device", "java"),
                "inspect: " + text + " is not an image Java can read (PNG, JPEG, BMP, GIF)");
        Path missing = dir.resolve("nosuch.safetensors");
        refused(CommandLineTest.run("inspect", "filters", "--checkpoint", missing.toString(), "--out", out),
                "checkpoint " + missing + " does not exist");
        assertFalse(Files.exists(Path.of(out)), "no picture from a refused command");
    }
}
